package maitake.time;

import java.time.Duration;
import java.util.Objects;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Poll;

/**
 * A future bounded in time: completes with the inner future's value, or fails with {@link Elapsed}
 * once its sleep fires. The sleep is checked first, so when both are ready in the same poll the
 * result is timed out. On expiry the inner future is abandoned; when the inner future completes (or
 * throws) first, the sleep is abandoned and leaves the wheel.
 *
 * <h2>Fairness</h2>
 *
 * None of its own: each poll polls the sleep, then the inner future.
 *
 * <h2>Cancellation</h2>
 *
 * Abandoning the timeout abandons both the sleep and the inner future; on expiry the inner future
 * is abandoned, so it passes on whatever it had been granted (a permit, a lock hand-off).
 *
 * <h2>Memory consistency effects</h2>
 *
 * Those of the inner future and the sleep: a timer turn that fires the sleep happens-before the
 * poll that reports {@link Elapsed}.
 *
 * <h2>Thread safety</h2>
 *
 * As every future: polled and abandoned by one thread at a time.
 *
 * @param <T> the value type
 */
public final class Timeout<T> implements Future<T> {
  private final Sleep sleep;
  private Future<T> inner; // null once finished
  private boolean done;

  /**
   * Bounds {@code inner} by {@code sleep}.
   *
   * @param sleep the sleep whose firing times out the future
   * @param inner the future to run
   */
  public Timeout(Sleep sleep, Future<T> inner) {
    this.sleep = Objects.requireNonNull(sleep, "sleep");
    this.inner = Objects.requireNonNull(inner, "future");
  }

  /**
   * @return the duration of the timeout
   */
  public Duration duration() {
    return sleep.duration();
  }

  /**
   * @return the sleep that bounds the future
   */
  public Sleep sleep() {
    return sleep;
  }

  @Override
  public Poll<T> poll(Context context) {
    if (done) {
      throw new IllegalStateException("timeout polled after it completed");
    }
    Future<T> f = inner;
    Poll<Void> s;
    try {
      s = sleep.poll(context);
    } catch (RuntimeException | Error e) {
      done = true;
      inner = null;
      f.abandon();
      throw e;
    }
    if (s.isReady()) {
      done = true;
      inner = null;
      f.abandon();
      throw new Elapsed(sleep.duration());
    }
    Poll<T> p;
    try {
      p = f.poll(context);
    } catch (RuntimeException | Error e) {
      done = true;
      inner = null;
      sleep.abandon();
      throw e;
    }
    if (p.isReady()) {
      done = true;
      inner = null;
      sleep.abandon();
    }
    return p;
  }

  @Override
  public void abandon() {
    Future<T> f = inner;
    inner = null;
    if (!done) {
      done = true;
      sleep.abandon();
      if (f != null) {
        f.abandon();
      }
    }
  }

  @Override
  public String toString() {
    return "Timeout(" + sleep.duration() + ", done=" + done + ")";
  }
}
