package maitake.impl.scheduler;

import maitake.future.Waker;
import maitake.impl.scheduler.TaskStateLincheckTest.TwoWakeFuture;
import maitake.scheduler.StealAttempt;
import maitake.scheduler.Stealer;
import maitake.task.JoinHandle;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Lincheck model of the steal-versus-wake race: one task that needs two external wakes, woken from
 * one thread while another steals it from the victim into the thief and both schedulers take
 * one-task turns. Checked after draining both: the task completed exactly once, was never polled
 * after it ended, no wakeup was lost, and nothing is left queued on either side.
 */
public class StealLincheckTest {
  private final MpscScheduler victim = new MpscScheduler();
  private final MpscScheduler thief = new MpscScheduler();
  private final TwoWakeFuture future = new TwoWakeFuture();
  private final JoinHandle<String> handle = victim.spawn(future);

  @Operation
  public void wake() {
    Waker w = future.waker;
    if (w != null) {
      future.wokenSincePoll = true;
      w.wake();
    }
  }

  @Operation(nonParallelGroup = "stealer")
  public void steal() {
    StealAttempt a = victim.trySteal();
    if (a.isOk()) {
      try (Stealer s = a.get()) {
        s.stealOne(thief);
      }
    }
  }

  @Operation(nonParallelGroup = "victim")
  public void tickVictim() {
    victim.tick(1);
  }

  @Operation(nonParallelGroup = "thief")
  public void tickThief() {
    thief.tick(1);
  }

  @Validate
  public void drainAndCheck() {
    while (victim.tick().polled() + thief.tick().polled() > 0) {
      // drain
    }
    int s = ((Task<?>) handle).getStateVolatile();
    String state = Task.describe(s);
    if (future.pollsAfterEnd.get() != 0) {
      throw new AssertionError("polled after it ended: " + state);
    }
    if ((s & Task.COMPLETE) == 0 && future.wokenSincePoll) {
      throw new AssertionError("lost wakeup across a steal: " + state);
    }
    if (victim.runQueue().queuedCount() != 0 || thief.runQueue().queuedCount() != 0) {
      throw new AssertionError(
          "left queued: victim "
              + victim.runQueue().queuedCount()
              + ", thief "
              + thief.runQueue().queuedCount());
    }
    if ((s & Task.COMPLETE) == 0 && (s & (Task.WOKEN | Task.POLLING)) != 0) {
      throw new AssertionError("idle task still marked queued: " + state);
    }
    if (future.polls.get() > 3) {
      throw new AssertionError("polled " + future.polls.get() + " times");
    }
  }

  @Test
  public void modelChecking() {
    new ModelCheckingOptions()
        .iterations(12)
        .invocationsPerIteration(400)
        .threads(3)
        .actorsPerThread(3)
        .check(getClass());
  }

  @Test
  public void stress() {
    new StressOptions()
        .iterations(12)
        .invocationsPerIteration(400)
        .threads(3)
        .actorsPerThread(3)
        .check(getClass());
  }
}
