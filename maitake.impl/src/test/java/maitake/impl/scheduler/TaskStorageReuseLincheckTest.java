package maitake.impl.scheduler;

import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Poll;
import maitake.task.TaskStorage;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Lincheck: a join that takes a finished task's output races a spawn that reuses the same storage
 * from another thread, and the tick that completes the new task. The join must get the first task's
 * output, and the second task's output must still be there for its own join: the storage may only
 * become free after the first output has been read and cleared. The operations return nothing (a
 * claimed storage is visible to a join before the spawn's enqueue, its linearization point, so the
 * results of tick and join are not linearizable by design); what must hold is checked after each
 * scenario.
 */
public class TaskStorageReuseLincheckTest {
  private static final Future<String> FIRST = ready("first");
  private static final Future<String> SECOND = ready("second");

  private final MpscScheduler scheduler = new MpscScheduler();
  private final TaskStorage<String> storage = scheduler.newTaskStorage();
  private boolean respawned; // spawner group only
  private boolean joinedSecond; // owner group only: a later join legitimately took "second"
  private int joinedFirst; // owner group only
  private String wrongOutput; // owner group only: an output that was neither task's

  public TaskStorageReuseLincheckTest() {
    scheduler.spawn(storage, FIRST);
    scheduler.tick(); // the first task has completed; its output waits in the storage
  }

  private static Future<String> ready(String value) {
    return new Future<>() {
      @Override
      public Poll<String> poll(Context context) {
        return Poll.ready(value);
      }
    };
  }

  /** The first task's owner takes its output; what it got is checked by the validation. */
  @Operation(nonParallelGroup = "owner")
  public void join() {
    Poll<String> p;
    try {
      p = ((Task<String>) storage).poll(Context.NOOP);
    } catch (IllegalStateException e) {
      return; // already delivered: refused, as documented
    }
    if (p.isReady()) {
      String v = p.value();
      if ("first".equals(v)) {
        joinedFirst++;
      } else if ("second".equals(v)) {
        joinedSecond = true;
      } else {
        wrongOutput = String.valueOf(v);
      }
    }
  }

  /** Another thread reuses the storage as soon as it is free. */
  @Operation(nonParallelGroup = "spawner")
  public void respawn() {
    if (!respawned && storage.isFree()) {
      scheduler.spawn(storage, SECOND);
      respawned = true;
    }
  }

  /** One turn of the scheduler. */
  @Operation(nonParallelGroup = "ticker")
  public void tick() {
    scheduler.tick(1);
  }

  @Validate
  public void secondOutputSurvives() {
    while (scheduler.tick().polled() > 0) {
      // drain
    }
    if (wrongOutput != null) {
      throw new AssertionError("a join got an output of neither task: " + wrongOutput);
    }
    if (joinedFirst > 1) {
      throw new AssertionError("the first output was delivered twice");
    }
    if (respawned && joinedFirst != 1) {
      throw new AssertionError("respawned before the first output was taken");
    }
    if (!respawned || joinedSecond) {
      return;
    }
    Poll<String> p = ((Task<String>) storage).poll(Context.NOOP);
    if (!p.isReady() || !"second".equals(p.value())) {
      throw new AssertionError(
          "the reused storage lost its new output: "
              + p
              + ", "
              + Task.describe(((Task<?>) storage).getStateVolatile()));
    }
  }

  @Test
  public void modelChecking() {
    new ModelCheckingOptions()
        .iterations(20)
        .invocationsPerIteration(500)
        .threads(3)
        .actorsPerThread(2)
        .check(getClass());
  }

  @Test
  public void stress() {
    new StressOptions()
        .iterations(10)
        .invocationsPerIteration(500)
        .threads(3)
        .actorsPerThread(2)
        .check(getClass());
  }
}
