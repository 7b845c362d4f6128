package maitake.time;

import java.time.Duration;
import java.util.Optional;
import maitake.future.Future;

/**
 * The process-wide default timer, for code that has no timer handle, and static helpers that use
 * it. The default can be set once per process; the helpers fail with {@link
 * TimerError.Kind#NO_DEFAULT_TIMER} until it is.
 */
public final class Timers {
  private static final DefaultTimer DEFAULT = new DefaultTimer();

  private Timers() {}

  /**
   * Sets the default timer. Once per process.
   *
   * @param timer the timer
   * @throws TimerError of kind {@link TimerError.Kind#DEFAULT_ALREADY_SET} on a second call
   */
  public static void setDefault(Timer timer) {
    DEFAULT.set(timer);
  }

  /**
   * @return the default timer, if one is set
   */
  public static Optional<Timer> tryDefault() {
    return Optional.ofNullable(DEFAULT.get());
  }

  /**
   * The default timer.
   *
   * @return it
   * @throws TimerError of kind {@link TimerError.Kind#NO_DEFAULT_TIMER} if none is set
   */
  public static Timer getDefault() {
    return DEFAULT.require();
  }

  /**
   * A sleep on the default timer.
   *
   * @param duration not negative
   * @return the sleep
   * @throws TimerError if no default timer is set
   */
  public static Sleep sleep(Duration duration) {
    return DEFAULT.require().sleep(duration);
  }

  /**
   * A timeout on the default timer.
   *
   * @param duration not negative
   * @param future the future to bound
   * @param <T> its value type
   * @return the timeout
   * @throws TimerError if no default timer is set
   */
  public static <T> Timeout<T> timeout(Duration duration, Future<T> future) {
    return DEFAULT.require().timeout(duration, future);
  }
}
