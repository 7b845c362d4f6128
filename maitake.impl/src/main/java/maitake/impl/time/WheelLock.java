package maitake.impl.time;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The timer wheel's lock: test-and-test-and-set with exponential spin backoff, yielding the
 * thread after a while. Critical sections are short (link, unlink, or one turn), so spinning
 * beats parking. Not re-entrant. Allocates nothing.
 */
final class WheelLock {
  /*
   * Implementation overview
   *
   * lock(): one CAS on the fast path. The slow path spins on a plain read until the lock looks
   * free (so waiting threads do not bounce the cache line with CASes), with 1, 2, 4 ... 64
   * Thread.onSpinWait() hints between reads, then Thread.yield() between reads, and retries the
   * CAS whenever it sees the lock free. unlock() is a release store.
   */
  private static final int MAX_SPIN_SHIFT = 6;

  private volatile int locked; // 0 free, 1 held: CAS to take, release store to give back

  void lock() {
    if (!LOCKED.compareAndSet(this, 0, 1)) {
      lockSlow();
    }
  }

  private void lockSlow() {
    int shift = 0;
    for (;;) {
      while ((int) LOCKED.getOpaque(this) != 0) {
        if (shift <= MAX_SPIN_SHIFT) {
          for (int i = 1 << shift; i > 0; i--) {
            Thread.onSpinWait();
          }
          shift++;
        } else {
          Thread.yield();
        }
      }
      if (LOCKED.compareAndSet(this, 0, 1)) {
        return;
      }
    }
  }

  boolean tryLock() {
    return (int) LOCKED.getOpaque(this) == 0 && LOCKED.compareAndSet(this, 0, 1);
  }

  void unlock() {
    LOCKED.setRelease(this, 0);
  }

  boolean isLocked() {
    return locked != 0;
  }

  private static final VarHandle LOCKED;

  static {
    try {
      LOCKED = MethodHandles.lookup().findVarHandle(WheelLock.class, "locked", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
