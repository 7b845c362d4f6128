package maitake.time;

/**
 * What an {@link Interval} does when it was not polled for longer than a period, so that one or
 * more ticks were missed (the names and meanings of tokio's {@code MissedTickBehavior}).
 */
public enum MissedTickBehavior {
  /**
   * Catch up: every missed tick completes at once, one per poll, until the interval is back on its
   * original schedule (start + n * period).
   */
  BURST,
  /**
   * Start over: the next tick comes one period after the moment the missed tick was observed; the
   * schedule shifts.
   */
  DELAY,
  /**
   * Skip the missed ticks: one tick completes at once, and the next one is the next point of the
   * original schedule that is still in the future.
   */
  SKIP
}
