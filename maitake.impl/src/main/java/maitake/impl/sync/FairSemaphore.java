package maitake.impl.sync;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Poll;
import maitake.future.Waker;
import maitake.impl.util.WakerBatch;
import maitake.sync.Outcome;
import maitake.sync.Semaphore;
import maitake.sync.blocking.RawMutex;

/**
 * The {@link Semaphore}: a permit counter for the uncontended paths plus an intrusive FIFO of
 * acquires guarded by a raw lock, with partial assignment to the oldest waiter.
 */
public final class FairSemaphore implements Semaphore {
  /*
   * Implementation overview
   *
   * Ported from maitake-sync's Semaphore (reference notes, 5.6).
   *
   * permits: the available count, or CLOSED (-1). Invariant: while any acquire is queued,
   * permits is 0, because released permits go to the queue first (addPermitsLocked) and only
   * the rest goes to the counter once the queue is empty. So a lock-free CAS on permits (the
   * fast path of acquire, and tryAcquire) can never overtake a queued waiter.
   *
   * acquire: take all n by CAS if the counter has n (never a part: see below); otherwise take
   * the lock, take what the counter has (a release that raced with us either put permits in the
   * counter before we locked, or sees us in the queue), and if still short record how many are
   * still needed and link at the tail.
   *
   * Only the queue's head ever holds a part of its request. A part is taken only under the lock,
   * and only when the queue is empty (otherwise the counter is 0), and the taker links itself in
   * the same locked section, so it becomes the head; releases then feed the head first. If a
   * part could be taken without the lock, several acquires could each hold a part while they
   * queue (a release refilling the counter between one's lock-free part and its linking), and
   * together hold every permit while each waits for one more: a deadlock. (The stress test of
   * randomly abandoned acquires found exactly that.)
   * addPermits (release): under the lock, give the head min(n, remaining); a head that reaches 0
   * is unlinked and its waker collected; the rest, once the queue is empty, goes to the counter.
   * Wakers run after the lock is released.
   * abandon of a queued acquire: unlink and hand back what it was already assigned; an acquire
   * that was satisfied but never polled hands back all of it.
   */
  static final long CLOSED = -1;

  private final RawMutex lock;
  private volatile long permits; // CAS only; CLOSED once closed
  private final WaitList<Acquire> waiters = new WaitList<>(); // under lock

  /**
   * A semaphore.
   *
   * @param lock guards the wait list
   * @param permits the initial permits, 0 to {@link #MAX_PERMITS}
   */
  public FairSemaphore(RawMutex lock, long permits) {
    this.lock = Objects.requireNonNull(lock, "lock");
    if (permits < 0 || permits > MAX_PERMITS) {
      throw new IllegalArgumentException("permits must be between 0 and " + MAX_PERMITS + ": "
          + permits);
    }
    this.permits = permits;
  }

  private static void checkCount(long n) {
    if (n < 1 || n > MAX_PERMITS) {
      throw new IllegalArgumentException("permit count must be between 1 and " + MAX_PERMITS
          + ": " + n);
    }
  }

  @Override
  public Future<Outcome<Permit>> acquire(long n) {
    checkCount(n);
    return new Acquire(this, n);
  }

  @Override
  public Outcome<Permit> tryAcquire(long n) {
    checkCount(n);
    for (;;) {
      long p = permits;
      if (p == CLOSED) {
        return Outcome.error(Outcome.Error.CLOSED);
      }
      if (p < n) {
        return Outcome.error(Outcome.Error.INSUFFICIENT);
      }
      if (PERMITS.compareAndSet(this, p, p - n)) {
        return Outcome.ok(new HeldPermit(this, n));
      }
    }
  }

  /**
   * Takes all {@code n} permits if the counter has them; lock-free.
   *
   * @return 1 if taken, 0 if the counter has fewer, -1 if closed
   */
  private int takeAll(long n) {
    for (;;) {
      long p = permits;
      if (p == CLOSED) {
        return -1;
      }
      if (p < n) {
        return 0;
      }
      if (PERMITS.compareAndSet(this, p, p - n)) {
        return 1;
      }
    }
  }

