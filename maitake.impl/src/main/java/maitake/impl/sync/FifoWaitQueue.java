package maitake.impl.sync;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Poll;
import maitake.sync.Outcome;
import maitake.sync.WaitQueue;
import maitake.sync.blocking.RawMutex;

/**
 * The {@link WaitQueue}: a state word for the lock-free paths plus the {@link WaitEngine}'s FIFO of
 * waiters. Also the engine of {@link HandoffMutex}, which starts it with one stored wakeup as the
 * lock token.
 */
public final class FifoWaitQueue extends WaitEngine<FifoWaitQueue.QueueWait> implements WaitQueue {
  /*
   * Implementation overview
   *
   * Ported from the WaitQueue of hawkw/mycelium maitake-sync/src/wait_queue.rs.
   *
   * state (long): bits 0-1 EMPTY (no waiters, no stored wakeup), WAITING (the list is not
   * empty), WOKEN (one stored wakeup), CLOSED; bits 2.. the number of wakeAll calls so far.
   * Transitions are CASes; the WAITING <-> EMPTY transitions and the counter only change under
   * the lock, so code holding the lock can rely on WAITING meaning "the list is not empty".
   *
   * A wait records the wakeAll count when it is created. Its first poll (the engine's register):
   *   fast path (tryGrantFast): a changed wakeAll count completes it (ALL) before anything
   *   else, so a wait that a wakeAll completed never also consumes a wakeup stored later; then
   *   CLOSED completes it; WOKEN -> EMPTY consumes the stored wakeup (ONE).
   *   under the lock (tryGrantLocked): the same checks, then EMPTY -> WAITING and queue it.
   * wakeOne: if not WAITING, store a wakeup (EMPTY -> WOKEN) without the lock; else, under the
   * lock, grant ONE to the head (the list emptied: WAITING -> EMPTY).
   * wakeAll / close: under the lock, bump the counter (or set CLOSED) and grant ALL (CLOSED) to
   * every waiter.
   * abandon (the engine): a queued wait unlinks itself (the list emptied: WAITING -> EMPTY); a
   * wait granted ONE that its owner never saw passes it on to the next waiter, or stores it:
   * this is what keeps a Mutex hand-off from being lost. ALL needs no passing on.
   */

  static final long EMPTY = 0;
  static final long WAITING = 1;
  static final long WOKEN = 2;
  static final long CLOSED_STATE = 3;
  static final long MASK = 3;
  static final long ONE_WAKE_ALL = 4;

  /** The status of a wait completed by a wakeAll (GRANTED is a wakeOne's wakeup). */
  static final int ALL = FIRST_OWN_STATUS;

  private static final Outcome<Void> OK = Outcome.ok(null);
  private static final Outcome<Void> IS_CLOSED = Outcome.error(Outcome.Failure.CLOSED);

  private volatile long state; // see the overview; CAS only

  /**
   * A queue.
   *
   * @param lock guards the wait list
   * @param woken whether it starts with one stored wakeup
   */
  public FifoWaitQueue(RawMutex lock, boolean woken) {
    super(lock);
    this.state = woken ? WOKEN : EMPTY;
  }

  @Override
  public QueueWait await() {
    return new QueueWait(this, "WaitQueue.Wait");
  }

  /** A wait that names itself {@code what} in messages (the mutex's lock future). */
  QueueWait await(String what) {
    return new QueueWait(this, what);
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
    for (; ; ) {
      long s = state;
      long st = s & MASK;
      if (st == CLOSED_STATE || st == WOKEN) {
        return;
      }
      if (st == EMPTY) {
        if (casState(s, (s & ~MASK) | WOKEN)) {
          return; // linearization point of a stored wakeup
        }
        continue;
      }
      lock.lock();
      try {
        if ((state & MASK) != WAITING) {
          continue; // changed before we took the lock: retry the lock-free path
        }
        wakeHeadLocked();
      } finally {
        unlockAndWake();
      }
      return;
    }
  }

  /** Under the lock, with state WAITING: grants ONE to the oldest waiter. */
  private void wakeHeadLocked() {
    completeLocked(firstLocked(), GRANTED);
    if (isEmptyLocked()) {
      setStateEmptyLocked();
    }
  }

  /** Under the lock: WAITING -> EMPTY, keeping the counter. */
  private void setStateEmptyLocked() {
    for (; ; ) {
      long s = state;
      if ((s & MASK) != WAITING || casState(s, (s & ~MASK) | EMPTY)) {
        return;
      }
    }
  }

