package maitake.sync.blocking;

import java.util.function.Supplier;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A lock that can only be held for the length of a call: run a function while holding it. The
 * contract of mutex-traits' {@code ScopedRawMutex}; locks that cannot be released by another frame
 * than the one that took them (a critical section) can offer only this.
 *
 * <p>While {@code fn} runs, no other call of this lock's methods runs its function. If {@code fn}
 * throws, the lock is released and the exception propagates.
 */
@ConsumerType
public interface ScopedRawMutex {

  /**
   * Runs {@code fn} while holding the lock, waiting for the lock if it is held.
   *
   * @param fn the function
   * @param <R> its result type
   * @return what {@code fn} returned
   */
  <R> R withLock(Supplier<R> fn);

  /**
   * Runs {@code fn} while holding the lock, unless the lock is held.
   *
   * @param fn the function
   * @return true if it ran; false if the lock was held and it did not
   */
  boolean tryWithLock(Runnable fn);

  /**
   * @return whether some thread holds the lock now (a snapshot, for diagnostics)
   */
  boolean isLocked();
}
