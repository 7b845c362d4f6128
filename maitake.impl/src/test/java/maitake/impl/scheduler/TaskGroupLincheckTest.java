package maitake.impl.scheduler;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Poll;
import maitake.task.TaskGroup;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Lincheck: a task group under spawns from any thread, its owner's polls and cancel, and one
 * scheduler turn at a time, explored by the model checker and by stress.
 *
 * <p>The instantaneous answers are not linearizable by design (a poll may see a spawn that has
 * counted its child but not yet handed it to the scheduler), so the operations return nothing and
 * {@link #drainAndCheck()} checks what must hold once the scheduler is drained: every accepted
 * spawn ended exactly once and is counted once, nothing runs, a group that completed normally
 * delivered every child's value, a group that was cancelled threw, and no spawn is accepted once
 * the group is done.
 */
public class TaskGroupLincheckTest {
  private final MpscScheduler scheduler = new MpscScheduler();
  private final TaskGroup<Integer> group = TaskGroup.failFast(scheduler::spawn);
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicInteger ends = new AtomicInteger();
  private final AtomicInteger pollsAfterEnd = new AtomicInteger();
  private final Context owner = Context.of(() -> {});
  private List<Integer> value; // owner group only
  private boolean threwCancelled; // owner group only
  private boolean cancelCalled; // owner group only

  /** A child that completes at its first poll; counts how it ended. */
  private final class Child implements Future<Integer> {
    private boolean ended;

    @Override
    public Poll<Integer> poll(Context cx) {
      if (ended) {
        pollsAfterEnd.incrementAndGet();
      }
      ended = true;
      ends.incrementAndGet();
      return Poll.ready(1);
    }

    @Override
    public void abandon() {
      if (!ended) {
        ended = true;
        ends.incrementAndGet();
      }
    }
  }

  @Operation
  public void spawn() {
    try {
      group.spawn(new Child());
      accepted.incrementAndGet();
    } catch (IllegalStateException e) {
      // refused: the group was cancelled or completed
    }
  }

  @Operation(nonParallelGroup = "owner")
  public void pollGroup() {
    if (value != null || threwCancelled) {
      return;
    }
    try {
      Poll<List<Integer>> p = group.poll(owner);
      if (p.isReady()) {
        value = p.value();
      }
    } catch (CancellationException e) {
      threwCancelled = true;
    }
  }

  @Operation(nonParallelGroup = "owner")
  public void cancel() {
    if (value == null && !threwCancelled) {
      cancelCalled = true;
    }
    group.cancel();
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
    pollGroup();
    if (value == null && !threwCancelled) {
      throw new AssertionError("the group did not complete once its children ended: " + group);
    }
    int n = accepted.get();
    if (ends.get() != n || pollsAfterEnd.get() != 0) {
      throw new AssertionError(
          n
              + " accepted, "
              + ends.get()
              + " ended, "
              + pollsAfterEnd.get()
              + " polled after they ended");
    }
    if (group.running() != 0 || group.completed() + group.cancelled() + group.failed() != n) {
      throw new AssertionError("counts do not add up to " + n + " accepted: " + group);
    }
    if (value != null && (cancelCalled || value.size() != group.completed())) {
      throw new AssertionError(
          "completed with "
              + value
              + " after "
              + n
              + " accepted, cancel "
              + cancelCalled
              + ": "
              + group);
    }
    if (threwCancelled && !cancelCalled) {
      throw new AssertionError("threw CancellationException without a cancel: " + group);
    }
    try {
      group.spawn(new Child());
      throw new AssertionError("a spawn was accepted after the group was done: " + group);
    } catch (IllegalStateException expected) {
      // refused, as documented
    }
  }

  @Test
  void modelChecking() {
    new ModelCheckingOptions()
        .iterations(12)
        .invocationsPerIteration(400)
        .threads(3)
        .actorsPerThread(3)
        .check(TaskGroupLincheckTest.class);
  }

  @Test
  void stress() {
    new StressOptions()
        .iterations(12)
        .invocationsPerIteration(400)
        .threads(3)
        .actorsPerThread(3)
        .check(TaskGroupLincheckTest.class);
  }
}
