package maitake.impl.lock;

import maitake.sync.blocking.RawRwLock;

/**
 * A raw reader-writer lock that follows its registry's provider by generations, like {@link
 * SwappableRawMutex}: a move to a new delegate happens under the old delegate's exclusive hold.
 */
final class SwappableRawRwLock implements RawRwLock {
  /*
   * Implementation overview
   *
   * As SwappableRawMutex, with shared and exclusive acquisitions; shared holds count as holds of
   * the thread's generation. A shared acquirer that finds the delegate older than its generation
   * cannot move it while others may share it, so it takes the old delegate's exclusive hold to
   * move it (or, in a try-acquisition, tries to), then retries. While anyone holds the current
   * delegate (shared or exclusive), bound cannot change, since changing it needs the exclusive
   * hold: so the unlocks release bound's lock. Shared unlocks find the thread's holds through
   * the registry's thread-local, as exclusive ones do.
   */

  private static final class Bound {
    final RawRwLock lock;
    final LockRegistry.Generation generation;

    Bound(RawRwLock lock, LockRegistry.Generation generation) {
      this.lock = lock;
      this.generation = generation;
    }
  }

  private final LockRegistry registry;
  private volatile Bound bound; // written only under the previous bound's exclusive hold

  SwappableRawRwLock(LockRegistry registry) {
    this.registry = registry;
    LockRegistry.Generation g = registry.startGeneration();
    RawRwLock l = registry.newRwLockFor(g);
    this.bound = new Bound(l != null ? l : new SpinRwLock(), g);
  }

  /**
   * Holding b exclusively: if b is current but older than g, move to g's delegate (or keep b for g
   * if the provider failed).
   *
   * @return true if b is (still, or now kept as) the current delegate for g and is held
   */
  private boolean settleExclusive(Bound b, LockRegistry.Generation g) {
    if (bound != b) {
      b.lock.unlockExclusive();
      return false;
    }
    if (b.generation != g) {
      RawRwLock l = registry.newRwLockFor(g); // never throws; null: the provider failed
      bound = new Bound(l != null ? l : b.lock, g);
      if (l != null) {
        b.lock.unlockExclusive();
        return false;
      }
    }
    return true;
  }

  @Override
  public void lockShared() {
    LockRegistry.Holds h = registry.holds();
    LockRegistry.Generation g = registry.enter(h, true);
    try {
      for (; ; ) {
        Bound b = bound;
        if (b.generation != g) {
          b.lock.lockExclusive();
          if (settleExclusive(b, g)) {
            b.lock.unlockExclusive(); // kept for g: now share it
          }
          continue;
        }
        b.lock.lockShared();
        if (bound == b) {
          return;
        }
        b.lock.unlockShared();
      }
    } catch (Throwable e) {
      registry.exit(h);
      throw e;
    }
  }

  @Override
  public boolean tryLockShared() {
    LockRegistry.Holds h = registry.holds();
    LockRegistry.Generation g = registry.enter(h, false);
    try {
      for (; ; ) {
        Bound b = bound;
        if (b.generation != g) {
          if (!b.lock.tryLockExclusive()) {
            registry.exit(h);
            return false;
          }
          if (settleExclusive(b, g)) {
            b.lock.unlockExclusive();
          }
          continue;
        }
        if (!b.lock.tryLockShared()) {
          registry.exit(h);
          return false;
        }
        if (bound == b) {
          return true;
        }
        b.lock.unlockShared();
      }
    } catch (Throwable e) {
      registry.exit(h);
      throw e;
    }
  }

  @Override
  public void unlockShared() {
    bound.lock.unlockShared();
    registry.exit(registry.holds());
  }

  @Override
  public void lockExclusive() {
    LockRegistry.Holds h = registry.holds();
    LockRegistry.Generation g = registry.enter(h, true);
    try {
      for (; ; ) {
        Bound b = bound;
        b.lock.lockExclusive();
        if (settleExclusive(b, g)) {
          break;
        }
      }
    } catch (Throwable e) {
      registry.exit(h);
      throw e;
    }
  }

  @Override
  public boolean tryLockExclusive() {
    LockRegistry.Holds h = registry.holds();
    LockRegistry.Generation g = registry.enter(h, false);
    try {
      for (; ; ) {
        Bound b = bound;
        if (!b.lock.tryLockExclusive()) {
          registry.exit(h);
          return false;
        }
        if (settleExclusive(b, g)) {
          return true;
        }
      }
    } catch (Throwable e) {
      registry.exit(h);
      throw e;
    }
  }

  @Override
  public void unlockExclusive() {
    bound.lock.unlockExclusive();
    registry.exit(registry.holds());
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
    Bound b = bound;
    return "SwappableRawRwLock(" + b.lock + ", generation " + b.generation.number + ")";
  }
}
