package maitake.impl.sync;

import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Poll;
import maitake.sync.Mutex;
import maitake.sync.MutexGuard;
import maitake.sync.blocking.RawMutex;

/**
 * The {@link Mutex}: a {@link FifoWaitQueue} that starts with one stored wakeup, the lock token,
 * plus the value.
 *
 * @param <T> the value type
 */
public final class HandoffMutex<T> implements Mutex<T> {
  /*
   * Implementation overview
   *
   * Ported from the Mutex of hawkw/mycelium maitake-sync/src/mutex.rs: a wait queue that starts
   * with one stored wakeup, the lock token. Holding the lock = having consumed the queue's
   * wakeup. Unlocking = wakeOne(): with waiters queued it hands ONE to the oldest, which owns the
   * lock from that moment (FIFO hand-off, no barging); with none it stores the token again.
   * tryLock() consumes a stored token only, so it fails whenever someone waits. A lock future's
   * first poll does the same before it makes a queue wait: an uncontended lock never touches the
   * wait list and makes no wait. A lock future
   * abandoned after the hand-off passes the token on (FifoWaitQueue's abandon). A lock future
   * polled again after it returned a guard throws (the engine's rule), so there is never a
   * second guard. The queue is never closed.
   */
  private final FifoWaitQueue queue;
  private T value; // guarded by the token: only the holder reads or writes it

  /**
   * An unlocked mutex around {@code value}.
   *
   * @param lock guards the wait list
   * @param value the initial value
   */
  public HandoffMutex(RawMutex lock, T value) {
    this.queue = new FifoWaitQueue(lock, true);
    this.value = value;
  }

  @Override
  public Future<MutexGuard<T>> lock() {
    return new Lock<>(this);
  }

  @Override
  public ReusableLock<T> reusableLock() {
    return new ReusableLockFuture<>(this, queue.await("Mutex.reusableLock"));
  }

  @Override
  public MutexGuard<T> tryLock() {
    return queue.tryConsume() ? new Guard<>(this) : null;
  }

  @Override
  public boolean isLocked() {
    return !queue.hasStoredWakeup();
  }

  @Override
  public String toString() {
    return "Mutex(" + (isLocked() ? "locked" : "unlocked") + ")";
  }

  /**
   * The lock future. Its first poll takes a free lock with one compare-and-set and no queue wait;
   * only a first poll that finds the lock held makes the wait and queues it. So an uncontended lock
   * makes the future, the guard and its ready result, and escape analysis can remove all three once
   * the caller's code is inlined (JDK 25 does; JDK 17 keeps the 16-byte guard when the caller casts
   * the value it reads through the guard).
   */
  private static final class Lock<T> implements Future<MutexGuard<T>> {
    private final HandoffMutex<T> mutex;
    private FifoWaitQueue.QueueWait wait; // made by the first poll that finds the lock held
    private boolean tookFreeLock; // the first poll took the stored token: this future is done

    Lock(HandoffMutex<T> mutex) {
      this.mutex = mutex;
    }

    @Override
    public Poll<MutexGuard<T>> poll(Context context) {
      FifoWaitQueue.QueueWait w = wait;
      if (w == null) {
        if (tookFreeLock) {
          throw new IllegalStateException(
              "Mutex.lock polled after it completed: a future must not be polled again once it"
                  + " returned ready");
        }
        // The token is stored only while nobody waits, so taking it here never barges past a
        // waiter (the same test the queue's own first poll makes).
        if (mutex.queue.tryConsume()) { // linearization point of an uncontended lock
          tookFreeLock = true;
          return Poll.ready(new Guard<>(mutex));
        }
        w = mutex.queue.await("Mutex.lock");
        wait = w;
      }
      if (w.poll(context).isPending()) {
        return Poll.pending();
      }
      return Poll.ready(new Guard<>(mutex));
    }

    @Override
    public void abandon() {
      FifoWaitQueue.QueueWait w = wait;
      if (w != null) {
        w.abandon(); // passes on a token handed to it and never seen
      }
    }

    @Override
    public String toString() {
      FifoWaitQueue.QueueWait w = wait;
      if (w != null) {
        return w.toString();
      }
      return tookFreeLock ? "Mutex.lock(done, took the free lock)" : "Mutex.lock(new)";
    }
  }

  /**
   * The reusable lock future: one queue wait renewed at each reset, one guard re-armed at each
   * acquisition, one result cell.
   */
  private static final class ReusableLockFuture<T> implements ReusableLock<T> {
    private final HandoffMutex<T> mutex;
    private final FifoWaitQueue.QueueWait wait;
    private final Guard<T> guard = new Guard<>(null);
    private final Poll.Ready<MutexGuard<T>> cell = Poll.cell();

    ReusableLockFuture(HandoffMutex<T> mutex, FifoWaitQueue.QueueWait wait) {
      this.mutex = mutex;
      this.wait = wait;
    }

    @Override
    public Poll<MutexGuard<T>> poll(Context context) {
      int st = mutex.queue.poll(wait, context.waker()); // throws once ready, until reset
      if (st == FifoWaitQueue.PENDING) {
        return Poll.pending();
      }
      guard.mutex = mutex; // the queue is never closed: any other status is the token
      return cell.fill(guard);
    }

    @Override
    public ReusableLockFuture<T> reset() {
      if (guard.mutex != null) {
        throw new IllegalStateException(
            "Mutex.reusableLock reset while its guard is held: close the guard first");
      }
      wait.renew();
      return this;
    }

    @Override
    public void abandon() {
      wait.abandon();
    }

    @Override
    public String toString() {
      return guard.mutex != null ? "Mutex.reusableLock(holding)" : wait.toString();
    }
  }

  /** The guard: unlocking hands the token on. */
  private static final class Guard<T> implements MutexGuard<T> {
    private HandoffMutex<T> mutex; // null once closed

    Guard(HandoffMutex<T> mutex) {
      this.mutex = mutex;
    }

    private HandoffMutex<T> held() {
      HandoffMutex<T> m = mutex;
      if (m == null) {
        throw new IllegalStateException("mutex guard used after close");
      }
      return m;
    }

    @Override
    public T get() {
      return held().value;
    }

    @Override
    public void set(T v) {
      held().value = v;
    }

    @Override
    public void close() {
      HandoffMutex<T> m = mutex;
      if (m != null) {
        mutex = null;
        m.queue.wakeOne();
      }
    }

    @Override
    public String toString() {
      return mutex == null ? "MutexGuard(released)" : "MutexGuard(held)";
    }
  }
}
