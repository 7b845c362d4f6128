package maitake.mutex.providers;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import maitake.sync.blocking.RawMutex;

/**
 * Test-and-test-and-set spin lock with exponential backoff ({@code spin} provider).
 *
 * <p>Fairness: none; a thread that just released may take the lock again at once. Re-entrancy:
 * none; locking it again on the holder's thread spins forever. Unlock by a non-holder: releases the
 * lock (not detected; allocation-free locks keep no owner).
 */
final class TtasSpinLock implements RawMutex {
  /*
   * Implementation overview
   *
   * lock: CAS 0 -> 1; on failure, read (opaque) until the word looks free, backing off between
   * reads, and CAS again. unlock: release store of 0.
   */
  private volatile int locked; // CAS to take, release store to give back

  @Override
  public void lock() {
    if (LOCKED.compareAndSet(this, 0, 1)) {
      return;
    }
    Backoff b = new Backoff();
    for (; ; ) {
      while ((int) LOCKED.getOpaque(this) != 0) {
        b.spin();
      }
      if (LOCKED.compareAndSet(this, 0, 1)) {
        return;
      }
    }
  }

  @Override
  public boolean tryLock() {
    return (int) LOCKED.getOpaque(this) == 0 && LOCKED.compareAndSet(this, 0, 1);
  }

  @Override
  public void unlock() {
    LOCKED.setRelease(this, 0);
  }

  @Override
  public boolean isLocked() {
    return locked != 0;
  }

  @Override
  public String toString() {
    return "TtasSpinLock(" + (locked != 0 ? "locked" : "unlocked") + ")";
  }

  private static final VarHandle LOCKED;

  static {
    try {
      LOCKED = MethodHandles.lookup().findVarHandle(TtasSpinLock.class, "locked", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
