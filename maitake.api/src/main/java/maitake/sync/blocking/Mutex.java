package maitake.sync.blocking;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A blocking mutual-exclusion lock around a value, over any {@link RawMutex}: the value is reached
 * only while the lock is held. For threads, not tasks: a thread that waits for it blocks (spins or
 * parks, as the raw lock does); inside a task use {@code maitake.sync.Mutex}.
 *
 * <h2>Fairness</h2>
 *
 * The raw lock's: FIFO over a ticket lock, none over a spin lock.
 *
 * <h2>Cancellation</h2>
 *
 * None: a thread waiting for the lock waits until it gets it (interrupts are not observed). The
 * lock is released when the function given to {@link #withLock} returns or throws.
 *
 * <h2>Memory consistency effects</h2>
 *
 * Everything a holder did before releasing the lock happens-before the next holder acquires it, as
 * the {@link RawMutex} contract requires of every raw lock.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe. Not re-entrant unless the raw lock is: a holder that locks again may wait for itself
 * forever.
 *
 * @param <T> the value type
 */
public final class Mutex<T> {
  private final RawMutex raw;
  private T value; // guarded by raw

  /**
   * A mutex around {@code value}.
   *
   * @param raw the raw lock to use
   * @param value the initial value, may be null
   */
  public Mutex(RawMutex raw, T value) {
    this.raw = Objects.requireNonNull(raw, "raw");
    this.value = value;
  }

  /**
   * Applies {@code fn} to the value while holding the lock.
   *
   * @param fn reads or updates the value through the guard
   * @param <R> the result type
   * @return what {@code fn} returned
   */
  public <R> R withLock(Function<Guard<T>, R> fn) {
    Objects.requireNonNull(fn, "fn");
    raw.lock();
    Guard<T> g = new Guard<>(this);
    try {
      return fn.apply(g);
    } finally {
      g.close();
    }
  }

  /**
   * Replaces the value with {@code fn} of it, under the lock.
   *
   * @param fn the update
   * @return the new value
   */
  public T update(UnaryOperator<T> fn) {
    Objects.requireNonNull(fn, "fn");
    raw.lock();
    try {
      value = fn.apply(value);
      return value;
    } finally {
      raw.unlock();
    }
  }

  /**
   * Takes the lock; the guard releases it when closed.
   *
   * @return the guard
   */
  public Guard<T> lock() {
    raw.lock();
    return new Guard<>(this);
  }

  /**
   * @return a guard if the lock was free, else null
   */
  public Guard<T> tryLock() {
    return raw.tryLock() ? new Guard<>(this) : null;
  }

  /**
   * @return whether the lock is held now (a snapshot)
   */
  public boolean isLocked() {
    return raw.isLocked();
  }

  @Override
  public String toString() {
    return "blocking.Mutex(" + (raw.isLocked() ? "locked" : "unlocked") + ")";
  }

  /**
   * Access to the value while the lock is held; {@link #close()} releases it (once).
   *
   * @param <T> the value type
   */
  public static final class Guard<T> implements AutoCloseable {
    private Mutex<T> mutex; // null once closed

    Guard(Mutex<T> mutex) {
      this.mutex = mutex;
    }

    private Mutex<T> held() {
      Mutex<T> m = mutex;
      if (m == null) {
        throw new IllegalStateException("guard used after close");
      }
      return m;
    }

    /**
     * @return the value
     */
    public T get() {
      return held().value;
    }

    /**
     * Replaces the value.
     *
     * @param v the new value
     */
    public void set(T v) {
      held().value = v;
    }

    /** Releases the lock; later calls do nothing. */
    @Override
    public void close() {
      Mutex<T> m = mutex;
      if (m != null) {
        mutex = null;
        m.raw.unlock();
      }
    }
  }
}
