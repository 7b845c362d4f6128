package maitake.itests;

import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import maitake.async.Async;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.ProbeBuilder;
import org.ops4j.pax.exam.TestProbeBuilder;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The async-blocks bundle in Felix without {@code jdk.internal.vm} in boot delegation: the first
 * {@code Async.async} fails with a message that says what to add, not with a bare class-loading
 * error.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OsgiAsyncBlocksWithoutBootDelegationIT {

  @ProbeBuilder
  public TestProbeBuilder probe(TestProbeBuilder probe) {
    return ItOptions.asyncBlocksProbe(probe);
  }

  @Configuration
  public Option[] config() {
    return ItOptions.kitWithAsyncBlocks(false);
  }

  @Test
  public void theFirstAsyncBlockSaysToAddTheBootDelegation() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Async.async(() -> "never"));
    assertTrue(
        e.getMessage(),
        e.getMessage().contains("add jdk.internal.vm to org.osgi.framework.bootdelegation"));
  }
}
