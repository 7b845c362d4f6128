package maitake.mutex.providers;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import maitake.sync.blocking.RawRwLock;

/**
 * A spinning reader-writer lock ({@code spin} provider): one word with a writer bit, a
 * writer-waiting bit and a reader count. A waiting writer keeps new readers out, so writers are not
 * starved. Not re-entrant; no fairness among writers.
 */
final class TtasRwLock implements RawRwLock {
  /*
   * Implementation overview
   *
   * state: bit 0 WRITER, bit 1 WRITER_WAITING, bits 2.. readers (READER = 4 each).
   * Shared: CAS +READER when neither writer bit is set. Exclusive: CAS to WRITER from 0 or
   * WRITER_WAITING; while readers remain, set WRITER_WAITING and back off.
   */
  private static final int WRITER = 1;
  private static final int WRITER_WAITING = 2;
  private static final int READER = 4;

  private volatile int state; // CAS only

  @Override
  public void lockShared() {
    Backoff b = new Backoff();
    while (!tryLockShared()) {
      b.spin();
    }
  }

  @Override
  public boolean tryLockShared() {
    for (; ; ) {
      int s = state;
      if ((s & (WRITER | WRITER_WAITING)) != 0) {
        return false;
      }
      if (STATE.compareAndSet(this, s, s + READER)) {
        return true;
      }
    }
  }

  @Override
  public void unlockShared() {
    STATE.getAndAdd(this, -READER);
  }

  @Override
  public void lockExclusive() {
    Backoff b = new Backoff();
    for (; ; ) {
      int s = state;
      if ((s & ~WRITER_WAITING) == 0) {
        if (STATE.compareAndSet(this, s, WRITER)) {
          return;
        }
        continue;
      }
      if ((s & WRITER_WAITING) == 0) {
        STATE.compareAndSet(this, s, s | WRITER_WAITING);
      }
      b.spin();
    }
  }

  @Override
  public boolean tryLockExclusive() {
    int s = state;
    return (s & ~WRITER_WAITING) == 0 && STATE.compareAndSet(this, s, WRITER);
  }

  @Override
  public void unlockExclusive() {
    STATE.getAndBitwiseAnd(this, ~WRITER);
  }

  @Override
  public boolean isLocked() {
    return (state & ~WRITER_WAITING) != 0;
  }

  @Override
  public boolean isLockedExclusive() {
    return (state & WRITER) != 0;
  }

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(TtasRwLock.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
