package maitake.impl.sync;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Poll;
import maitake.future.Waker;
import maitake.impl.util.WakerBatch;
import maitake.impl.util.Wakers;
import maitake.sync.Outcome;
import maitake.sync.WaitQueue;
import maitake.sync.blocking.RawMutex;

/**
 * The {@link WaitQueue}: a state word for the fast paths plus an intrusive FIFO of waiters
 * guarded by a raw lock. Also the engine of {@link HandoffMutex}, which starts it with one stored
 * wakeup as the lock token.
 */
public final class FifoWaitQueue implements WaitQueue {
  /*
   * Implementation overview
   *
   * Ported from maitake-sync's WaitQueue (reference notes, 5.2).
   *
   * state (long): bits 0-1 EMPTY (no waiters, no stored wakeup), WAITING (the list is not
   * empty), WOKEN (one stored wakeup), CLOSED; bits 2.. the number of wakeAll calls so far.
   * Transitions are CASes; the WAITING <-> EMPTY transitions and the counter only change under
   * the lock, so code holding the lock can rely on WAITING meaning "the list is not empty".
   *
   * A wait records the wakeAll count when it is created. Registering (first poll or subscribe):
   *   fast path: WOKEN -> EMPTY consumes the stored wakeup; CLOSED completes at once.
   *   under the lock: a changed wakeAll count completes it (a wakeAll since creation); EMPTY ->
   *   WAITING and link at the tail; WOKEN -> EMPTY consumes; CLOSED completes.
   * wakeOne: if not WAITING, store a wakeup (EMPTY/WOKEN -> WOKEN) without the lock; else, under
   * the lock, unlink the head, hand it ONE and take its waker (the list emptied: WAITING ->
   * EMPTY), release the lock, wake.
   * wakeAll / close: under the lock, bump the counter (or set CLOSED), unlink every waiter handing
   * it ALL (or CLOSED) and collect the wakers; wake them after the lock is released.
   * abandon: a linked wait unlinks itself; a wait that was handed ONE but never consumed it gives
   * it to the next waiter (or stores it): this is what keeps a Mutex hand-off from being lost.
   */

  static final long EMPTY = 0;
  static final long WAITING = 1;
  static final long WOKEN = 2;
  static final long CLOSED = 3;
  static final long MASK = 3;
  static final long ONE_WAKE_ALL = 4;

  static final int NONE = 0;
  static final int ONE = 1;
  static final int ALL = 2;
  static final int CLOSED_WAKEUP = 3;

  private final RawMutex lock;
  private volatile long state; // see the overview; CAS only
  private final WaitList<QueueWait> waiters = new WaitList<>(); // under lock

  /**
   * A queue.
   *
   * @param lock guards the wait list
   * @param woken whether it starts with one stored wakeup
   */
  public FifoWaitQueue(RawMutex lock, boolean woken) {
    this.lock = Objects.requireNonNull(lock, "lock");
    this.state = woken ? WOKEN : EMPTY;
  }

  @Override
  public QueueWait await() {
    return new QueueWait(this);
  }

  @Override
  public Future<Outcome<Void>> waitFor(BooleanSupplier condition) {
    return new ConditionWait<>(this::await, ConditionWait.asCheck(condition));
  }

  @Override
  public <T> Future<Outcome<T>> waitForValue(Supplier<T> supplier) {
    return new ConditionWait<>(this::await, Objects.requireNonNull(supplier, "supplier"));
  }

  @Override
  public void wakeOne() {
    for (;;) {
      long s = state;
      long st = s & MASK;
      if (st == CLOSED || st == WOKEN) {
        return;
      }
      if (st == EMPTY) {
        if (casState(s, (s & ~MASK) | WOKEN)) {
          return;
        }
        continue;
      }
      Waker w;
      lock.lock();
      try {
        if ((state & MASK) != WAITING) {
          continue; // changed before we took the lock: retry the lock-free path
        }
        w = wakeHeadLocked();
      } finally {
        lock.unlock();
      }
      Wakers.wakeSafely(w);
      return;
    }
  }

  /** Under the lock, with state WAITING: hands ONE to the oldest waiter; returns its waker. */
  private Waker wakeHeadLocked() {
    QueueWait head = waiters.pollFirst();
    head.wakeup = ONE;
    Waker w = head.waker;
    head.waker = null;
    if (waiters.isEmpty()) {
      setStateEmptyLocked();
    }
    return w;
  }

  /** Under the lock: WAITING -> EMPTY, keeping the counter. */
  private void setStateEmptyLocked() {
    for (;;) {
      long s = state;
      if ((s & MASK) != WAITING || casState(s, (s & ~MASK) | EMPTY)) {
        return;
      }
    }
  }

  @Override
  public void wakeAll() {
    WakerBatch batch = WakerBatch.acquire();
    lock.lock();
    try {
      for (;;) {
        long s = state;
        if ((s & MASK) == CLOSED) {
          return;
        }
        long next = s + ONE_WAKE_ALL;
        if ((s & MASK) == WAITING) {
          next = (next & ~MASK) | EMPTY;
        }
        if (casState(s, next)) {
          break;
        }
      }
      drainLocked(ALL, batch);
    } finally {
      lock.unlock();
      batch.wakeAll();
    }
  }

  @Override
  public void close() {
    WakerBatch batch = WakerBatch.acquire();
    lock.lock();
    try {
      for (;;) {
        long s = state;
        if ((s & MASK) == CLOSED || casState(s, (s & ~MASK) | CLOSED)) {
          break;
        }
      }
      drainLocked(CLOSED_WAKEUP, batch);
    } finally {
      lock.unlock();
      batch.wakeAll();
    }
  }

