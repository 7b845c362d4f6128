package maitake.time;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A point in time on a {@link Clock}: a tick count since the clock's zero. Arithmetic is checked:
 * it throws {@link ArithmeticException} on overflow instead of wrapping, and the {@code checked}
 * variants return an empty {@link Optional} instead.
 *
 * <p>Instants of different clocks are not comparable; mixing them is an {@link
 * IllegalArgumentException}.
 */
public final class Instant implements Comparable<Instant> {
  private final Clock clock;
  private final long ticks;

  private Instant(Clock clock, long ticks) {
    this.clock = clock;
    this.ticks = ticks;
  }

  /**
   * The instant {@code ticks} ticks after the clock's zero.
   *
   * @param clock the clock
   * @param ticks the tick count
   * @return the instant
   */
  public static Instant ofTicks(Clock clock, long ticks) {
    return new Instant(Objects.requireNonNull(clock, "clock"), ticks);
  }

  /**
   * The clock's current time.
   *
   * @param clock the clock
   * @return now on that clock
   */
  public static Instant now(Clock clock) {
    return new Instant(Objects.requireNonNull(clock, "clock"), clock.nowTicks());
  }

  /**
   * @return the clock this instant belongs to
   */
  public Clock clock() {
    return clock;
  }

  /**
   * @return the tick count since the clock's zero
   */
  public long ticks() {
    return ticks;
  }

  /**
   * @return the time since the clock's zero
   */
  public Duration sinceZero() {
    return clock.tickDuration().multipliedBy(ticks);
  }

  /**
   * The time from this instant to the clock's current time: how long ago this instant was.
   *
   * @return the elapsed time; zero if this instant is in the future
   */
  public Duration elapsed() {
    return now(clock).durationSince(this);
  }

  /**
   * This instant moved forward.
   *
   * @param d how far, rounded up to whole ticks; not negative
   * @return the later instant
   * @throws ArithmeticException on overflow
   */
  public Instant plus(Duration d) {
    return new Instant(clock, Math.addExact(ticks, clock.durationToTicks(d)));
  }

  /**
   * This instant moved back.
   *
   * @param d how far, rounded up to whole ticks; not negative
   * @return the earlier instant
   * @throws ArithmeticException on overflow
   */
  public Instant minus(Duration d) {
    return new Instant(clock, Math.subtractExact(ticks, clock.durationToTicks(d)));
  }

  /**
   * {@link #plus(Duration)} without throwing on overflow.
   *
   * @param d how far
   * @return the later instant, or empty on overflow
   */
  public Optional<Instant> checkedPlus(Duration d) {
    try {
      return Optional.of(plus(d));
    } catch (ArithmeticException | TimerError e) {
      return Optional.empty();
    }
  }

  /**
   * {@link #minus(Duration)} without throwing on overflow.
   *
   * @param d how far
   * @return the earlier instant, or empty on overflow
   */
  public Optional<Instant> checkedMinus(Duration d) {
    try {
      return Optional.of(minus(d));
    } catch (ArithmeticException | TimerError e) {
      return Optional.empty();
    }
  }

  /**
   * The time from {@code earlier} to this instant, or zero if {@code earlier} is later.
   *
   * @param earlier an instant of the same clock
   * @return the non-negative duration
   */
  public Duration durationSince(Instant earlier) {
    return checkedDurationSince(earlier).orElse(Duration.ZERO);
  }

  /**
   * The time from {@code earlier} to this instant.
   *
   * @param earlier an instant of the same clock
   * @return the duration, or empty if {@code earlier} is after this instant (or the difference
   *     overflows)
   */
  public Optional<Duration> checkedDurationSince(Instant earlier) {
    sameClock(earlier);
    if (earlier.ticks > ticks) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          clock.tickDuration().multipliedBy(Math.subtractExact(ticks, earlier.ticks)));
    } catch (ArithmeticException e) {
      return Optional.empty();
    }
  }

  /**
   * @param other an instant of the same clock
   * @return true if this instant is strictly before {@code other}
   */
  public boolean isBefore(Instant other) {
    return compareTo(other) < 0;
  }

  /**
   * @param other an instant of the same clock
   * @return true if this instant is strictly after {@code other}
   */
  public boolean isAfter(Instant other) {
    return compareTo(other) > 0;
  }

  @Override
  public int compareTo(Instant other) {
    sameClock(other);
    return Long.compare(ticks, other.ticks);
  }

  private void sameClock(Instant other) {
    Objects.requireNonNull(other, "other");
    if (other.clock != clock) {
      throw new IllegalArgumentException(
          "instants of different clocks: " + clock + " and " + other.clock);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Instant i && i.clock == clock && i.ticks == ticks;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(ticks) * 31 + System.identityHashCode(clock);
  }

  @Override
  public String toString() {
    return "Instant(" + ticks + " ticks = " + sinceZero() + " on " + clock.name() + ")";
  }
}
