package maitake.impl.sync;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Poll;
import maitake.sync.Outcome;
import maitake.sync.Semaphore;
import maitake.sync.Semaphore.ReusableAcquire;
import maitake.sync.blocking.RawMutex;

/**
 * The {@link Semaphore}: a permit counter for the uncontended paths plus the {@link WaitEngine}'s
 * FIFO of acquires, with partial assignment to the oldest waiter.
 */
public final class FairSemaphore extends WaitEngine<FairSemaphore.Acquire> implements Semaphore {
  /*
   * Implementation overview
   *
   * Ported from the Semaphore of hawkw/mycelium maitake-sync/src/semaphore.rs.
   *
   * permits: the available count, or CLOSED_PERMITS (-1). Invariant: while any acquire is
   * queued, permits is 0, because released permits go to the queue first (givePermitsLocked)
   * and only the rest goes to the counter once the queue is empty. So a lock-free CAS on
   * permits (the fast path of acquire, and tryAcquire) can never overtake a queued waiter.
   *
   * acquire (the engine's register): tryGrantFast takes all n by CAS if the counter has n
   * (never a part: see below); tryGrantLocked takes what the counter has (a release that raced
   * with us either put permits in the counter before we locked, or sees us in the queue), and
   * if still short records how many are still needed and queues the acquire.
   *
   * Only the queue's head ever holds a part of its request. A part is taken only under the lock,
   * and only when the queue is empty (otherwise the counter is 0), and the taker is queued in the
   * same locked section, so it becomes the head; releases then feed the head first. If a part
   * could be taken without the lock, several acquires could each hold a part while they queue
   * and together hold every permit while each waits for one more: a deadlock.
   *
   * addPermits (release): under the lock, give the head min(n, remaining); a head that reaches
   * 0 is granted; the rest, once the queue is empty, goes to the counter. Abandoning a queued
   * acquire hands back what it was assigned (abandonedQueuedLocked); an acquire granted but
   * never polled hands back all of it (passOnLocked).
   *
   * Bounds: total counts the permits that exist (initial + added - forgotten), changed only
   * under the lock. addPermits refuses, before changing anything, to make total exceed
   * MAX_PERMITS; returned permits were counted in total already, so a return never overflows.
   */
  static final long CLOSED_PERMITS = -1;

  private volatile long permits; // CAS only; CLOSED_PERMITS once closed
  private long total; // under the lock: permits that exist (available, assigned or held)

  /**
   * A semaphore.
   *
   * @param lock guards the wait list
   * @param permits the initial permits, 0 to {@link #MAX_PERMITS}
   */
  public FairSemaphore(RawMutex lock, long permits) {
    super(lock);
    if (permits < 0 || permits > MAX_PERMITS) {
      throw new IllegalArgumentException(
          "permits must be between 0 and " + MAX_PERMITS + ": " + permits);
    }
    this.permits = permits;
    this.total = permits;
  }

  private static void checkCount(long n) {
    if (n < 1 || n > MAX_PERMITS) {
      throw new IllegalArgumentException(
          "permit count must be between 1 and " + MAX_PERMITS + ": " + n);
    }
  }

  @Override
  public Future<Outcome<Permit>> acquire(long n) {
    checkCount(n);
    return new Acquire(this, n);
  }

  @Override
  public ReusableAcquire reusableAcquire(long n) {
    checkCount(n);
    return new Acquire(this, n, new HeldPermit(this, 0));
  }

  private static final Outcome<Permit> IS_CLOSED = Outcome.error(Outcome.Failure.CLOSED);

  @Override
  public Outcome<Permit> tryAcquire(long n) {
    checkCount(n);
    int r = takeAll(n);
    return r > 0
        ? Outcome.ok(new HeldPermit(this, n))
        : Outcome.error(r < 0 ? Outcome.Failure.CLOSED : Outcome.Failure.INSUFFICIENT);
  }

  /**
   * Takes all {@code n} permits if the counter has them; lock-free.
   *
   * @return 1 if taken, 0 if the counter has fewer, -1 if closed
   */
  private int takeAll(long n) {
    for (; ; ) {
      long p = permits;
      if (p == CLOSED_PERMITS) {
        return -1;
      }
      if (p < n) {
        return 0;
      }
      if (PERMITS.compareAndSet(this, p, p - n)) {
        return 1; // linearization point of a fast acquire
      }
    }
  }

  /**
   * Takes up to {@code want} permits; the caller holds the lock and queues itself at once if it is
   * still short (see the overview: only the head holds a part).
   *
   * @return how many were taken, or -1 if closed
   */
  private long takeUpToLocked(long want) {
    for (; ; ) {
      long p = permits;
      if (p == CLOSED_PERMITS) {
        return -1;
      }
      long take = Math.min(p, want);
      if (take == 0 || PERMITS.compareAndSet(this, p, p - take)) {
        return take;
      }
    }
  }