  private void drainLocked(int wakeup, WakerBatch batch) {
    QueueWait w;
    while ((w = waiters.pollFirst()) != null) {
      w.wakeup = wakeup;
      batch.add(w.waker);
      w.waker = null;
    }
  }

  @Override
  public boolean isClosed() {
    return (state & MASK) == CLOSED;
  }

  /** Consumes a stored wakeup without waiting (Mutex.tryLock). */
  boolean tryConsume() {
    for (;;) {
      long s = state;
      if ((s & MASK) != WOKEN) {
        return false;
      }
      if (casState(s, (s & ~MASK) | EMPTY)) {
        return true;
      }
    }
  }

  /** @return whether a wakeup is stored (for Mutex.isLocked) */
  boolean hasStoredWakeup() {
    return (state & MASK) == WOKEN;
  }

  @Override
  public String toString() {
    long s = state;
    String[] names = {"EMPTY", "WAITING", "WOKEN", "CLOSED"};
    return "WaitQueue(" + names[(int) (s & MASK)] + ", wakeAlls=" + (s >>> 2) + ")";
  }

  private boolean casState(long expected, long next) {
    return STATE.compareAndSet(this, expected, next);
  }

  /** A wait on the queue; its node is itself. */
  static final class QueueWait extends WaitList.Node<QueueWait>
      implements Wait, SubscribableWait {
    private static final int START = 0;
    private static final int QUEUED = 1;
    private static final int DONE = 2;

    private final FifoWaitQueue queue;
    private final long wakeAlls; // the wakeAll count at creation
    private int phase = START; // the owner
    private Outcome<Void> result; // the owner, once DONE
    volatile int wakeup = NONE; // written under the queue's lock; read by the owner
    Waker waker; // under the queue's lock

    QueueWait(FifoWaitQueue queue) {
      this.queue = queue;
      this.wakeAlls = queue.state >>> 2;
    }

    @Override
    public Poll<Outcome<Void>> poll(Context context) {
      return advance(context.waker());
    }

    @Override
    public Poll<Outcome<Void>> subscribe() {
      return phase == START ? advance(null) : pollQueued(null, false);
    }

    private Poll<Outcome<Void>> advance(Waker w) {
      if (phase == DONE) {
        return Poll.ready(result);
      }
      if (phase == START) {
        return start(w);
      }
      return pollQueued(w, true);
    }

    private Poll<Outcome<Void>> start(Waker w) {
      FifoWaitQueue q = queue;
      long s = q.state;
      if ((s & MASK) == WOKEN && q.casState(s, (s & ~MASK) | EMPTY)) {
        return done(Outcome.ok(null));
      }
      if ((s & MASK) == CLOSED) {
        return done(Outcome.error(Outcome.Error.CLOSED));
      }
      q.lock.lock();
      try {
        for (;;) {
          s = q.state;
          if ((s >>> 2) != wakeAlls) {
            return done(Outcome.ok(null));
          }
          long st = s & MASK;
          if (st == WOKEN) {
            if (q.casState(s, (s & ~MASK) | EMPTY)) {
              return done(Outcome.ok(null));
            }
          } else if (st == CLOSED) {
            return done(Outcome.error(Outcome.Error.CLOSED));
          } else if (st == WAITING || q.casState(s, (s & ~MASK) | WAITING)) {
            break;
          }
        }
        waker = w;
        q.waiters.addLast(this);
        phase = QUEUED;
      } finally {
        q.lock.unlock();
      }
      return Poll.pending();
    }

    private Poll<Outcome<Void>> pollQueued(Waker w, boolean updateWaker) {
      int got = wakeup;
      if (got == NONE && updateWaker) {
        FifoWaitQueue q = queue;
        q.lock.lock();
        try {
          got = wakeup;
          if (got == NONE && (waker == null || !waker.willWake(w))) {
            waker = w;
          }
        } finally {
          q.lock.unlock();
        }
      }
      if (got == NONE) {
        return Poll.pending();
      }
      return done(got == CLOSED_WAKEUP ? Outcome.error(Outcome.Error.CLOSED) : Outcome.ok(null));
    }

    private Poll<Outcome<Void>> done(Outcome<Void> o) {
      phase = DONE;
      result = o;
      return Poll.ready(o);
    }

    @Override
    public void abandon() {
      if (phase != QUEUED) {
        phase = DONE;
        return;
      }
      phase = DONE;
      result = Outcome.ok(null);
      FifoWaitQueue q = queue;
      Waker pass = null;
      q.lock.lock();
      try {
        if (q.waiters.remove(this)) {
          waker = null;
          if (q.waiters.isEmpty()) {
            q.setStateEmptyLocked();
          }
        } else if (wakeup == ONE) {
          wakeup = NONE;
          pass = q.passOnLocked();
        }
      } finally {
        q.lock.unlock();
      }
      Wakers.wakeSafely(pass);
    }

    @Override
    public String toString() {
      return "WaitQueue.Wait(phase=" + phase + ", wakeup=" + wakeup + ")";
    }
  }

  /** Under the lock: an unconsumed ONE goes to the next waiter, or is stored. */
  private Waker passOnLocked() {
    if ((state & MASK) == WAITING) {
      return wakeHeadLocked();
    }
    for (;;) {
      long s = state;
      long st = s & MASK;
      if (st == CLOSED || st == WOKEN || casState(s, (s & ~MASK) | WOKEN)) {
        return null;
      }
    }
  }

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(FifoWaitQueue.class, "state", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
