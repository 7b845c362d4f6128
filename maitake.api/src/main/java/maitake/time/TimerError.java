package maitake.time;

import java.time.Duration;

/**
 * A timer could not do what was asked: the duration is too long to count in ticks, there is no
 * default timer, or the default timer was already set.
 */
public final class TimerError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The kinds of timer error. */
  public enum Kind {
    /** The duration's tick count does not fit in 63 bits, or the deadline would overflow. */
    DURATION_TOO_LONG,
    /** A static helper of {@link Timers} was called before a default timer was set. */
    NO_DEFAULT_TIMER,
    /** {@link Timers#setDefault(Timer)} was called a second time. */
    DEFAULT_ALREADY_SET
  }

  private final Kind kind;
  private final transient Duration requested;
  private final transient Duration max;

  private TimerError(Kind kind, Duration requested, Duration max, String message) {
    super(message);
    this.kind = kind;
    this.requested = requested;
    this.max = max;
  }

  /**
   * A duration-too-long error.
   *
   * @param requested the duration asked for
   * @param max the longest duration the timer can count, or null if not known
   * @return the error
   */
  public static TimerError durationTooLong(Duration requested, Duration max) {
    return new TimerError(
        Kind.DURATION_TOO_LONG,
        requested,
        max,
        "duration "
            + requested
            + " is too long for this timer"
            + (max != null ? " (max " + max + ")" : ""));
  }

  /**
   * @return a no-default-timer error
   */
  public static TimerError noDefaultTimer() {
    return new TimerError(
        Kind.NO_DEFAULT_TIMER,
        null,
        null,
        "no default timer is set: call Timers.setDefault(timer) once at startup");
  }

  /**
   * @return a default-already-set error
   */
  public static TimerError defaultAlreadySet() {
    return new TimerError(
        Kind.DEFAULT_ALREADY_SET, null, null, "the default timer can be set only once per process");
  }

  /**
   * @return the kind of error
   */
  public Kind kind() {
    return kind;
  }

  /**
   * @return the requested duration of a duration-too-long error, else null
   */
  public Duration requested() {
    return requested;
  }

  /**
   * @return the longest duration the timer can count, for a duration-too-long error, or null
   */
  public Duration max() {
    return max;
  }
}
