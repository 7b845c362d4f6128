package maitake.impl.lock;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import maitake.sync.blocking.RawRwLock;

/**
 * The built-in raw reader-writer lock: one state word holding a writer bit and a reader count, with
 * spin backoff. A writer that is waiting sets a pending bit that keeps new readers out, so writers
 * are not starved by a stream of readers. Not re-entrant.
 */
public final class SpinRwLock implements RawRwLock {
  /*
   * Implementation overview
   *
   * state: bit 0 WRITER (held exclusively), bit 1 WRITER_PENDING (a writer waits; new shared
   * acquisitions back off), bits 2.. the reader count (READER = 4 per reader).
   *   tryLockShared:    CAS +READER if neither WRITER nor WRITER_PENDING
   *   tryLockExclusive: CAS from 0 (or WRITER_PENDING) to WRITER
   *   lockExclusive:    set WRITER_PENDING, then wait for the readers to leave
   * unlockShared subtracts READER; unlockExclusive clears WRITER.
   */
  private static final int WRITER = 1;
  private static final int WRITER_PENDING = 2;
  private static final int READER = 4;

  private volatile int state; // CAS only

  /** A free lock. */
  public SpinRwLock() {}

  @Override
  public void lockShared() {
    int spins = 0;
    while (!tryLockShared()) {
      spins = backoff(spins);
    }
  }

  @Override
  public boolean tryLockShared() {
    for (; ; ) {
      int s = state;
      if ((s & (WRITER | WRITER_PENDING)) != 0) {
        return false;
      }
      if (s > Integer.MAX_VALUE - READER) {
        throw new IllegalStateException("too many readers");
      }
      if (STATE.compareAndSet(this, s, s + READER)) {
        return true;
      }
    }
  }

  @Override
  public void unlockShared() {
    int prev = (int) STATE.getAndAdd(this, -READER);
    if (prev < READER) {
      STATE.getAndAdd(this, READER);
      throw new IllegalStateException("unlockShared without a shared hold");
    }
  }

  @Override
  public void lockExclusive() {
    int spins = 0;
    for (; ; ) {
      int s = state;
      if ((s & ~WRITER_PENDING) == 0) {
        if (STATE.compareAndSet(this, s, WRITER)) {
          return;
        }
        continue;
      }
      if ((s & WRITER_PENDING) == 0) {
        STATE.compareAndSet(this, s, s | WRITER_PENDING);
      }
      spins = backoff(spins);
    }
  }

  @Override
  public boolean tryLockExclusive() {
    int s = state;
    return (s & ~WRITER_PENDING) == 0 && STATE.compareAndSet(this, s, WRITER);
  }

  @Override
  public void unlockExclusive() {
    for (; ; ) {
      int s = state;
      if ((s & WRITER) == 0) {
        throw new IllegalStateException("unlockExclusive without the exclusive hold");
      }
      if (STATE.compareAndSet(this, s, s & ~WRITER)) {
        return;
      }
    }
  }

  @Override
  public boolean isLocked() {
    return (state & ~WRITER_PENDING) != 0;
  }

  @Override
  public boolean isLockedExclusive() {
    return (state & WRITER) != 0;
  }

  private static int backoff(int spins) {
    if (spins < 7) {
      for (int i = 1 << spins; i > 0; i--) {
        Thread.onSpinWait();
      }
      return spins + 1;
    }
    Thread.yield();
    return spins;
  }

  @Override
  public String toString() {
    int s = state;
    return "SpinRwLock(readers=" + (s >>> 2) + ", writer=" + ((s & WRITER) != 0) + ")";
  }

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(SpinRwLock.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
