package maitake.time;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What one turn of a {@link Timer} did, and when it needs turning next: an idle loop parks for
 * {@link #timeToNextDeadline()} (or until other work arrives) and then turns again.
 */
public final class Turn {
  private final long nowTicks;
  private final int expired;
  private final long ticksToNext;
  private final boolean hasRemaining;
  private final Duration tickDuration;

  /**
   * A turn result (made by timers).
   *
   * @param nowTicks the clock reading the wheel was advanced to
   * @param expired how many sleeps fired in this turn
   * @param ticksToNextDeadline clock ticks until the wheel next needs turning, or -1 if no sleep is
   *     registered
   * @param hasRemaining whether sleeps remain registered
   * @param tickDuration the clock's tick duration, for conversions
   */
  public Turn(
      long nowTicks,
      int expired,
      long ticksToNextDeadline,
      boolean hasRemaining,
      Duration tickDuration) {
    this.nowTicks = nowTicks;
    this.expired = expired;
    this.ticksToNext = ticksToNextDeadline;
    this.hasRemaining = hasRemaining;
    this.tickDuration = Objects.requireNonNull(tickDuration, "tickDuration");
  }

  /**
   * @return the clock reading (in ticks) the wheel was advanced to
   */
  public long nowTicks() {
    return nowTicks;
  }

  /**
   * @return the time since the clock's zero that the wheel was advanced to
   */
  public Duration elapsed() {
    return tickDuration.multipliedBy(nowTicks);
  }

  /**
   * @return how many sleeps fired in this turn
   */
  public int expired() {
    return expired;
  }

  /**
   * Clock ticks until the wheel next needs turning: the earliest slot that holds a sleep comes due
   * then. No sleep fires earlier; a sleep far in the future may need a turn or two more (its slot
   * cascades to a finer one), but is never fired late by turning at these times.
   *
   * @return the tick count, zero if a turn is due at once, or empty if no sleep is registered
   */
  public OptionalLong ticksToNextDeadline() {
    return ticksToNext < 0 ? OptionalLong.empty() : OptionalLong.of(ticksToNext);
  }

  /**
   * @return {@link #ticksToNextDeadline()} as a duration
   */
  public Optional<Duration> timeToNextDeadline() {
    return ticksToNext < 0 ? Optional.empty() : Optional.of(tickDuration.multipliedBy(ticksToNext));
  }

  /**
   * @return true if sleeps remain registered after this turn
   */
  public boolean hasRemaining() {
    return hasRemaining;
  }

  @Override
  public String toString() {
    return "Turn(now="
        + nowTicks
        + ", expired="
        + expired
        + ", ticksToNextDeadline="
        + (ticksToNext < 0 ? "none" : ticksToNext)
        + ", hasRemaining="
        + hasRemaining
        + ")";
  }
}
