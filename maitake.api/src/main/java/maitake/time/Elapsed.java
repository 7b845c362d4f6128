package maitake.time;

import java.time.Duration;
import java.util.Objects;

/**
 * A {@link Timeout} ran out of time: thrown by its poll after the inner future was abandoned.
 * Carries the timeout's duration. No stack trace: it is an expected outcome, not a bug.
 */
public final class Elapsed extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Duration duration;

  /**
   * The error of a timeout of {@code duration}.
   *
   * @param duration the timeout's duration
   */
  public Elapsed(Duration duration) {
    super("timed out after " + Objects.requireNonNull(duration, "duration"), null, false, false);
    this.duration = duration;
  }

  /**
   * @return the timeout's duration
   */
  public Duration duration() {
    return duration;
  }
}
