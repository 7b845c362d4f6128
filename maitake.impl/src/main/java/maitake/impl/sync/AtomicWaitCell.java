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
import maitake.impl.util.Wakers;
import maitake.sync.Outcome;
import maitake.sync.WaitCell;

/**
 * The {@link WaitCell}: tokio's {@code AtomicWaker} protocol with a stored-wakeup bit and a close
 * bit, as in maitake-sync, holding the registered wait itself rather than a waker, so a
 * registration is identified by its wait. Lock-free: one state word and one slot.
 */
public final class AtomicWaitCell implements WaitCell {
  /*
   * Implementation overview
   *
   * Ported from the WaitCell of hawkw/mycelium maitake-sync/src/wait_cell.rs.
   *
   * state bits: REGISTERING (a wait's owner holds the slot: registering or abandoning), WAKING (a
   * wake or close holds it), WOKEN (a wakeup is stored: nobody was registered), CLOSED. The slot,
   * current, is written only by the holder of REGISTERING or WAKING. A wakeup is delivered to a
   * wait by setting its result (the delivery's linearization point) and waking its waker; the
   * registration is the wait, so abandoning a wait that was replaced by another, or an old wait
   * of the same task, leaves the current registration alone.
   *
   * register(w):  CLOSED -> CLOSED; WOKEN (nobody holds the slot) -> consume it -> OK; slot held
   *               -> BUSY (the caller wakes itself and retries at its next poll); else take
   *               REGISTERING, make w current (a different wait it replaces is woken after, so
   *               its owner notices), and give the slot back. If a wake or close arrived
   *               meanwhile (WAKING is set), it left the delivery to us: w gets it.
   * wake/close:   fetch_or(WAKING | WOKEN [| CLOSED]). If nobody held the slot, deliver to
   *               current (clearing WOKEN) or leave WOKEN stored when nobody is registered. If
   *               someone held it, the holder delivers when it gives the slot back (repeated
   *               wakes coalesce).
   * abandon(w):   take REGISTERING (waiting out a holder: no holder runs user code), clear
   *               current if it is w, give the slot back (delivering a wake that arrived
   *               meanwhile to current), and if w had been delivered a wakeup its owner never
   *               saw, wake the cell again: the wakeup goes to the current wait or is stored.
   * isClosed() tests the CLOSED bit (the Rust is_closed compares the whole word with CLOSED,
   * which is false once a close has left WOKEN set beside it).
   */
  static final int REGISTERING = 1;
  static final int WAKING = 2;
  static final int WOKEN = 4;
  static final int CLOSED = 8;

  /** A wait's result codes, and register's extra answers. */
  static final int NONE = 0;

  static final int OK = 1;
  static final int IS_CLOSED = 2;
  private static final int BUSY = 3;

  private static final Outcome<Void> OK_OUTCOME = Outcome.ok(null);
  private static final Outcome<Void> CLOSED_OUTCOME = Outcome.error(Outcome.Failure.CLOSED);

  /** Test hook: runs while an abandoning wait holds the slot. Null outside tests. */
  static Runnable slotHeldByAbandon;

  private volatile int state; // see the overview
  private volatile CellWait current; // written by the slot's holder; read racily by pollers

  /** An empty, open cell. */
  public AtomicWaitCell() {}

