package maitake.impl.sync;

import maitake.sync.blocking.RawRwLock;

/**
 * A raw reader-writer lock that follows the active provider like {@link SwappableRawMutex}:
 * a move to a new delegate happens under the old delegate's exclusive hold.
 */
final class SwappableRawRwLock implements RawRwLock {
  /*
   * Implementation overview
   *
   * As SwappableRawMutex, with shared and exclusive acquisitions. A shared holder that finds its
   * delegate stale cannot move it (others may share it), so it takes the exclusive hold to move
   * it, then retries. While anyone holds the current delegate (shared or exclusive), bound cannot
   * change, since changing it needs the exclusive hold: so the unlocks release bound's lock.
   */

  private static final class Bound {
    final RawRwLock lock;
    final long generation;

    Bound(RawRwLock lock, long generation) {
      this.lock = lock;
      this.generation = generation;
    }
  }

  private final LockRegistry registry;
  private volatile Bound bound; // written only under the previous bound's exclusive hold

  SwappableRawRwLock(LockRegistry registry) {
    this.registry = registry;
    LockRegistry.Active a = registry.active();
    this.bound = new Bound(LockRegistry.rwLockOf(a), a.generation);
  }

  private boolean stale(Bound b) {
    return registry.active().generation != b.generation;
  }

  /** Holding b exclusively: move to a fresh delegate if stale. Returns whether b is current. */
  private boolean settleExclusive(Bound b) {
    if (bound != b) {
      b.lock.unlockExclusive();
      return false;
    }
    LockRegistry.Active a = registry.active();
    if (a.generation != b.generation) {
      bound = new Bound(LockRegistry.rwLockOf(a), a.generation);
      b.lock.unlockExclusive();
      return false;
    }
    return true;
  }

  @Override
  public void lockShared() {
    for (;;) {
      Bound b = bound;
      if (stale(b)) {
        b.lock.lockExclusive();
        settleExclusive(b);
        if (bound != b) {
          continue;
        }
        b.lock.unlockExclusive();
        continue;
      }
      b.lock.lockShared();
      if (bound == b) {
        return;
      }
      b.lock.unlockShared();
    }
  }

  @Override
  public boolean tryLockShared() {
    Bound b = bound;
    if (stale(b) || !b.lock.tryLockShared()) {
      return false;
    }
    if (bound != b) {
      b.lock.unlockShared();
      return false;
    }
    return true;
  }

  @Override
  public void unlockShared() {
    bound.lock.unlockShared();
  }

  @Override
  public void lockExclusive() {
    for (;;) {
      Bound b = bound;
      b.lock.lockExclusive();
      if (settleExclusive(b)) {
        return;
      }
    }
  }

  @Override
  public boolean tryLockExclusive() {
    for (;;) {
      Bound b = bound;
      if (!b.lock.tryLockExclusive()) {
        return false;
      }
      if (settleExclusive(b)) {
        return true;
      }
    }
  }

  @Override
  public void unlockExclusive() {
    bound.lock.unlockExclusive();
  }

  @Override
  public boolean isLocked() {
    return bound.lock.isLocked();
  }

  @Override
  public boolean isLockedExclusive() {
    return bound.lock.isLockedExclusive();
  }

  @Override
  public String toString() {
    return "SwappableRawRwLock(" + bound.lock + ")";
  }
}
