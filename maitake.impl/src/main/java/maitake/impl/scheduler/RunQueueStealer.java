package maitake.impl.scheduler;

import java.util.Objects;
import maitake.scheduler.Scheduler;
import maitake.scheduler.StealAttempt;
import maitake.scheduler.Stealer;

/**
 * A {@link Stealer}: holds the victim's run-queue consumer right from creation to close, and moves
 * tasks to a thief {@link MpscScheduler}, re-binding them. The victim is its run queue alone (a
 * scheduler's or an injector's): the queue carries the closed flag and the counts a steal keeps.
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
  /** The refusals, shared: a refused attempt allocates nothing. */
  private static final StealAttempt BUSY = new StealAttempt(null, StealAttempt.Refusal.BUSY);

  private static final StealAttempt EMPTY = new StealAttempt(null, StealAttempt.Refusal.EMPTY);

  private final MpscRunQueue victim;
  private final long initial;
  private boolean closed;

  /** The caller has taken the victim's consumer right. */
  private RunQueueStealer(MpscRunQueue victim) {
    this.victim = victim;
    this.initial = victim.queuedCount();
  }

  /**
   * Opens a stealer on {@code victim}: takes its consumer right (BUSY if a tick or another stealer
   * holds it) and keeps it only if something is queued (EMPTY otherwise).
   *
   * @param victim the queue to steal from
   * @return the attempt
   */
  static StealAttempt open(MpscRunQueue victim) {
    if (!victim.tryAcquireConsumer()) {
      return BUSY;
    }
    if (victim.queuedCount() == 0) {
      victim.releaseConsumer();
      return EMPTY;
    }
    return new StealAttempt(new RunQueueStealer(victim), null);
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
    if (to.runQueue() == victim) {
      throw new IllegalArgumentException("a scheduler cannot steal from itself: " + thief);
    }
    int stolen = 0;
    while (stolen < max) {
      Task<?> t = victim.dequeue();
      if (t == null || victim.isBubble(t)) {
        break; // empty, or a producer is still between its two steps: steal no further now
      }
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
      victim.releaseConsumer();
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
