package maitake.sync.blocking;

import java.util.function.Supplier;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A lock taken and released by separate calls: the contract of mutex-traits' {@code RawMutex}.
 * Every raw mutex is also a {@link ScopedRawMutex}.
 *
 * <p>{@link #unlock()} must be called by the holder, once per {@link #lock()} or successful {@link
 * #tryLock()}. Whether a raw mutex is re-entrant, fair, or detects an unlock by a non-holder is up
 * to the implementation, which documents it. Every implementation gives one memory edge: an {@link
 * #unlock()} happens-before every later {@link #lock()} or successful {@link #tryLock()} of the
 * same lock.
 */
@ConsumerType
public interface RawMutex extends ScopedRawMutex {

  /** Takes the lock, waiting (spinning, yielding or parking) while another holder has it. */
  void lock();

  /**
   * @return true if the lock was free and is now taken by the caller
   */
  boolean tryLock();

  /** Releases the lock. Only the holder calls this. */
  void unlock();

  @Override
  default <R> R withLock(Supplier<R> fn) {
    lock();
    try {
      return fn.get();
    } finally {
      unlock();
    }
  }

  @Override
  default boolean tryWithLock(Runnable fn) {
    if (!tryLock()) {
      return false;
    }
    try {
      fn.run();
    } finally {
      unlock();
    }
    return true;
  }
}
