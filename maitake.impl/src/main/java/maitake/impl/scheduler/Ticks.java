package maitake.impl.scheduler;

import maitake.scheduler.Tick;

/** Keeps ticks from allocating in steady state. */
final class Ticks {
  private Ticks() {}

  /**
   * The tick with these counts: {@code last} itself when it has the same counts (a scheduler in a
   * steady state reports the same tick again and again, and {@link Tick} is an immutable value),
   * otherwise a new one.
   */
  static Tick reuse(
      Tick last,
      int polled,
      int completed,
      long spawned,
      long wokenExternal,
      long wokenInternal,
      boolean hasRemaining) {
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
