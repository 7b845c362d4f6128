package maitake.runtime;

/**
 * How a worker with nothing to run waits for work: it looks again a number of times with a
 * {@linkplain Thread#onSpinWait() spin hint} between looks, then a number of times with a {@link
 * Thread#yield()} between looks, and then parks its thread until it is woken (a spawn, a wake, a
 * sleep due) or until the timer's next deadline. Each look runs the worker's own queue and checks
 * the shared injector (it does not steal: the worker tried that before its first look).
 *
 * <p>Looking keeps a hand-off between tasks on two workers fast (waking a parked thread costs a
 * system call and microseconds), at the price of CPU time while the worker waits. The looks come
 * once before each park, and a park lasts until a wake or the timer's next deadline (at most 100
 * ms), so a runtime that stays idle spends almost no CPU time. A worker whose park ends at a timer
 * deadline at most two timer ticks away skips the looks: it wakes soon anyway, and on a load with a
 * deadline in every tick the looks would come once per tick (a hand-off to that worker then costs
 * an unpark). {@link #park()} never looks again; {@link #DEFAULT} looks briefly.
 *
 * <p>In the spirit of Agrona's {@code BackoffIdleStrategy}, counted in looks rather than in time,
 * so the runtime reads no clock to spin.
 *
 * <p>Immutable and thread-safe.
 *
 * @param spins how many looks with a spin hint between them, at least 0
 * @param yields how many looks with a {@link Thread#yield()} between them after the spins, at least
 *     0
 */
public record IdleStrategy(int spins, int yields) {
  /** The default: 256 spinning looks, then 16 yielding looks, then park. */
  public static final IdleStrategy DEFAULT = new IdleStrategy(256, 16);

  private static final IdleStrategy PARK = new IdleStrategy(0, 0);

  /**
   * Checks the counts.
   *
   * @throws IllegalArgumentException if either count is negative
   */
  public IdleStrategy {
    if (spins < 0 || yields < 0) {
      throw new IllegalArgumentException(
          "spin and yield counts must not be negative: spins " + spins + ", yields " + yields);
    }
  }

  /**
   * Spin, then yield, then park.
   *
   * @param spins how many looks with a spin hint between them, at least 0
   * @param yields how many looks with a {@link Thread#yield()} between them after the spins, at
   *     least 0
   * @return the strategy
   * @throws IllegalArgumentException if either count is negative
   */
  public static IdleStrategy backoff(int spins, int yields) {
    return spins == 0 && yields == 0 ? PARK : new IdleStrategy(spins, yields);
  }

  /**
   * Park at once: no CPU time spent waiting, and a wake costs an unpark.
   *
   * @return the strategy
   */
  public static IdleStrategy park() {
    return PARK;
  }

  /**
   * @return how many looks in all before a park
   */
  int looks() {
    return spins + yields;
  }

  @Override
  public String toString() {
    return spins == 0 && yields == 0
        ? "IdleStrategy.park()"
        : "IdleStrategy.backoff(" + spins + ", " + yields + ")";
  }
}
