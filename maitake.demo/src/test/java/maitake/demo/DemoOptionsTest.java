package maitake.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import maitake.Toolkit;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {

  @Test
  void anUnknownProviderNameIsReportedAndTheDemoDoesNotRun() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Demo.ProviderSwapper swapper =
        new Demo.ProviderSwapper() {
          @Override
          public String swap() {
            return "no swap";
          }

          @Override
          public void restore() {
            // nothing to restore: no swap was made
          }
        };
    int status =
        Demo.run(
            new String[] {"--provider", "spinn"},
            Toolkit.load(),
            swapper,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    String message = err.toString(StandardCharsets.UTF_8);
    assertEquals(2, status, message);
    assertTrue(message.contains("spinn"), message);
    assertTrue(message.contains("present"), message);
    assertEquals("", out.toString(StandardCharsets.UTF_8), "nothing ran");
  }

  @Test
  void theStyleOptionChoosesHowTheJobsAreWrittenAndRefusesAnUnknownOne() {
    assertTrue(Demo.parse(new String[] {"--style", "combinators"}).combinators());
    assertTrue(!Demo.parse(new String[] {"--style", "state-machine"}).combinators());
    assertTrue(!Demo.parse(new String[0]).combinators(), "state machines by default");
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> Demo.parse(new String[] {"--style", "async"}));
    assertTrue(e.getMessage().contains("state-machine or combinators"), e.getMessage());
  }

  @Test
  void aRunIsCalledOverloadedWhenTheTimersComeLateOrMostStepsTimeOut() {
    assertNull(Demo.overload(24_000_000L, 500, 1_000));
    assertEquals(
        "p99 timer lateness 421.00 ms is above the 25 ms bound; 199,989 of 200,000 work steps timed out",
        Demo.overload(421_000_000L, 199_989, 200_000));
    assertEquals("501 of 1,000 work steps timed out", Demo.overload(0, 501, 1_000));
  }
}
