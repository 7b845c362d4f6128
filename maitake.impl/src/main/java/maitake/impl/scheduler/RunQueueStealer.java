package maitake.impl.scheduler;

import java.util.Objects;
import maitake.scheduler.Scheduler;
import maitake.scheduler.Stealer;

/**
 * A {@link Stealer}: holds the victim's run-queue consumer right from creation to close, and moves
 * tasks to a thief {@link MpscScheduler}, re-binding them.
 */
final class RunQueueStealer implements Stealer {
  /*
   * Implementation overview
   *
   * Ported from the Stealer of hawkw/mycelium maitake/src/scheduler/steal.rs with two fixes:
   * steal-n stops at n (the Rust spawn_n loops while stolen <= max, so it can take n + 1), and a
   * task cancelled while queued is torn down here instead of being handed to the thief as
   * runnable work, as is every task of a victim that was closed (shutdown), which must not be
   * polled any more. A dequeued task keeps its WOKEN bit (it is "queued"), so wakes racing with
   * the move do nothing. MpscScheduler.enqueueStolen writes the thief into the task's plain
   * scheduler field before the thief's enqueue, and that enqueue publishes it; a waker reads the
   * field only after its own state CAS moved WOKEN from 0 to 1, which can happen only after the
   * thief's poll cleared WOKEN (see MpscTask). So every wake after the thief polls the task goes
   * to the thief.
   */
  private static final int INCONSISTENT_SPINS = 128;

  private final StealVictim victim;
  private final long initial;
  private boolean closed;

  /** The caller has taken the victim's consumer right. */
  RunQueueStealer(StealVictim victim) {
    this.victim = victim;
    this.initial = victim.queuedCount();
  }

  @Override
  public long initialTaskCount() {
    return initial;
  }

  @Override
  public long taskCount() {
    return victim.queuedCount();
  }

  private static MpscScheduler thief(Scheduler s) {
    Objects.requireNonNull(s, "thief");
    if (!(s instanceof MpscScheduler m)) {
      throw new IllegalArgumentException("the thief must be a scheduler made by this kit: " + s);
    }
    return m;
  }

  @Override
  public boolean stealOne(Scheduler thief) {
    return stealMany(thief, 1) == 1;
  }

  @Override
  public int stealMany(Scheduler thief, int max) {
    MpscScheduler to = thief(thief);
    if (max < 0) {
      throw new IllegalArgumentException("max must not be negative: " + max);
    }
    if (closed) {
      throw new IllegalStateException("stealer used after close");
    }
    if (to == victim) {
      throw new IllegalArgumentException("a scheduler cannot steal from itself: " + thief);
    }
    MpscRunQueue q = victim.runQueue();
    int stolen = 0;
    int spins = 0;
    while (stolen < max) {
      Task<?> t = q.dequeue();
      if (t == null) {
        break;
      }
      if (t == q.inconsistent()) {
        if (++spins > INCONSISTENT_SPINS) {
          break;
        }
        Thread.onSpinWait();
        continue;
      }
      spins = 0;
      victim.countDequeued();
      MpscTask<?> task = (MpscTask<?>) t;
      int s = task.getStateVolatile();
      boolean victimClosed = victim.isClosed();
      if (victimClosed || (s & (Task.CANCELLED | Task.COMPLETE)) != 0) {
        // a cancelled task, or any task of a closed victim, is torn down here, not moved
        if (task.run(victimClosed) == Task.RUN_ENDED) {
          victim.countTornDown();
        }
        continue;
      }
      victim.countStolenOut(); // before the thief can end it: live counts never go below zero
      to.enqueueStolen(task);
      stolen++;
    }
    return stolen;
  }

  @Override
  public int stealHalf(Scheduler thief) {
    long half = (initial + 1) / 2;
    return stealMany(thief, (int) Math.min(Integer.MAX_VALUE, half));
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      victim.runQueue().releaseConsumer();
    }
  }

  @Override
  public String toString() {
    return "Stealer(initial="
        + initial
        + ", now="
        + victim.queuedCount()
        + (closed ? ", closed" : "")
        + ")";
  }
}
