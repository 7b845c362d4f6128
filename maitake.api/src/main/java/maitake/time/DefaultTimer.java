package maitake.time;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/** The set-once holder behind {@link Timers}; an instance so that tests can exercise it. */
final class DefaultTimer {
  private final AtomicReference<Timer> timer = new AtomicReference<>();

  void set(Timer t) {
    Objects.requireNonNull(t, "timer");
    if (!timer.compareAndSet(null, t)) {
      throw TimerError.defaultAlreadySet();
    }
  }

  Timer get() {
    return timer.get();
  }

  Timer require() {
    Timer t = timer.get();
    if (t == null) {
      throw TimerError.noDefaultTimer();
    }
    return t;
  }
}
