package maitake.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * jlink: an image made of java.base and the maitake modules alone runs the demo workload, which
 * proves the bundles need nothing else at run time.
 */
class JlinkIT {

  private static String prop(String name) {
    return ItOptions.jarPath(name);
  }

  @Test
  @Timeout(300)
  void anImageOfJavaBaseAndTheMaitakeModulesAloneRunsAWorkload() throws Exception {
    Path image =
        Paths.get(System.getProperty("maitake.itests.classes")).resolveSibling("jlink-image");
    if (Files.exists(image)) {
      try (Stream<Path> s = Files.walk(image)) {
        s.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
    List<String> modulePath =
        new ArrayList<>(
            List.of(
                prop("maitake.api.jar"),
                prop("maitake.impl.jar"),
                prop("maitake.providers.jar"),
                prop("maitake.runtime.jar"),
                prop("maitake.demo.jar")));
    Path jmods = Paths.get(System.getProperty("java.home"), "jmods");
    if (Files.isDirectory(jmods)) {
      modulePath.add(jmods.toString());
    }
    ToolProvider jlink = ToolProvider.findFirst("jlink").orElseThrow();
    StringWriter out = new StringWriter();
    int rc =
        jlink.run(
            new PrintWriter(out),
            new PrintWriter(out),
            "--module-path",
            String.join(File.pathSeparator, modulePath),
            "--add-modules",
            "maitake.demo,maitake.impl,maitake.mutex.providers",
            "--no-header-files",
            "--no-man-pages",
            "--output",
            image.toString());
    assertEquals(0, rc, "jlink: " + out);

    Path java = image.resolve("bin").resolve("java");
    String modules = run(List.of(java.toString(), "--list-modules"));
    List<String> names = new ArrayList<>();
    for (String line : modules.split("\\R")) {
      if (!line.isBlank()) {
        names.add(line.split("@")[0]);
      }
    }
    names.sort(null);
    assertEquals(
        List.of(
            "java.base",
            "maitake.api",
            "maitake.demo",
            "maitake.impl",
            "maitake.mutex.providers",
            "maitake.runtime"),
        names);

    String demo =
        run(
            List.of(
                java.toString(),
                "-m",
                "maitake.demo/maitake.demo.Main",
                "--tasks",
                "1000",
                "--duration",
                "0.5",
                "--swap-interval",
                "0.2"));
    assertTrue(
        demo.contains("all checks passed")
            || demo.contains("nothing was lost, but the run was OVERLOADED: "),
        demo);
    assertTrue(demo.contains("active: spin"), demo);
  }

  private static String run(List<String> cmd) throws Exception {
    ChildProcess.Result r = ChildProcess.run(cmd, 120);
    assertEquals(0, r.exitStatus(), String.join(" ", cmd) + ":\n" + r.output());
    return r.output();
  }
}
