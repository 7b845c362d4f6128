package maitake.time;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A source of time in ticks of a fixed duration: a hardware counter, the JVM's monotonic nanosecond
 * counter ({@link #system()}), or a manual {@link TestClock}.
 *
 * <p>{@link #nowTicks()} must not decrease (a timer treats a decrease as no progress) and must not
 * overflow 63 bits in the life of the timer; a narrower hardware counter must be extended by the
 * implementation. A timer may read it while it holds its wheel's lock, so it must be quick and must
 * not block or take locks.
 *
 * <p>Users implement this interface for their own time sources, or wrap one with {@link #of(String,
 * Duration, LongSupplier)}. Implementations are thread-safe.
 */
@ConsumerType
public interface Clock {

  /**
   * @return the duration of one tick; positive
   */
  Duration tickDuration();

  /**
   * @return the current time in ticks since the clock's zero
   */
  long nowTicks();

  /**
   * @return a name for diagnostics
   */
  default String name() {
    return getClass().getSimpleName();
  }

  /**
   * The duration of {@code ticks} ticks.
   *
   * @param ticks a tick count, not negative
   * @return the duration
   * @throws IllegalArgumentException if {@code ticks} is negative
   * @throws ArithmeticException if the duration does not fit a {@link Duration}
   */
  default Duration ticksToDuration(long ticks) {
    if (ticks < 0) {
      throw new IllegalArgumentException("tick count must not be negative: " + ticks);
    }
    return tickDuration().multipliedBy(ticks);
  }

  /**
   * The number of whole ticks that covers {@code duration}, rounded up, so that waiting that many
   * ticks never waits less than the duration.
   *
   * @param duration the duration, not negative
   * @return the tick count
   * @throws IllegalArgumentException if the duration is negative
   * @throws TimerError of kind {@link TimerError.Kind#DURATION_TOO_LONG} if the count does not fit
   *     in 63 bits
   */
  default long durationToTicks(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must not be negative: " + duration);
    }
    Duration tick = tickDuration();
    long tickNanos = tick.toNanos();
    try {
      long nanos = duration.toNanos();
      return Math.floorDiv(nanos, tickNanos) + (Math.floorMod(nanos, tickNanos) == 0 ? 0 : 1);
    } catch (ArithmeticException tooManyNanos) {
      // longer than 292 years of nanoseconds: divide in seconds first
      java.math.BigInteger n =
          java.math.BigInteger.valueOf(duration.getSeconds())
              .multiply(java.math.BigInteger.valueOf(1_000_000_000L))
              .add(java.math.BigInteger.valueOf(duration.getNano()));
      java.math.BigInteger[] qr = n.divideAndRemainder(java.math.BigInteger.valueOf(tickNanos));
      java.math.BigInteger ticks =
          qr[1].signum() == 0 ? qr[0] : qr[0].add(java.math.BigInteger.ONE);
      if (ticks.bitLength() > 63) {
        throw TimerError.durationTooLong(duration, tick.multipliedBy(Long.MAX_VALUE));
      }
      return ticks.longValue();
    }
  }

  /**
   * A clock over a tick source the user supplies.
   *
   * @param name a name for diagnostics
   * @param tickDuration the duration of one tick; positive, at least one nanosecond
   * @param nowTicks the tick source; must be thread-safe and must not decrease
   * @return the clock
   */
  static Clock of(String name, Duration tickDuration, LongSupplier nowTicks) {
    return new SuppliedClock(name, tickDuration, nowTicks);
  }

  /**
   * The system clock: the JVM's monotonic nanosecond counter in one-nanosecond ticks, read by
   * {@code SystemClock}, the only place in the kit that reads the system clock; a program chooses
   * it explicitly.
   *
   * @return the system clock
   */
  static Clock system() {
    return SystemClock.NANOS;
  }

  /**
   * The system clock counted in coarser ticks (the nanosecond counter divided by the tick's
   * nanoseconds).
   *
   * @param tickDuration the tick; at least one nanosecond
   * @return the system clock with that tick
   */
  static Clock system(Duration tickDuration) {
    return SuppliedClock.checkTick(tickDuration).toNanos() == 1
        ? system()
        : new SystemClock(tickDuration);
  }
}