  @Override
  public CellWait await() {
    return new CellWait(this);
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
  public boolean wake() {
    return notify(false);
  }

  @Override
  public boolean close() {
    return notify(true);
  }

  private boolean notify(boolean close) {
    int prev = (int) STATE.getAndBitwiseOr(this, WAKING | WOKEN | (close ? CLOSED : 0));
    if ((prev & (WAKING | REGISTERING)) != 0) {
      return false; // the holder of the slot delivers when it gives the slot back
    }
    if ((prev & CLOSED) != 0) {
      STATE.getAndBitwiseAnd(this, ~WAKING); // closed before: nobody is registered
      return false;
    }
    CellWait w = current;
    Waker k = null;
    if (w != null) {
      current = null;
      k = w.waker;
      w.result = close ? IS_CLOSED : OK; // linearization point of the delivery
    }
    STATE.getAndBitwiseAnd(this, ~(WAKING | (w != null ? WOKEN : 0)));
    Wakers.wakeSafely(k);
    return w != null;
  }

  /**
   * Gives back the slot held with REGISTERING. A wake or close that arrived meanwhile set WAKING
   * and left its delivery to us: it goes to {@code current}, or (nobody registered) stays stored.
   *
   * @return the wait that delivery went to (the caller wakes it unless it is its own), or null
   */
  private CellWait releaseRegistering() {
    for (; ; ) {
      int s = state;
      if ((s & WAKING) != 0) {
        CellWait c = current;
        if (c == null) {
          STATE.getAndBitwiseAnd(this, ~(REGISTERING | WAKING)); // WOKEN stays stored
          return null;
        }
        current = null;
        c.result = (s & CLOSED) != 0 ? IS_CLOSED : OK;
        STATE.getAndBitwiseAnd(this, CLOSED);
        return c;
      }
      if (STATE.compareAndSet(this, s, s & ~REGISTERING)) {
        return null;
      }
    }
  }

  /**
   * Registers {@code w} with waker {@code k} (null: subscribe without a waker).
   *
   * @return PENDING (0) when registered, OK or IS_CLOSED when complete, BUSY when another thread
   *     holds the slot
   */
  private int register(CellWait w, Waker k) {
    for (; ; ) {
      int s = state;
      if ((s & CLOSED) != 0) {
        return IS_CLOSED;
      }
      if ((s & (REGISTERING | WAKING)) != 0) {
        return BUSY;
      }
      if ((s & WOKEN) != 0) {
        if (STATE.compareAndSet(this, s, s & ~WOKEN)) {
          return OK; // consumed the stored wakeup
        }
      } else if (STATE.compareAndSet(this, s, s | REGISTERING)) {
        break;
      }
    }
    int delivered = w.result; // a delivery before we took the slot (current was cleared then)
    CellWait evicted = null;
    if (delivered == NONE) {
      CellWait cur = current;
      if (cur != w) {
        evicted = cur;
        current = w;
      }
      if (k != null) {
        w.waker = k;
      }
    }
    CellWait late = releaseRegistering();
    if (late != null && late != w) {
      Wakers.wakeSafely(late.waker);
    }
    if (evicted != null) {
      Wakers.wakeSafely(evicted.waker); // it was replaced: its owner polls and notices
    }
    return w.result; // NONE: registered and pending
  }

  /** Abandons a registered wait; see the overview. */
  private void unregister(CellWait w) {
    for (int spins = 0; ; spins++) {
      int s = state;
      if ((s & CLOSED) != 0) {
        return; // closing delivered to whoever was current; nothing to pass on
      }
      if ((s & (REGISTERING | WAKING)) != 0) {
        if (spins < 64) {
          Thread.onSpinWait();
        } else {
          Thread.yield(); // the holder runs no user code: it is between two instructions
        }
        continue;
      }
      if (STATE.compareAndSet(this, s, s | REGISTERING)) {
        break;
      }
    }
    if (current == w) {
      current = null;
    }
    Runnable hook = slotHeldByAbandon;
    if (hook != null) {
      hook.run();
    }
    boolean passOn = w.result == OK; // delivered, but its owner never saw it
    CellWait late = releaseRegistering();
    if (late != null) {
      Wakers.wakeSafely(late.waker);
    }
    if (passOn) {
      notify(false);
    }
  }

  @Override
  public boolean isClosed() {
    return (state & CLOSED) != 0;
  }

  @Override
  public String toString() {
    int s = state;
    return "WaitCell("
        + ((s & CLOSED) != 0
            ? "closed"
            : (s & WOKEN) != 0 ? "woken" : current != null ? "waiting" : "open")
        + ")";
  }

  /** A wait on the cell. */
  static final class CellWait implements Wait, SubscribableWait {
    private static final int NEW = 0;
    private static final int REGISTERED = 1;
    private static final int DONE = 2;

    private final AtomicWaitCell cell;
    volatile int result; // NONE until set once by the delivery (the linearization point)
    Waker waker; // written by the owner while it holds the slot; read by deliverers holding it
    private int phase; // the owner; NEW at construction

    CellWait(AtomicWaitCell cell) {
      this.cell = cell;
    }

    @Override
    public Poll<Outcome<Void>> poll(Context context) {
      return step(context.waker());
    }

    @Override
    public Poll<Outcome<Void>> subscribe() {
      return step(null);
    }

    private Poll<Outcome<Void>> step(Waker k) {
      if (phase == DONE) {
        throw new IllegalStateException(
            "WaitCell.Wait polled after it completed: a future must "
                + "not be polled again once it returned ready");
      }
      int r = result;
      if (r == NONE
          && phase == REGISTERED
          && cell.current == this
          && (k == null || (waker != null && waker.willWake(k)))) {
        return Poll.pending(); // still registered with the same waker: a spurious poll
      }
      if (r == NONE) {
        r = cell.register(this, k);
        if (r == BUSY) {
          if (k != null) {
            k.wake(); // another thread holds the slot for a moment: try again at the next poll
          }
          return Poll.pending();
        }
        if (r == NONE) {
          phase = REGISTERED;
          return Poll.pending();
        }
      }
      phase = DONE;
      return Poll.ready(r == IS_CLOSED ? CLOSED_OUTCOME : OK_OUTCOME);
    }

    @Override
    public void abandon() {
      int p = phase;
      phase = DONE;
      if (p == REGISTERED && result != IS_CLOSED) {
        cell.unregister(this);
      }
    }

    @Override
    public String toString() {
      return "WaitCell.Wait("
          + (phase == NEW ? "new" : phase == REGISTERED ? "registered" : "done")
          + ")";
    }
  }

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(AtomicWaitCell.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
