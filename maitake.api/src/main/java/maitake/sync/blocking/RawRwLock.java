package maitake.sync.blocking;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A raw reader-writer lock: any number of shared holders, or one exclusive holder. Fairness between
 * readers and writers is up to the implementation, which documents it.
 */
@ConsumerType
public interface RawRwLock {

  /** Takes a shared hold, waiting while an exclusive holder has the lock. */
  void lockShared();

  /**
   * @return true if a shared hold was taken without waiting
   */
  boolean tryLockShared();

  /** Releases one shared hold. */
  void unlockShared();

  /** Takes the exclusive hold, waiting while anyone holds the lock. */
  void lockExclusive();

  /**
   * @return true if the exclusive hold was taken without waiting
   */
  boolean tryLockExclusive();

  /** Releases the exclusive hold. */
  void unlockExclusive();

  /**
   * @return whether anyone holds the lock now (a snapshot)
   */
  boolean isLocked();

  /**
   * @return whether the exclusive hold is taken now (a snapshot)
   */
  boolean isLockedExclusive();
}
