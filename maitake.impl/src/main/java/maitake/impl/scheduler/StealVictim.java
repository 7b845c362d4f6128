package maitake.impl.scheduler;

/** What a {@link RunQueueStealer} takes from: a run queue and its queued count. */
interface StealVictim {
  MpscRunQueue runQueue();

  long queuedCount();

  /** Counts one dequeue; the caller holds the queue's consumer right. */
  void countDequeued();
}
