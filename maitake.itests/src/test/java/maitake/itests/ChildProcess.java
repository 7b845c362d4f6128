package maitake.itests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a child process with a deadline, so a hung child fails its test instead of the build. */
final class ChildProcess {
  /** What a child left behind. */
  record Result(int exitStatus, String output) {}

  private ChildProcess() {}

  /**
   * Runs {@code command} (stderr merged into stdout) for at most {@code seconds}; a child still
   * running then is killed and the test fails with its output so far.
   */
  static Result run(List<String> command, int seconds) throws Exception {
    Path log = Files.createTempFile("maitake-it", ".log");
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      boolean finished = p.waitFor(seconds, TimeUnit.SECONDS);
      if (!finished) {
        p.destroyForcibly().waitFor();
      }
      String out = Files.readString(log, StandardCharsets.UTF_8);
      assertTrue(
          finished,
          String.join(" ", command) + " did not finish within " + seconds + " s:\n" + out);
      return new Result(p.exitValue(), out);
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
