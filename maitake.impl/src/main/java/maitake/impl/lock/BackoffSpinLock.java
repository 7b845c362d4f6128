package maitake.impl.lock;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import maitake.sync.blocking.RawMutex;

/**
 * The built-in raw lock: test-and-test-and-set with exponential spin backoff, yielding the thread
 * after a while. Used when no lock provider is present, and by the timer wheel. Critical sections
 * in the kit are short (link, unlink, hand a permit on), so spinning beats parking.
 *
 * <p>Not fair; not re-entrant (a holder that locks again spins forever). {@link #unlock()} by a
 * thread that does not hold the lock releases it anyway: callers must keep the contract. Allocates
 * nothing.
 */
public final class BackoffSpinLock implements RawMutex {
  /*
   * Implementation overview
   *
   * lock(): one CAS on the fast path. The slow path spins on an opaque read until the lock looks
   * free (so waiters do not bounce the cache line with CASes), with 1, 2, 4 ... 64
   * Thread.onSpinWait() hints between reads, then Thread.yield() between reads (on a machine with
   * fewer cores than threads the holder may be descheduled), and retries the CAS whenever it sees
   * the lock free. unlock() is a release store.
   */
  private static final int MAX_SPIN_SHIFT = 6;

  private volatile int locked; // 0 free, 1 held: CAS to take, release store to give back

  /** A free lock. */
  public BackoffSpinLock() {}

  @Override
  public void lock() {
    if (!LOCKED.compareAndSet(this, 0, 1)) {
      lockSlow();
    }
  }

  private void lockSlow() {
    int shift = 0;
    for (; ; ) {
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
    return "BackoffSpinLock(" + (locked != 0 ? "locked" : "unlocked") + ")";
  }

  private static final VarHandle LOCKED;

  static {
    try {
      LOCKED = MethodHandles.lookup().findVarHandle(BackoffSpinLock.class, "locked", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
