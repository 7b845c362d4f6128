package maitake.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Starts child JVMs that find the toolkit and the lock providers through {@link
 * java.util.ServiceLoader}, on the module path and on the plain class path.
 */
class ModulePathIT {
  static final String ALL_PROVIDERS =
      "providers=[critical-section:10, spin:300, synchronized:100, ticket:200]";

  @Test
  @Timeout(120)
  void withoutTheProvidersTheToolkitUsesItsBuiltInLocks() throws Exception {
    List<String> out =
        run(
            List.of(
                java(),
                "--module-path",
                prop("maitake.api.jar") + File.pathSeparator + prop("maitake.impl.jar"),
                "--add-modules",
                "maitake.api,maitake.impl",
                "-cp",
                prop("maitake.itests.classes"),
                ModulePathWorkload.class.getName()));
    assertTrue(out.contains("providers=[]"), out.toString());
    assertTrue(out.contains("locks=maitake StandardToolkit (locks: built-in)"), out.toString());
  }

  @Test
  @Timeout(120)
  void theSystemPropertyPinsAProvider() throws Exception {
    List<String> out =
        run(
            List.of(
                java(),
                "-Dmaitake.lock.provider=ticket",
                "-cp",
                String.join(
                    File.pathSeparator,
                    prop("maitake.api.jar"),
                    prop("maitake.impl.jar"),
                    prop("maitake.providers.jar"),
                    prop("maitake.itests.classes")),
                ModulePathWorkload.class.getName()));
    assertTrue(out.contains("locks=maitake StandardToolkit (locks: ticket)"), out.toString());
  }

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
    ChildProcess.Result r = ChildProcess.run(command, 60);
    assertEquals(0, r.exitStatus(), "child JVM exit status; output:\n" + r.output());
    return List.of(r.output().split("\\R"));
  }

  @Test
  @Timeout(120)
  void theModulePathFindsTheToolkitAndAllFourProvidersThroughServiceLoader() throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(java());
    cmd.add("--module-path");
    cmd.add(
        String.join(
            File.pathSeparator,
            prop("maitake.api.jar"),
            prop("maitake.impl.jar"),
            prop("maitake.providers.jar")));
    cmd.add("--add-modules");
    cmd.add("maitake.api,maitake.impl,maitake.mutex.providers");
    cmd.add("-cp");
    cmd.add(prop("maitake.itests.classes"));
    cmd.add(ModulePathWorkload.class.getName());
    List<String> out = run(cmd);
    assertTrue(out.contains("toolkit=maitake.impl.StandardToolkit"), out.toString());
    assertTrue(out.contains("api-module=maitake.api"), out.toString());
    assertTrue(out.contains("impl-module=maitake.impl"), out.toString());
    assertTrue(out.contains(ALL_PROVIDERS), out.toString());
    assertTrue(out.contains("locks=maitake StandardToolkit (locks: spin)"), out.toString());
    assertTrue(out.contains("tasks=2000 sum=0"), out.toString());
  }

  @Test
  @Timeout(120)
  void thePlainClassPathFindsTheToolkitAndAllFourProviders() throws Exception {
    Path classes = Paths.get(prop("maitake.itests.classes"));
    List<String> cmd =
        List.of(
            java(),
            "-cp",
            String.join(
                File.pathSeparator,
                prop("maitake.api.jar"),
                prop("maitake.impl.jar"),
                prop("maitake.providers.jar"),
                classes.toString()),
            ModulePathWorkload.class.getName());
    List<String> out = run(cmd);
    assertTrue(out.contains(ALL_PROVIDERS), out.toString());
    assertTrue(out.contains("locks=maitake StandardToolkit (locks: spin)"), out.toString());
    assertTrue(out.contains("toolkit=maitake.impl.StandardToolkit"), out.toString());
    assertTrue(out.contains("api-module=null"), "unnamed module on the class path: " + out);
    assertTrue(out.contains("tasks=2000 sum=0"), out.toString());
  }
}
