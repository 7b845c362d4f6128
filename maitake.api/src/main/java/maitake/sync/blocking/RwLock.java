package maitake.sync.blocking;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A blocking reader-writer lock around a value, over any {@link RawRwLock}. Readers share the
 * value; a writer has it alone. For threads, not tasks: inside a task use {@code
 * maitake.sync.RwLock}.
 *
 * <h2>Fairness</h2>
 *
 * The raw lock's (the built-in one prefers writers: a waiting writer keeps new readers out).
 *
 * <h2>Cancellation</h2>
 *
 * None: a waiting thread waits until it is admitted. The hold is released when the function returns
 * or throws.
 *
 * <h2>Memory consistency effects</h2>
 *
 * A writer's actions before it releases the lock happen-before every later hold, shared or
 * exclusive.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe. Not re-entrant: a reader that asks for the write lock waits for itself forever.
 *
 * @param <T> the value type
 */
public final class RwLock<T> {
  private final RawRwLock raw;
  private T value; // guarded by raw

  /**
   * A lock around {@code value}.
   *
   * @param raw the raw lock
   * @param value the initial value
   */
  public RwLock(RawRwLock raw, T value) {
    this.raw = Objects.requireNonNull(raw, "raw");
    this.value = value;
  }

  /**
   * Reads under a shared hold.
   *
   * @param fn reads the value
   * @param <R> the result type
   * @return what {@code fn} returned
   */
  public <R> R read(Function<? super T, R> fn) {
    Objects.requireNonNull(fn, "fn");
    raw.lockShared();
    try {
      return fn.apply(value);
    } finally {
      raw.unlockShared();
    }
  }

  /**
   * Replaces the value with {@code fn} of it under the exclusive hold.
   *
   * @param fn the update
   * @return the new value
   */
  public T write(UnaryOperator<T> fn) {
    Objects.requireNonNull(fn, "fn");
    raw.lockExclusive();
    try {
      value = fn.apply(value);
      return value;
    } finally {
      raw.unlockExclusive();
    }
  }

  /**
   * Reads under a shared hold, unless a writer holds the lock.
   *
   * @param fn reads the value
   * @param <R> the result type
   * @return what {@code fn} returned, or null if the lock was not free for reading
   */
  public <R> R tryRead(Function<? super T, R> fn) {
    Objects.requireNonNull(fn, "fn");
    if (!raw.tryLockShared()) {
      return null;
    }
    try {
      return fn.apply(value);
    } finally {
      raw.unlockShared();
    }
  }

  /**
   * Writes under the exclusive hold, unless anyone holds the lock.
   *
   * @param fn the update
   * @return true if the update ran
   */
  public boolean tryWrite(UnaryOperator<T> fn) {
    Objects.requireNonNull(fn, "fn");
    if (!raw.tryLockExclusive()) {
      return false;
    }
    try {
      value = fn.apply(value);
      return true;
    } finally {
      raw.unlockExclusive();
    }
  }

  /**
   * @return whether a writer holds the lock now (a snapshot)
   */
  public boolean hasWriter() {
    return raw.isLockedExclusive();
  }

  @Override
  public String toString() {
    return "blocking.RwLock("
        + (raw.isLockedExclusive() ? "write-locked" : raw.isLocked() ? "read-locked" : "unlocked")
        + ")";
  }
}
