package maitake.impl.sync;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import maitake.future.Waker;
import maitake.impl.util.WakerBatch;
import maitake.impl.util.Wakers;
import maitake.sync.blocking.RawMutex;

/**
 * The waiter engine under every async wait list of the kit (wait queue, mutex, wait map, semaphore,
 * reader-writer lock, channel): the raw lock, an intrusive FIFO of waiter nodes that live inside
 * the wait futures, the waiter lifecycle (register, grant, abandon, pass on) and the wakes after
 * unlock. A primitive is one final subclass that fills in a few hooks; its waits are final
 * subclasses of {@link Waiter}. Because each primitive is a final class, a hook call inlined into
 * the primitive's own code is bound statically.
 *
 * @param <W> the primitive's waiter type
 */
abstract class WaitEngine<W extends WaitEngine.Waiter<W>> {
  /*
   * Implementation overview
   *
   * Modelled on AbstractQueuedSynchronizer (one engine, small hooks per primitive) with the
   * waiter lifecycle of maitake-sync's wait lists (hawkw/mycelium maitake-sync/src/wait_queue.rs,
   * wait_map.rs and semaphore.rs); the deferred wakes play the part of its util/wake_batch.rs.
   *
   * A waiter's life (phase is written by its owner only; status under the lock):
   *
   *                   first poll
   *       NEW ───────────────────────────────────────────▶ DONE   (granted at once: the
   *        │     tryGrantFast / tryGrantLocked != PENDING           fast path, or under the
   *        │                                                        lock; or CLOSED, or a
   *        │ tryGrantLocked == PENDING: link at the tail            primitive's own code)
   *        ▼
   *     QUEUED ──completeLocked(status)──▶ QUEUED + status ──next poll──▶ DONE (ready)
   *        │      (unlinked, waker deferred)        │
   *        │ abandon                                │ abandon (granted, never seen)
   *        ▼                                        ▼
   *      DONE: unlinked, abandonedQueuedLocked    DONE: passOnLocked (give the grant on)
   *
   *   Any poll in DONE throws IllegalStateException: the kit's one rule for a future polled
   *   after it returned ready (see maitake.future.Future). Nothing is granted twice.
   *
   * A reusable wait future (a channel's reusable send, the mutex's reusable lock, the
   * semaphore's reusable acquire) goes from DONE
   * back to NEW through renew(), by its owner, which also clears its status: by then no granter
   * holds it (completeLocked's status store is the last write a granter makes to a waiter).
   *
   * Invariants (under the lock): a waiter is linked iff its status is PENDING and its phase is
   * QUEUED; status is written once per wait, by completeLocked, and that release store is the grant's
   * linearization point; the owner reads status with an acquire load, without the lock first
   * (a granted or closed waiter completes without locking) and under the lock when it must
   * store a new waker. Release and acquire suffice: an owner that still reads PENDING is woken
   * by the granter's deferred wake, which happens after the store.
   *
   * Wakes after unlock: hooks and primitive operations never wake under the lock; they defer
   * wakers with deferLocked. The first deferred waker goes into a field, the rest into the
   * thread's WakerBatch (taken only when a second one comes, and only once the lock is held, so
   * a lock() that throws leaves no batch in use). unlockAndWake() moves both out, releases the
   * lock and then wakes them in the order they were deferred.
   */

  /** A waiter's status while it waits; also what an operation returns when it must wait. */
  static final int PENDING = 0;

  /** Granted: what the grant carries is the primitive's business (a wakeup, permits, a value). */
  static final int GRANTED = 1;

  /** The primitive was closed. */
  static final int CLOSED = 2;

  /** The first status code a primitive may define for itself. */
  static final int FIRST_OWN_STATUS = 3;

  static final int NEW = 0;
  static final int QUEUED = 1;
  static final int DONE = 2;

