package maitake.impl.scheduler;

import maitake.scheduler.Tick;

/** Keeps ticks from allocating in steady state. */
final class Ticks {
  /*
   * Two ways to find a tick already made. Ticks whose counts are all below 4 (the common ticks of a
   * scheduler that is woken one task at a time, which alternate: polled 1 woken 1, then woken 1
   * with the task still queued, then polled 1 woken 0, ...) are kept in one table shared by every
   * scheduler, filled on first use. The table's reads and writes race, which is safe: a Tick is a
   * record, its fields are final, so a thread that sees a reference to one sees its counts; two
   * threads that make the same tick at once each store an equal value. Other ticks are compared
   * with the scheduler's last one (a busy scheduler reports the same full tick again and again).
   */

  private static final int SMALL_BITS = 2; // counts below 1 << SMALL_BITS are in the table
  private static final Tick[] SMALL = new Tick[1 << (5 * SMALL_BITS + 1)];

  private Ticks() {}

  /**
   * The tick with these counts: one made before when every count is below 4 or when {@code last}
   * has the same counts ({@link Tick} is an immutable value), otherwise a new one.
   */
  static Tick reuse(
      Tick last,
      int polled,
      int completed,
      long spawned,
      long wokenExternal,
      long wokenInternal,
      boolean hasRemaining) {
    if (((polled | completed) >>> SMALL_BITS) == 0
        && ((spawned | wokenExternal | wokenInternal) >>> SMALL_BITS) == 0) {
      int i =
          polled
              | completed << SMALL_BITS
              | (int) spawned << (2 * SMALL_BITS)
              | (int) wokenExternal << (3 * SMALL_BITS)
              | (int) wokenInternal << (4 * SMALL_BITS)
              | (hasRemaining ? 1 << (5 * SMALL_BITS) : 0);
      Tick t = SMALL[i];
      if (t == null) {
        t = new Tick(polled, completed, spawned, wokenExternal, wokenInternal, hasRemaining);
        SMALL[i] = t; // a racy publication of an immutable record: see the overview
      }
      return t;
    }
    if (last.polled() == polled
        && last.completed() == completed
        && last.spawned() == spawned
        && last.wokenExternal() == wokenExternal
        && last.wokenInternal() == wokenInternal
        && last.hasRemaining() == hasRemaining) {
      return last;
    }
    return new Tick(polled, completed, spawned, wokenExternal, wokenInternal, hasRemaining);
  }
}
