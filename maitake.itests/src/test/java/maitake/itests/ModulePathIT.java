package maitake.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Starts child JVMs that find the toolkit through {@link java.util.ServiceLoader}: one with
 * only the api and impl jars on the module path, one with them on the plain class path.
 */
class ModulePathIT {

  private static String prop(String name) {
    String v = System.getProperty(name);
    if (v == null) {
      throw new IllegalStateException("system property " + name + " is not set (run via Maven)");
    }
    return v;
  }

  private static String java() {
    return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static List<String> run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM finished");
    assertEquals(0, p.exitValue(), "child JVM exit status; output:\n" + out);
    return List.of(out.split("\\R"));
  }

  @Test
  @Timeout(120)
  void theModulePathWithOnlyTheTwoJarsRunsTasksFoundThroughServiceLoader() throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(java());
    cmd.add("--module-path");
    cmd.add(prop("maitake.api.jar") + File.pathSeparator + prop("maitake.impl.jar"));
    cmd.add("--add-modules");
    cmd.add("maitake.api,maitake.impl");
    cmd.add("-cp");
    cmd.add(prop("maitake.itests.classes"));
    cmd.add(ModulePathWorkload.class.getName());
    List<String> out = run(cmd);
    assertTrue(out.contains("toolkit=maitake.impl.StandardToolkit"), out.toString());
    assertTrue(out.contains("api-module=maitake.api"), out.toString());
    assertTrue(out.contains("impl-module=maitake.impl"), out.toString());
    assertTrue(out.contains("tasks=2000 sum=0"), out.toString());
  }

  @Test
  @Timeout(120)
  void thePlainClassPathRunsTasksFoundThroughServiceLoader() throws Exception {
    Path classes = Paths.get(prop("maitake.itests.classes"));
    List<String> cmd = List.of(java(), "-cp", String.join(File.pathSeparator,
        prop("maitake.api.jar"), prop("maitake.impl.jar"), classes.toString()),
        ModulePathWorkload.class.getName());
    List<String> out = run(cmd);
    assertTrue(out.contains("toolkit=maitake.impl.StandardToolkit"), out.toString());
    assertTrue(out.contains("api-module=null"), "unnamed module on the class path: " + out);
    assertTrue(out.contains("tasks=2000 sum=0"), out.toString());
  }
}