  final RawMutex lock;
  private W head; // under lock
  private W tail; // under lock
  private int size; // written under lock (opaque), read by toString without it
  private Waker deferredOne; // under lock: the first waker to wake after unlock
  private WakerBatch deferredMore; // under lock: the others, in order

  WaitEngine(RawMutex lock) {
    this.lock = Objects.requireNonNull(lock, "lock");
  }

  /**
   * A waiter node, embedded in a wait future.
   *
   * @param <W> the node type
   */
  abstract static class Waiter<W extends Waiter<W>> {
    W prev; // under the lock
    W next; // under the lock
    boolean linked; // under the lock
    Waker waker; // under the lock (its owner reads it racily to skip a spurious re-store)
    // PENDING (0, the default: no store at construction) until completeLocked writes it once,
    // under the lock, with a release store; the owner reads it with acquire loads
    private int status;
    int phase; // the owner only; NEW (0) at construction

    final int statusAcquire() {
      return (int) STATUS.getAcquire(this);
    }

    final void setStatusRelease(int s) {
      STATUS.setRelease(this, s);
    }

    /**
     * @return what the wait is, for messages
     */
    abstract String describe();

    @Override
    public String toString() {
      int p = phase;
      return describe()
          + "("
          + (p == NEW ? "new" : p == QUEUED ? "queued" : "done")
          + ", status "
          + statusAcquire()
          + ")";
    }

    private static final VarHandle STATUS;