  /**
   * Takes up to {@code want} permits; the caller holds the lock and links itself at once if
   * it is still short (see the overview: only the head holds a part).
   *
   * @return how many were taken, or -1 if closed
   */
  private long takeUpToLocked(long want) {
    for (;;) {
      long p = permits;
      if (p == CLOSED) {
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
    WakerBatch batch = WakerBatch.acquire();
    lock.lock();
    try {
      addPermitsLocked(n, batch);
    } finally {
      lock.unlock();
      batch.wakeAll();
    }
  }

  private void addPermitsLocked(long n, WakerBatch batch) {
    if (permits == CLOSED) {
      return;
    }
    Acquire head;
    while (n > 0 && (head = waiters.peekFirst()) != null) {
      long give = Math.min(n, head.remaining);
      head.remaining -= give;
      n -= give;
      if (head.remaining == 0) {
        waiters.pollFirst();
        batch.add(head.waker);
        head.waker = null;
      }
    }
    if (n > 0) {
      for (;;) {
        long p = permits;
        if (p == CLOSED) {
          return;
        }
        if (p > MAX_PERMITS - n) {
          throw new IllegalArgumentException("adding " + n + " permits to " + p
              + " would exceed " + MAX_PERMITS);
        }
        if (PERMITS.compareAndSet(this, p, p + n)) {
          return;
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
    WakerBatch batch = WakerBatch.acquire();
    lock.lock();
    try {
      permits = CLOSED;
      Acquire a;
      while ((a = waiters.pollFirst()) != null) {
        a.closed = true;
        batch.add(a.waker);
        a.waker = null;
      }
    } finally {
      lock.unlock();
      batch.wakeAll();
    }
  }

  @Override
  public boolean isClosed() {
    return permits == CLOSED;
  }

  @Override
  public String toString() {
    long p = permits;
    return "Semaphore(" + (p == CLOSED ? "closed" : p + " available") + ")";
  }

  /** An acquire: a future whose node is itself. */
  static final class Acquire extends WaitList.Node<Acquire> implements Future<Outcome<Permit>> {
    private static final int START = 0;
    private static final int QUEUED = 1;
    private static final int DONE = 2;

    private final FairSemaphore sem;
    private final long requested;
    private int phase = START; // the owner
    long remaining; // under the lock once queued
    boolean closed; // under the lock
    Waker waker; // under the lock

    Acquire(FairSemaphore sem, long requested) {
      this.sem = sem;
      this.requested = requested;
    }

    @Override
    public Poll<Outcome<Permit>> poll(Context context) {
      if (phase == DONE) {
        throw new IllegalStateException("acquire polled after it completed");
      }
      if (phase == START) {
        return start(context.waker());
      }
      sem.lock.lock();
      try {
        if (closed) {
          phase = DONE;
          return Poll.ready(Outcome.error(Outcome.Error.CLOSED));
        }
        if (remaining == 0 && !linked) {
          phase = DONE;
          return Poll.ready(Outcome.ok(new HeldPermit(sem, requested)));
        }
        Waker w = context.waker();
        if (waker == null || !waker.willWake(w)) {
          waker = w;
        }
        return Poll.pending();
      } finally {
        sem.lock.unlock();
      }
    }

    private Poll<Outcome<Permit>> start(Waker w) {
      int all = sem.takeAll(requested);
      if (all != 0) {
        phase = DONE;
        return Poll.ready(all > 0 ? Outcome.ok(new HeldPermit(sem, requested))
            : Outcome.error(Outcome.Error.CLOSED));
      }
      sem.lock.lock();
      try {
        long got = sem.takeUpToLocked(requested);
        if (got < 0) {
          phase = DONE;
          return Poll.ready(Outcome.error(Outcome.Error.CLOSED));
        }
        if (got == requested) {
          phase = DONE;
          return Poll.ready(Outcome.ok(new HeldPermit(sem, requested)));
        }
        remaining = requested - got;
        waker = w;
        sem.waiters.addLast(this);
        phase = QUEUED;
        return Poll.pending();
      } finally {
        sem.lock.unlock();
      }
    }

    @Override
    public void abandon() {
      if (phase != QUEUED) {
        phase = DONE;
        return;
      }
      phase = DONE;
      WakerBatch batch = WakerBatch.acquire();
      sem.lock.lock();
      try {
        if (!closed) {
          long back = sem.waiters.remove(this) ? requested - remaining : requested;
          waker = null;
          if (back > 0) {
            sem.addPermitsLocked(back, batch);
          }
        }
      } finally {
        sem.lock.unlock();
        batch.wakeAll();
      }
    }
  }

  /** Permits held; closing gives them back once. */
  static final class HeldPermit implements Permit {
    private final FairSemaphore sem;
    private long count; // the holder

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
      count = 0;
    }

    @Override
    public void close() {
      long n = count;
      if (n > 0) {
        count = 0;
        sem.addPermits(n);
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
