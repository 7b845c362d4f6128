package maitake.impl.lock;

import maitake.sync.blocking.RawMutex;

/**
 * A raw mutex that delegates to a lock of its registry's provider and moves to a new provider's
 * lock, by generations, while it is in use (see {@link LockRegistry}): never two holders, never a
 * stranded acquirer, no deadlock across a swap, and a failing provider never leaves it held.
 */
final class SwappableRawMutex implements RawMutex {
  /*
   * Implementation overview
   *
   * bound is the current delegate with the generation it was made for. lock():
   *   g = the generation the calling thread acquires in (LockRegistry.enter: the one it holds in,
   *       or, holding nothing, the registry's active generation)
   *   loop:
   *     b = bound; take b's lock
   *     if bound != b: someone moved us while we waited: release b, retry on the new one
   *     if b is older than g: make g's delegate while holding b (nobody else can hold b: its
   *       generation has no holders left), publish it, release b, retry
   *     else we hold the lock
   * While a thread holds the current delegate, bound cannot change (changing it needs that very
   * lock), so unlock() releases bound's lock, and ends the thread's hold (no field of the lock is
   * written by its holder: waiters read this object's line while they spin). A delegate that
   * cannot be made (the provider threw) is replaced by keeping b for g; the registry skips that
   * provider from then on.
   *
   * A leaf lock (the kit's wait lists and timer) skips the thread's generation: it moves b up to
   * the registry's active generation only (LockRegistry.leafGeneration), never past it and never
   * back, and ends no hold at unlock.
   */

  /** A delegate and the generation it was made for. */
  private static final class Bound {
    final RawMutex mutex;
    final LockRegistry.Generation generation;

    Bound(RawMutex mutex, LockRegistry.Generation generation) {
      this.mutex = mutex;
      this.generation = generation;
    }
  }

  private final LockRegistry registry;
  private final boolean leaf; // a leaf lock: no per-thread bookkeeping (see LockRegistry)
  private volatile Bound bound; // written only while holding the previous bound's lock

  SwappableRawMutex(LockRegistry registry, boolean leaf) {
    this.registry = registry;
    this.leaf = leaf;
    LockRegistry.Generation g = registry.startGeneration();
    RawMutex m = registry.newMutexFor(g);
    this.bound = new Bound(m != null ? m : new BackoffSpinLock(), g);
  }

  @Override
  public void lock() {
    if (leaf) {
      LockRegistry.Generation g = registry.leafGeneration();
      for (; ; ) {
        Bound b = bound;
        b.mutex.lock();
        if (settleLeaf(b, g)) {
          return;
        }
      }
    }
    LockRegistry.Holds h = registry.holds();
    LockRegistry.Generation g = registry.enter(h, true);
    try {
      for (; ; ) {
        Bound b = bound;
        b.mutex.lock();
        if (settle(b, g)) {
          break;
        }
      }
    } catch (Throwable e) {
      registry.exit(h);
      throw e;
    }
  }

  @Override
  public boolean tryLock() {
    if (leaf) {
      LockRegistry.Generation g = registry.leafGeneration();
      for (; ; ) {
        Bound b = bound;
        if (!b.mutex.tryLock()) {
          return false;
        }
        if (settleLeaf(b, g)) {
          return true;
        }
      }
    }
    LockRegistry.Holds h = registry.holds();
    LockRegistry.Generation g = registry.enter(h, false);
    try {
      for (; ; ) {
        Bound b = bound;
        if (!b.mutex.tryLock()) {
          registry.exit(h);
          return false;
        }
        if (settle(b, g)) {
          return true;
        }
      }
    } catch (Throwable e) {
      registry.exit(h);
      throw e;
    }
  }

  /** Holding b's lock: keep it if b is current for g, else move or retry and return false. */
  private boolean settle(Bound b, LockRegistry.Generation g) {
    if (bound != b) {
      b.mutex.unlock();
      return false;
    }
    if (b.generation != g) {
      RawMutex m = registry.newMutexFor(g); // never throws; null: the provider failed
      bound = new Bound(m != null ? m : b.mutex, g);
      if (m != null) {
        b.mutex.unlock();
        return false;
      }
      return true; // kept b (already held) for g
    }
    return true;
  }

  /** A leaf holding b: move b forward to g if it is older, else keep it (never backward). */
  private boolean settleLeaf(Bound b, LockRegistry.Generation g) {
    if (bound == b && b.generation.number < g.number) {
      return settle(b, g);
    }
    if (bound != b) {
      b.mutex.unlock();
      return false;
    }
    return true;
  }

  @Override
  public void unlock() {
    bound.mutex.unlock();
    if (!leaf) {
      registry.exit(registry.holds());
    }
  }

  @Override
  public boolean isLocked() {
    return bound.mutex.isLocked();
  }

  /**
   * @return the delegate's class name, for diagnostics and tests
   */
  String delegateName() {
    return bound.mutex.getClass().getSimpleName();
  }

  @Override
  public String toString() {
    Bound b = bound;
    return "SwappableRawMutex(" + b.mutex + ", generation " + b.generation.number + ")";
  }
}
