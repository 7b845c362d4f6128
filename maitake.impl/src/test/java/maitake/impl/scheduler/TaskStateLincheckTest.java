package maitake.impl.scheduler;

import java.util.concurrent.atomic.AtomicInteger;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Poll;
import maitake.future.Waker;
import maitake.task.JoinError;
import maitake.task.JoinHandle;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Lincheck: the task state transitions under wake, cancel, join poll and the scheduler's poll
 * (one-task turns of tick), explored by the model checker and by stress.
 *
 * <p>Only {@code cancel()} returns a value. A wake is a hint whose effect can be carried by another
 * thread's enqueue that is still in flight (the Vyukov queue's two-step enqueue, as in the Rust
 * crate), so the instantaneous results of wake and tick are not linearizable by design; what must
 * hold is checked after each scenario by {@link #drainAndCheck()}: once the scheduler is drained,
 * no wakeup was lost (a task woken after its last poll was polled again), the task was never polled
 * after it ended, it ended at most once (completed or abandoned, not both), a cancelled task was
 * torn down, the output was delivered at most once, and nothing is left queued.
 */
public class TaskStateLincheckTest {
  private final MpscScheduler scheduler = new MpscScheduler();
  private final TwoWakeFuture future = new TwoWakeFuture();
  private final JoinHandle<String> handle = scheduler.spawn(future);
  private final Context joinContext = Context.of(() -> {});
  private int delivered; // joiner group only
  private int joinErrors; // joiner group only

  @Operation
  public void wake() {
    Waker w = future.waker;
    if (w != null) {
      future.wokenSincePoll = true;
      w.wake();
    }
  }

  @Operation
  public boolean cancel() {
    return handle.cancel();
  }

  @Operation(nonParallelGroup = "joiner")
  public void join() {
    try {
      if (handle.poll(joinContext).isReady()) {
        delivered++;
      }
    } catch (JoinError e) {
      joinErrors++;
    } catch (IllegalStateException e) {
      // already delivered: polling again is refused, as documented
    }
  }

  /** One turn of the scheduler. */
  @Operation(nonParallelGroup = "ticker")
  public void tick() {
    scheduler.tick(1);
  }

  @Validate
  public void drainAndCheck() {
    while (scheduler.tick().polled() > 0) {
      // drain
    }
    int s = ((Task<?>) handle).getStateVolatile();
    String state = Task.describe(s);
    boolean ended = (s & Task.COMPLETE) != 0;
    if (future.pollsAfterEnd.get() != 0) {
      throw new AssertionError("polled after it ended: " + state);
    }
    if (!ended && future.wokenSincePoll) {
      throw new AssertionError("lost wakeup: woken after its last poll, never polled: " + state);
    }
    if (scheduler.runQueue().queuedCount() != 0) {
      throw new AssertionError("left queued: " + scheduler.runQueue().queuedCount() + ", " + state);
    }
    if ((s & Task.CANCELLED) != 0 && !ended) {
      throw new AssertionError("cancelled but never torn down: " + state);
    }
    if (future.completed && future.abandons.get() != 0) {
      throw new AssertionError("a completed future was abandoned: " + state);
    }
    if (ended && !future.completed && future.abandons.get() != 1) {
      throw new AssertionError("torn down but abandoned " + future.abandons.get() + " times");
    }
    if (!ended && (s & (Task.WOKEN | Task.POLLING)) != 0) {
      throw new AssertionError("idle task still marked queued: " + state);
    }
    if (delivered > 1 || delivered + joinErrors > 1) {
      throw new AssertionError("output delivered more than once: " + delivered + "/" + joinErrors);
    }
    if (delivered == 1 && !future.completed) {
      throw new AssertionError("delivered an output that was never produced");
    }
  }

  @Test
  public void modelChecking() {
    new ModelCheckingOptions()
        .iterations(12)
        .invocationsPerIteration(500)
        .threads(3)
        .actorsPerThread(3)
        .check(getClass());
  }

  @Test
  public void stress() {
    new StressOptions()
        .iterations(12)
        .invocationsPerIteration(500)
        .threads(3)
        .actorsPerThread(3)
        .check(getClass());
  }

  /** Completes at its third poll; each pending poll waits for an external wake. */
  static final class TwoWakeFuture implements Future<String> {
    volatile Waker waker;
    volatile boolean completed;
    volatile boolean wokenSincePoll;
    final AtomicInteger polls = new AtomicInteger();
    final AtomicInteger pollsAfterEnd = new AtomicInteger();
    final AtomicInteger abandons = new AtomicInteger();

    @Override
    public Poll<String> poll(Context context) {
      wokenSincePoll = false;
      if (completed || abandons.get() > 0) {
        pollsAfterEnd.incrementAndGet();
      }
      waker = context.waker();
      if (polls.incrementAndGet() == 3) {
        completed = true;
        return Poll.ready("done");
      }
      return Poll.pending();
    }

    @Override
    public void abandon() {
      abandons.incrementAndGet();
    }
  }
}