  @Override
  public void wakeAll() {
    lock.lock();
    try {
      for (; ; ) {
        long s = state;
        if ((s & MASK) == CLOSED_STATE) {
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
      completeAllLocked(ALL);
    } finally {
      unlockAndWake();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      for (; ; ) {
        long s = state;
        if ((s & MASK) == CLOSED_STATE || casState(s, (s & ~MASK) | CLOSED_STATE)) {
          break;
        }
      }
      completeAllLocked(CLOSED);
    } finally {
      unlockAndWake();
    }
  }

  @Override
  public boolean isClosed() {
    return (state & MASK) == CLOSED_STATE;
  }

  /** Consumes a stored wakeup without waiting (Mutex.tryLock). */
  boolean tryConsume() {
    for (; ; ) {
      long s = state;
      if ((s & MASK) != WOKEN) {
        return false;
      }
      if (casState(s, (s & ~MASK) | EMPTY)) {
        return true;
      }
    }
  }

  /**
   * @return whether a wakeup is stored (for Mutex.isLocked)
   */
  boolean hasStoredWakeup() {
    return (state & MASK) == WOKEN;
  }

  @Override
  public String toString() {
    long s = state;
    String[] names = {"EMPTY", "WAITING", "WOKEN", "CLOSED"};
    return "WaitQueue("
        + names[(int) (s & MASK)]
        + ", "
        + sizeRacy()
        + " waiting, wakeAlls="
        + (s >>> 2)
        + ")";
  }

  private boolean casState(long expected, long next) {
    return STATE.compareAndSet(this, expected, next);
  }

  // ---------------------------------------------------------------------------------------
  // Engine hooks

  @Override
  int tryGrantFast(QueueWait w) {
    long s = state;
    if ((s >>> 2) != w.wakeAlls) {
      return ALL; // a wakeAll since the wait was made: it completes the wait, nothing else does
    }
    long st = s & MASK;
    if (st == CLOSED_STATE) {
      return CLOSED;
    }
    if (st == WOKEN && casState(s, (s & ~MASK) | EMPTY)) {
      return GRANTED;
    }
    return PENDING;
  }

  @Override
  int tryGrantLocked(QueueWait w) {
    for (; ; ) {
      long s = state;
      if ((s >>> 2) != w.wakeAlls) {
        return ALL;
      }
      long st = s & MASK;
      if (st == WOKEN) {
        if (casState(s, (s & ~MASK) | EMPTY)) {
          return GRANTED;
        }
      } else if (st == CLOSED_STATE) {
        return CLOSED;
      } else if (st == WAITING || casState(s, (s & ~MASK) | WAITING)) {
        return PENDING;
      }
    }
  }

  @Override
  void abandonedQueuedLocked(QueueWait w) {
    if (isEmptyLocked()) {
      setStateEmptyLocked();
    }
  }

  @Override
  void passOnLocked(QueueWait w, int status) {
    if (status != GRANTED) {
      return; // ALL and CLOSED carry nothing
    }
    if ((state & MASK) == WAITING) {
      wakeHeadLocked();
      return;
    }
    for (; ; ) {
      long s = state;
      long st = s & MASK;
      if (st == CLOSED_STATE || st == WOKEN || casState(s, (s & ~MASK) | WOKEN)) {
        return;
      }
    }
  }

  /** A wait on the queue; its node is itself. */
  static final class QueueWait extends WaitEngine.Waiter<QueueWait>
      implements Wait, SubscribableWait {
    private final FifoWaitQueue queue;
    private long wakeAlls; // the wakeAll count at creation (or at renew); the owner's
    private final String what;

    QueueWait(FifoWaitQueue queue, String what) {
      this.queue = queue;
      this.wakeAlls = queue.state >>> 2;
      this.what = what;
    }

    @Override
    public Poll<Outcome<Void>> poll(Context context) {
      return result(queue.poll(this, context.waker()));
    }

    /** Makes this wait new again (a reusable lock future's reset). */
    void renew() {
      queue.renew(this);
      wakeAlls = queue.state >>> 2;
    }

    @Override
    public Poll<Outcome<Void>> subscribe() {
      return result(queue.poll(this, null));
    }

    private static Poll<Outcome<Void>> result(int status) {
      return status == PENDING ? Poll.pending() : Poll.ready(status == CLOSED ? IS_CLOSED : OK);
    }

    @Override
    public void abandon() {
      queue.abandon(this);
    }

    @Override
    String describe() {
      return what;
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
