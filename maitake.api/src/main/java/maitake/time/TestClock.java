package maitake.time;

import java.time.Duration;

/**
 * A manual clock for deterministic tests and simulations: it stands still until the test advances
 * it. Thread-safe: the time is a volatile field, and advancing is atomic.
 */
public final class TestClock implements Clock {
  private final Duration tickDuration;
  private volatile long now; // written under this object's lock, read freely

  /**
   * A clock at tick zero.
   *
   * @param tickDuration the duration of one tick, at least one nanosecond
   */
  public TestClock(Duration tickDuration) {
    this.tickDuration = SuppliedClock.checkTick(tickDuration);
  }

  /** A clock at tick zero with one-millisecond ticks. */
  public TestClock() {
    this(Duration.ofMillis(1));
  }

  @Override
  public Duration tickDuration() {
    return tickDuration;
  }

  @Override
  public long nowTicks() {
    return now;
  }

  @Override
  public String name() {
    return "test";
  }

  /**
   * Moves the clock forward by whole ticks.
   *
   * @param ticks how far; not negative
   * @return the new time in ticks
   * @throws IllegalArgumentException if {@code ticks} is negative
   * @throws ArithmeticException if the time would overflow
   */
  public synchronized long advanceTicks(long ticks) {
    if (ticks < 0) {
      throw new IllegalArgumentException("cannot advance by a negative tick count: " + ticks);
    }
    now = Math.addExact(now, ticks);
    return now;
  }

  /**
   * Moves the clock forward by a duration, rounded up to whole ticks.
   *
   * @param duration how far; not negative
   * @return the new time in ticks
   */
  public long advance(Duration duration) {
    return advanceTicks(durationToTicks(duration));
  }

  /**
   * Sets the time, in either direction (to test how timers treat a clock that goes backwards).
   *
   * @param ticks the new time
   */
  public synchronized void setTicks(long ticks) {
    now = ticks;
  }

  @Override
  public String toString() {
    return "TestClock(now=" + now + ", tick=" + tickDuration + ")";
  }

  /**
   * @return the current time as a duration since zero
   */
  public Duration elapsed() {
    return tickDuration.multipliedBy(now);
  }
}
