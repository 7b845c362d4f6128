package maitake.itests;

import static org.junit.Assert.assertEquals;

import java.time.Duration;
import javax.inject.Inject;
import maitake.Toolkit;
import maitake.async.Async;
import maitake.future.Futures;
import maitake.scheduler.LocalScheduler;
import maitake.sync.Semaphore;
import maitake.task.JoinHandle;
import maitake.time.TestClock;
import maitake.time.Timer;
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
 * The async-blocks bundle in Felix (JDK 21 and later): with {@code jdk.internal.vm} in {@code
 * org.osgi.framework.bootdelegation} and the export on the command line, a block suspends and
 * resumes, and its try-with-resources gives the permit back, as on the class path.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OsgiAsyncBlocksIT {

  @Inject Toolkit toolkit;

  @ProbeBuilder
  public TestProbeBuilder probe(TestProbeBuilder probe) {
    return ItOptions.asyncBlocksProbe(probe);
  }

  @Configuration
  public Option[] config() {
    return ItOptions.kitWithAsyncBlocks(true);
  }

  @Test
  public void anAsyncBlockSuspendsAndResumesInFelixThroughBootDelegation() {
    LocalScheduler local = toolkit.newLocalScheduler();
    TestClock clock = new TestClock(Duration.ofMillis(1));
    Timer timer = toolkit.newTimer(clock);
    Semaphore pool = toolkit.newSemaphore(1);
    JoinHandle<String> h =
        local.spawn(
            Async.async(
                () -> {
                  try (Semaphore.Permit p = Async.await(pool.acquire(1)).value()) {
                    Async.await(timer.sleep(Duration.ofMillis(5)));
                    return "slept in Felix holding " + p.permits();
                  }
                }));
    local.tick();
    assertEquals(0, pool.availablePermits());
    clock.advance(Duration.ofMillis(5));
    timer.turn();
    local.tick();
    assertEquals("slept in Felix holding 1", Futures.blockOn(h));
    assertEquals(1, pool.availablePermits());
  }
}
