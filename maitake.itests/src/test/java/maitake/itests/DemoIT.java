package maitake.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The demo program in child JVMs: the exported executable OSGi jar (Felix, SCR and the kit's
 * bundles) and the module path, with a small workload; and a bad option.
 */
class DemoIT {
  private static final List<String> SMALL =
      List.of("--tasks", "2000", "--duration", "1", "--swap-interval", "0.3");
  private static final List<String> CHECKS =
      List.of(
          "check: every task finished exactly once",
          "check: the shared counter is exact",
          "check: all permits are back",
          "check: every message was received",
          "check: every worker thread was joined");

  private static String java() {
    return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Runs a command; returns its exit status followed by its output. */
  private static Object[] run(List<String> cmd) throws Exception {
    ChildProcess.Result r = ChildProcess.run(cmd, 120); // a hung demo must not hang the build
    return new Object[] {r.exitStatus(), r.output()};
  }

  private static void assertAllChecksPassed(Object[] result) {
    String out = (String) result[1];
    assertEquals(0, result[0], out);
    for (String check : CHECKS) {
      assertTrue(
          out.lines().anyMatch(l -> l.contains(check) && l.contains(" ok ")),
          check + " in:\n" + out);
    }
    // a busy machine may overload the run: then nothing may be lost, and the report must say so
    assertTrue(
        out.contains("all checks passed")
            || out.contains("nothing was lost, but the run was OVERLOADED: "),
        out);
    assertTrue(out.contains("timer lateness    p50"), out);
  }

  private static List<String> exported(List<String> args) {
    List<String> cmd =
        new ArrayList<>(List.of(java(), "-jar", ItOptions.jarPath("maitake.demo.exec.jar")));
    cmd.addAll(args);
    return cmd;
  }

  private static List<String> modulePath(List<String> args) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java(),
                "--module-path",
                String.join(
                    File.pathSeparator,
                    ItOptions.jarPath("maitake.api.jar"),
                    ItOptions.jarPath("maitake.impl.jar"),
                    ItOptions.jarPath("maitake.providers.jar"),
                    ItOptions.jarPath("maitake.runtime.jar"),
                    ItOptions.jarPath("maitake.demo.jar")),
                "--add-modules",
                "maitake.impl,maitake.mutex.providers",
                "-m",
                "maitake.demo/maitake.demo.Main"));
    cmd.addAll(args);
    return cmd;
  }

  @Test
  @Timeout(180)
  void theExportedOsgiDemoRunsAndEveryCheckPasses() throws Exception {
    Object[] r = run(exported(SMALL));
    assertAllChecksPassed(r);
    assertTrue(
        ((String) r[1]).contains("registered demo-ticket"),
        "the provider swapped through the service registry:\n" + r[1]);
  }

  @Test
  @Timeout(180)
  void theDemoRunsFromTheModulePathAndEveryCheckPasses() throws Exception {
    Object[] r = run(modulePath(SMALL));
    assertAllChecksPassed(r);
  }

  @Test
  @Timeout(180)
  void theDemoWithJobsWrittenAsCombinatorsLosesNothingEither() throws Exception {
    List<String> args = new ArrayList<>(SMALL);
    args.addAll(List.of("--style", "combinators"));
    Object[] r = run(modulePath(args));
    assertAllChecksPassed(r);
    assertTrue(((String) r[1]).contains("jobs written as combinators"), (String) r[1]);
  }

  @Test
  @Timeout(180)
  void aBadOptionPrintsTheUsageAndExitsWithTwo() throws Exception {
    for (List<String> cmd :
        List.of(exported(List.of("--no-such-option")), modulePath(List.of("--workers", "zero")))) {
      Object[] r = run(cmd);
      assertEquals(2, r[0], String.valueOf(r[1]));
      assertTrue(((String) r[1]).contains("usage: maitake-demo"), String.valueOf(r[1]));
    }
  }

  @Test
  @Timeout(180)
  void helpPrintsTheUsage() throws Exception {
    Object[] r = run(exported(List.of("--help")));
    assertEquals(0, r[0]);
    assertTrue(((String) r[1]).contains("--swap-interval"));
  }
}
