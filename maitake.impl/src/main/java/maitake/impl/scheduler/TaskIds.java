package maitake.impl.scheduler;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The process-wide source of task ids: a 64-bit counter that starts at 1 (0 is the stub id) and
 * never wraps in practice (at a billion ids a second it lasts 584 years). A task draws its id the
 * first time someone asks for it, so spawning itself never touches this counter.
 */
final class TaskIds {
  private static final AtomicLong NEXT = new AtomicLong(1);

  private TaskIds() {}

  /**
   * @return a fresh id
   */
  static long next() {
    return NEXT.getAndIncrement();
  }
}