  @Override
  public void addPermits(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("cannot add a negative permit count: " + n);
    }
    if (n == 0) {
      return;
    }
    lock.lock();
    try {
      if (permits == CLOSED_PERMITS) {
        return;
      }
      if (n > MAX_PERMITS - total) {
        throw new IllegalArgumentException(
            "adding "
                + n
                + " permits to the "
                + total
                + " that exist would exceed "
                + MAX_PERMITS
                + "; nothing was added");
      }
      total += n;
      givePermitsLocked(n);
    } finally {
      unlockAndWake();
    }
  }

  /** Returns permits that were taken from this semaphore (a permit closed, an abandon). */
  void returnPermits(long n) {
    lock.lock();
    try {
      givePermitsLocked(n);
    } finally {
      unlockAndWake();
    }
  }

  /** Permits that were held leave for good ({@link Permit#forget()}). */
  void forgetPermits(long n) {
    lock.lock();
    try {
      total -= n;
    } finally {
      lock.unlock();
    }
  }

  /** Under the lock: n existing permits go to the oldest waiters first, the rest to the counter. */
  private void givePermitsLocked(long n) {
    if (permits == CLOSED_PERMITS) {
      return;
    }
    Acquire head;
    while (n > 0 && (head = firstLocked()) != null) {
      long give = Math.min(n, head.remaining);
      head.remaining -= give;
      n -= give;
      if (head.remaining == 0) {
        completeLocked(head, GRANTED);
      }
    }
    if (n > 0) {
      for (; ; ) {
        long p = permits;
        if (p == CLOSED_PERMITS || PERMITS.compareAndSet(this, p, p + n)) {
          return; // p + n <= total <= MAX_PERMITS
        }
      }
    }
  }

  @Override
  public long availablePermits() {
    return Math.max(0, permits);
  }

  @Override
  public void close() {
    lock.lock();
    try {
      permits = CLOSED_PERMITS;
      completeAllLocked(CLOSED);
    } finally {
      unlockAndWake();
    }
  }

  @Override
  public boolean isClosed() {
    return permits == CLOSED_PERMITS;
  }

  @Override
  public String toString() {
    long p = permits;
    return "Semaphore("
        + (p == CLOSED_PERMITS ? "closed" : p + " available")
        + ", "
        + sizeRacy()
        + " waiting)";
  }

  // ---------------------------------------------------------------------------------------
  // Engine hooks

  @Override
  int tryGrantFast(Acquire a) {
    int r = takeAll(a.requested);
    return r > 0 ? GRANTED : r < 0 ? CLOSED : PENDING;
  }

  @Override
  int tryGrantLocked(Acquire a) {
    long got = takeUpToLocked(a.requested); // 0 whenever someone is queued (the invariant)
    if (got < 0) {
      return CLOSED;
    }
    if (got == a.requested) {
      return GRANTED;
    }
    a.remaining = a.requested - got;
    return PENDING;
  }

  @Override
  void abandonedQueuedLocked(Acquire a) {
    long back = a.requested - a.remaining;
    if (back > 0) {
      givePermitsLocked(back); // to the waiters behind it, or the counter
    }
  }

  @Override
  void passOnLocked(Acquire a, int status) {
    if (status == GRANTED) {
      givePermitsLocked(a.requested); // satisfied but never polled: all of it goes back
    }
  }

  /**
   * An acquire: a future whose node is itself. A reusable one (from {@link #reusableAcquire}) keeps
   * one permit, its outcome and one result cell, and {@link #reset} makes its node new again.
   */
  static final class Acquire extends WaitEngine.Waiter<Acquire>
      implements Future<Outcome<Permit>>, ReusableAcquire {
    private final FairSemaphore sem;
    final long requested;
    long remaining; // under the lock once queued
    private final HeldPermit permit; // null for a one-shot acquire
    private final Outcome<Permit> granted; // null for a one-shot acquire
    private final Poll.Ready<Outcome<Permit>> cell; // null for a one-shot acquire

    Acquire(FairSemaphore sem, long requested) {
      this.sem = sem;
      this.requested = requested;
      this.permit = null;
      this.granted = null;
      this.cell = null;
    }

    Acquire(FairSemaphore sem, long requested, HeldPermit permit) {
      this.sem = sem;
      this.requested = requested;
      this.permit = permit;
      this.granted = Outcome.ok(permit);
      this.cell = Poll.cell();
    }

    @Override
    public Poll<Outcome<Permit>> poll(Context context) {
      int st = sem.poll(this, context.waker());
      if (st == PENDING) {
        return Poll.pending();
      }
      if (permit == null) {
        return Poll.ready(st == GRANTED ? Outcome.ok(new HeldPermit(sem, requested)) : IS_CLOSED);
      }
      if (st != GRANTED) {
        return cell.fill(IS_CLOSED);
      }
      permit.count = requested; // re-armed: this acquisition's permits
      return cell.fill(granted);
    }

    @Override
    public Acquire reset() {
      if (permit == null) {
        throw new UnsupportedOperationException(
            "only an acquire from Semaphore.reusableAcquire can be reset");
      }
      if (permit.count != 0) {
        throw new IllegalStateException(
            "Semaphore.reusableAcquire reset while its permit holds "
                + permit.count
                + " permits: close or forget it first");
      }
      sem.renew(this); // throws while the acquire waits
      return this;
    }

    @Override
    public void abandon() {
      sem.abandon(this);
    }

    @Override
    String describe() {
      return (permit != null ? "Semaphore.reusableAcquire(" : "Semaphore.acquire(")
          + requested
          + ")";
    }
  }

  /** Permits held; closing gives them back once. */
  static final class HeldPermit implements Permit {
    private final FairSemaphore sem;
    long count; // the holder (a reusable acquire re-arms it at each grant)

    HeldPermit(FairSemaphore sem, long count) {
      this.sem = sem;
      this.count = count;
    }

    @Override
    public long permits() {
      return count;
    }

    @Override
    public void forget() {
      long n = count;
      if (n > 0) {
        count = 0;
        sem.forgetPermits(n);
      }
    }

    @Override
    public void close() {
      long n = count;
      if (n > 0) {
        count = 0;
        sem.returnPermits(n);
      }
    }

    @Override
    public String toString() {
      return "Permit(" + count + ")";
    }
  }

  private static final VarHandle PERMITS;

  static {
    try {
      PERMITS = MethodHandles.lookup().findVarHandle(FairSemaphore.class, "permits", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
