package maitake.impl.scheduler;

import maitake.scheduler.StealAttempt;

/** What a {@link RunQueueStealer} takes from: a run queue and its queued count. */
interface StealVictim {
  /** The refusals, shared: a refused attempt allocates nothing. */
  StealAttempt BUSY = new StealAttempt(null, StealAttempt.Refusal.BUSY);

  StealAttempt EMPTY = new StealAttempt(null, StealAttempt.Refusal.EMPTY);

  MpscRunQueue runQueue();

  long queuedCount();

  /** Counts one dequeue; the caller holds the queue's consumer right. */
  void countDequeued();

  /** Counts one task a stealer moved to a thief; the caller holds the queue's consumer right. */
  void countStolenOut();

  /** Counts a cancelled task that a stealer tore down instead of moving (thread-safe). */
  void countTornDown();

  /**
   * @return true once the victim was closed: its tasks are torn down, not moved
   */
  boolean isClosed();

  /**
   * Opens a stealer on {@code victim}: takes its queue's consumer right (BUSY if a tick or another
   * stealer holds it) and keeps it only if something is queued (EMPTY otherwise).
   */
  static StealAttempt tryStealFrom(StealVictim victim) {
    MpscRunQueue queue = victim.runQueue();
    if (!queue.tryAcquireConsumer()) {
      return BUSY;
    }
    if (victim.queuedCount() == 0) {
      queue.releaseConsumer();
      return EMPTY;
    }
    return new StealAttempt(new RunQueueStealer(victim), null);
  }
}
