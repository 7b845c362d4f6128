package maitake.impl.scheduler;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The process-wide source of task ids: a 64-bit counter that starts at 1 (0 is the stub id) and
 * never wraps in practice (at a billion spawns a second it lasts 584 years). Confined
 * schedulers reserve blocks so that their spawns need no atomic operation.
 */
final class TaskIds {
  /** How many ids a confined scheduler reserves at a time. */
  static final int BLOCK = 1024;

  private static final AtomicLong NEXT = new AtomicLong(1);

  private TaskIds() {
  }

  /** @return a fresh id */
  static long next() {
    return NEXT.getAndIncrement();
  }

  /** @return the first of {@link #BLOCK} fresh consecutive ids */
  static long reserveBlock() {
    return NEXT.getAndAdd(BLOCK);
  }
}
