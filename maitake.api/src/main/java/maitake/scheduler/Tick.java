package maitake.scheduler;

/**
 * What one {@code tick()} did.
 *
 * @param polled how many task polls ran (a task woken during the tick and polled again counts
 *     twice; at most the tick's budget)
 * @param completed how many tasks ended during the tick (completed, failed or torn down)
 * @param spawned how many tasks were spawned since the previous tick
 * @param wokenExternal how many tasks were woken from outside their own poll since the previous
 *     tick (by other tasks, other threads, timers, cancellation), and tasks stolen into this
 *     scheduler
 * @param wokenInternal how many tasks woke themselves during their own poll in this tick (and were
 *     queued again)
 * @param hasRemaining whether tasks were still queued when the tick ended (approximate when other
 *     threads spawn or wake concurrently)
 */
public record Tick(
    int polled,
    int completed,
    long spawned,
    long wokenExternal,
    long wokenInternal,
    boolean hasRemaining) {

  /** The most task polls one {@code tick()} runs: 256, as in the Rust crate. */
  public static final int DEFAULT_BUDGET = 256;

  /** The tick that did nothing and found nothing queued (also returned by a concurrent tick). */
  public static final Tick IDLE = new Tick(0, 0, 0, 0, 0, false);

  /**
   * @return woken external plus woken internal
   */
  public long woken() {
    return wokenExternal + wokenInternal;
  }
}