    static {
      try {
        STATUS = MethodHandles.lookup().findVarHandle(Waiter.class, "status", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }
  }

  // ---------------------------------------------------------------------------------------
  // Hooks

  /**
   * First poll, before the lock: a lock-free attempt (a CAS on a counter, say).
   *
   * @return a status to complete with at once, or PENDING to go on under the lock
   */
  int tryGrantFast(W w) {
    return PENDING;
  }

  /**
   * First poll, under the lock: grant, refuse or queue.
   *
   * @return a status to complete with at once, or PENDING to link {@code w} at the tail
   */
  abstract int tryGrantLocked(W w);

  /** Under the lock: {@code w} was queued, not granted, and is abandoned; it is unlinked. */
  void abandonedQueuedLocked(W w) {}

  /**
   * Under the lock: {@code w} was granted with {@code status} but abandoned before its owner saw
   * it; pass on what the grant carried (a hand-off, permits, a value).
   */
  void passOnLocked(W w, int status) {}

  // ---------------------------------------------------------------------------------------
  // The owner's side

  /**
   * Polls {@code w} on behalf of its owner.
   *
   * @param k the waker to wake when {@code w} is granted; null registers without a waker (a
   *     subscription), and a queued wait keeps its waker
   * @return PENDING, or the status {@code w} completed with
   * @throws IllegalStateException if {@code w} already completed
   */
  final int poll(W w, Waker k) {
    int ph = w.phase;
    if (ph == QUEUED) {
      int st = w.statusAcquire();
      if (st == PENDING) {
        Waker cur = w.waker; // benign race: a granter that takes it also set status first
        if (k == null || (cur != null && cur.willWake(k))) {
          return PENDING;
        }
        st = storeWaker(w, k);
      }
      if (st != PENDING) {
        w.phase = DONE;
      }
      return st;
    }
    if (ph == NEW) {
      return register(w, k);
    }
    throw new IllegalStateException(
        w.describe()
            + " polled after it completed: a future must "
            + "not be polled again once it returned ready");
  }

  private int register(W w, Waker k) {
    int r = tryGrantFast(w);
    if (r == PENDING) {
      lock.lock();
      try {
        r = tryGrantLocked(w);
        if (r == PENDING) {
          linkLast(w);
          w.waker = k;
          w.phase = QUEUED;
          return PENDING;
        }
      } finally {
        unlockAndWake();
      }
    }
    w.phase = DONE;
    return r;
  }

  private int storeWaker(W w, Waker k) {
    lock.lock();
    try {
      int st = w.statusAcquire();
      if (st == PENDING) {
        w.waker = k;
      }
      return st;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Abandons {@code w} on behalf of its owner: unlinks a queued waiter, or passes on a grant it
   * never saw. Idempotent; a no-op for a waiter that never registered or already completed.
   */
  final void abandon(W w) {
    int ph = w.phase;
    w.phase = DONE;
    if (ph != QUEUED || w.statusAcquire() == CLOSED) {
      return;
    }
    lock.lock();
    try {
      if (w.linked) {
        unlinkLocked(w);
        w.waker = null;
        abandonedQueuedLocked(w);
      } else {
        passOnLocked(w, w.statusAcquire());
      }
    } finally {
      unlockAndWake();
    }
  }

  /**
   * Makes {@code w} new again for its owner's next wait (a reusable wait future). A waiter that
   * completed or was abandoned is unlinked and no granter holds it any more (the status store was
   * the last write a granter made to it), so its owner may reuse it without the lock.
   *
   * @throws IllegalStateException if {@code w} is queued and its owner has not seen it complete
   */
  final void renew(W w) {
    if (w.phase == QUEUED) {
      throw new IllegalStateException(
          w.describe()
              + " is still waiting: poll it until it is ready, or abandon it, before it is"
              + " reset");
    }
    w.setStatusRelease(PENDING);
    w.phase = NEW;
  }

  // ---------------------------------------------------------------------------------------
  // The granting side (under the lock)

  /**
   * Completes a queued waiter: unlinks it, sets its status (the linearization point) and defers its
   * waker.
   */
  final void completeLocked(W w, int status) {
    if (w.linked) {
      unlinkLocked(w);
    }
    Waker k = w.waker;
    w.waker = null;
    w.setStatusRelease(status); // linearization point of the grant
    deferLocked(k);
  }

  /** Completes every queued waiter, oldest first, with {@code status}. */
  final void completeAllLocked(int status) {
    W w;
    while ((w = head) != null) {
      completeLocked(w, status);
    }
  }

  final W firstLocked() {
    return head;
  }

  /**
   * @return the waiter after {@code w} in the queue, or null
   */
  final W nextLocked(W w) {
    return w.next;
  }

  final boolean isEmptyLocked() {
    return head == null;
  }

  /**
   * @return how many wait, read without the lock (for toString)
   */
  final int sizeRacy() {
    return (int) SIZE.getOpaque(this);
  }

  /** Wakes {@code k} after the lock is released (null is ignored). */
  final void deferLocked(Waker k) {
    if (k == null) {
      return;
    }
    if (deferredOne == null) {
      deferredOne = k;
      return;
    }
    WakerBatch b = deferredMore;
    if (b == null) {
      deferredMore = b = WakerBatch.acquire();
    }
    b.add(k);
  }

  /** Releases the lock, then wakes what was deferred while it was held. */
  final void unlockAndWake() {
    Waker one = deferredOne;
    WakerBatch more = deferredMore;
    deferredOne = null;
    deferredMore = null;
    try {
      lock.unlock();
    } finally {
      Wakers.wakeSafely(one);
      if (more != null) {
        more.wakeAll();
      }
    }
  }

  private void linkLast(W w) {
    W t = tail;
    w.prev = t;
    w.next = null;
    if (t == null) {
      head = w;
    } else {
      t.next = w;
    }
    tail = w;
    w.linked = true;
    SIZE.setOpaque(this, size + 1);
  }

  private void unlinkLocked(W w) {
    W p = w.prev;
    W n = w.next;
    if (p == null) {
      head = n;
    } else {
      p.next = n;
    }
    if (n == null) {
      tail = p;
    } else {
      n.prev = p;
    }
    w.prev = null;
    w.next = null;
    w.linked = false;
    SIZE.setOpaque(this, size - 1);
  }

  private static final VarHandle SIZE;

  static {
    try {
      SIZE = MethodHandles.lookup().findVarHandle(WaitEngine.class, "size", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
