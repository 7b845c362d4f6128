package maitake.sync;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Access to a {@link Mutex}'s value while the lock is held. {@link #close()} unlocks, handing the
 * lock to the next waiter; closing again does nothing.
 *
 * @param <T> the value type
 */
@ProviderType
public interface MutexGuard<T> extends AutoCloseable {

  /**
   * @return the value
   * @throws IllegalStateException after close
   */
  T get();

  /**
   * Replaces the value.
   *
   * @param value the new value
   * @throws IllegalStateException after close
   */
  void set(T value);

  /** Unlocks. Idempotent. */
  @Override
  void close();
}
