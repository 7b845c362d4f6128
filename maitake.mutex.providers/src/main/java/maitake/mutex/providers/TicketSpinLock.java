package maitake.mutex.providers;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import maitake.sync.blocking.RawMutex;

/**
 * A ticket lock ({@code ticket} provider): a fair FIFO spin lock. Each acquirer takes the next
 * ticket and waits until the lock serves it.
 *
 * <p>Fairness: strict FIFO in the order of taking tickets. Re-entrancy: none. Unlock by a
 * non-holder: serves the next ticket anyway (not detected). Pick it when waiters must not starve
 * and there are no more contending threads than cores. Avoid it when threads outnumber cores: a
 * descheduled waiter holds up everyone behind it (measured here: 4 threads on 2 cores take about 30
 * microseconds per hand-off, against well under one for the spin provider); waiters yield to soften
 * this, but FIFO order cannot be helped.
 */
final class TicketSpinLock implements RawMutex {
  /*
   * Implementation overview
   *
   * next: the next ticket to hand out (getAndAdd). serving: the ticket that holds the lock.
   * lock: my = next++; wait until serving == my. The waiter next in line spins (with backoff);
   * waiters further back yield their core at once, because on a machine with fewer cores than
   * threads the next in line may be waiting for a core, and FIFO means nobody else can go
   * first. tryLock: CAS next from serving to serving + 1 (succeeds only when nobody holds or
   * waits). unlock: serving++ (release).
   */
  private static final int SPINS_BEFORE_YIELD = 128;

  private volatile long next; // getAndAdd
  private volatile long serving; // written by the holder only (release)

  @Override
  public void lock() {
    long my = (long) NEXT.getAndAdd(this, 1L);
    if ((long) SERVING.getAcquire(this) == my) {
      return;
    }
    int spins = 0;
    long s;
    while ((s = (long) SERVING.getAcquire(this)) != my) {
      if (my - s > 1 || ++spins > SPINS_BEFORE_YIELD) {
        Thread.yield();
      } else {
        Thread.onSpinWait();
      }
    }
  }

  @Override
  public boolean tryLock() {
    long s = (long) SERVING.getAcquire(this);
    return NEXT.compareAndSet(this, s, s + 1);
  }

  @Override
  public void unlock() {
    SERVING.setRelease(this, serving + 1);
  }

  @Override
  public boolean isLocked() {
    return next != serving;
  }

  @Override
  public String toString() {
    return "TicketSpinLock(serving=" + serving + ", next=" + next + ")";
  }

  private static final VarHandle NEXT;
  private static final VarHandle SERVING;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      NEXT = l.findVarHandle(TicketSpinLock.class, "next", long.class);
      SERVING = l.findVarHandle(TicketSpinLock.class, "serving", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
