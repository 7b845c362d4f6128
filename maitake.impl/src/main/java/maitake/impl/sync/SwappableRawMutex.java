package maitake.impl.sync;

import maitake.sync.blocking.RawMutex;

/**
 * A raw mutex that delegates to a lock of the active provider and moves to the new provider's
 * lock when the provider changes, while it is in use, without ever admitting two holders or
 * stranding an acquirer.
 */
final class SwappableRawMutex implements RawMutex {
  /*
   * Implementation overview (DESIGN.md section 5)
   *
   * bound is the current delegate with the registry generation it belongs to. Acquiring:
   *   loop:
   *     b = bound; take b's lock
   *     if bound != b: someone moved us while we waited: release b, retry on the new one
   *     if b's generation is stale: bound = a fresh delegate of the active provider (made and
   *       published while holding b, so nobody can hold b meanwhile), release b, retry
   *     else we hold the lock
   * While a thread holds the current delegate, bound cannot change (changing it needs that very
   * lock), so unlock() simply releases bound's lock.
   * Holders of the old delegate and of the new one can never overlap: the new one is published
   * only while the old one is held by the thread that publishes it, and that thread releases the
   * old one without entering a critical section. An acquirer blocked on the old delegate wakes
   * after the move, sees bound changed, and retries: nobody is stranded on a lock nobody else
   * uses. The generation check is one volatile read per acquisition.
   */

  /** A delegate and the registry generation it was made for. */
  private static final class Bound {
    final RawMutex mutex;
    final long generation;

    Bound(RawMutex mutex, long generation) {
      this.mutex = mutex;
      this.generation = generation;
    }
  }

  private final LockRegistry registry;
  private volatile Bound bound; // written only while holding the previous bound's lock

  SwappableRawMutex(LockRegistry registry) {
    this.registry = registry;
    LockRegistry.Active a = registry.active();
    this.bound = new Bound(LockRegistry.mutexOf(a), a.generation);
  }

  @Override
  public void lock() {
    for (;;) {
      Bound b = bound;
      b.mutex.lock();
      if (settle(b)) {
        return;
      }
    }
  }

  @Override
  public boolean tryLock() {
    for (;;) {
      Bound b = bound;
      if (!b.mutex.tryLock()) {
        return false;
      }
      if (settle(b)) {
        return true;
      }
    }
  }

  /** Holding b's lock: keep it if b is current, else move or retry and return false. */
  private boolean settle(Bound b) {
    if (bound != b) {
      b.mutex.unlock();
      return false;
    }
    LockRegistry.Active a = registry.active();
    if (a.generation != b.generation) {
      bound = new Bound(LockRegistry.mutexOf(a), a.generation);
      b.mutex.unlock();
      return false;
    }
    return true;
  }

  @Override
  public void unlock() {
    bound.mutex.unlock();
  }

  @Override
  public boolean isLocked() {
    return bound.mutex.isLocked();
  }

  /** @return the delegate's class name, for diagnostics and tests */
  String delegateName() {
    return bound.mutex.getClass().getSimpleName();
  }

  @Override
  public String toString() {
    return "SwappableRawMutex(" + bound.mutex + ")";
  }
}
