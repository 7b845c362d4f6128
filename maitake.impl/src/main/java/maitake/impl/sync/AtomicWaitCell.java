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
 * bit, as in maitake-sync. Lock-free: one state word and one waker slot.
 */
public final class AtomicWaitCell implements WaitCell {
  /*
   * Implementation overview
   *
   * state bits: REGISTERING (a poll owns the waker slot), WAKING (a wake owns it), WOKEN (a
   * wakeup is stored), CLOSED. The waker slot is written only by the holder of REGISTERING and
   * taken only by the holder of WAKING, so it needs no lock.
   *
   * register(w):  if CLOSED -> CLOSED; if WOKEN -> clear it (consume) -> OK; if REGISTERING or
   *               WAKING -> busy (the caller retries); CAS 0 -> REGISTERING, store w (an evicted
   *               different waker is woken so its owner notices), then CAS REGISTERING -> 0. If
   *               that CAS fails a wake or close arrived meanwhile: take the waker back, clear
   *               everything but CLOSED (consuming the wakeup), and complete.
   * wake():       fetch_or(WAKING | WOKEN); if nobody held the slot (no REGISTERING or WAKING)
   *               and not closed, take the waker, clear WAKING, wake it. WOKEN stays set: it is
   *               the stored wakeup, consumed by the next register (one-permit semantics,
   *               repeated wakes coalesce).
   * close():      the same with CLOSED, which never clears.
   * isClosed() tests the CLOSED bit (the Rust crate compared the whole word: quirk Q9).
   */
  static final int REGISTERING = 1;
  static final int WAKING = 2;
  static final int WOKEN = 4;
  static final int CLOSED = 8;

  private static final Outcome<Void> OK = Outcome.ok(null);
  private static final Outcome<Void> IS_CLOSED = Outcome.error(Outcome.Error.CLOSED);
  /** register's answer when another registration holds the slot. */
  private static final Outcome<Void> BUSY = Outcome.error(Outcome.Error.EMPTY);

  private volatile int state; // see the overview
  private Waker waker; // owned by whoever holds REGISTERING or WAKING

  /** An empty, open cell. */
  public AtomicWaitCell() {
  }

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
    return notify(WAKING | WOKEN);
  }

  @Override
  public boolean close() {
    return notify(WAKING | WOKEN | CLOSED);
  }

  private boolean notify(int bits) {
    int prev = (int) STATE.getAndBitwiseOr(this, bits);
    if ((prev & (WAKING | REGISTERING | CLOSED)) != 0) {
      return false; // a registration will see our bits, or a wake is under way, or closed
    }
    Waker w = waker;
    waker = null;
    STATE.getAndBitwiseAnd(this, ~WAKING);
    Wakers.wakeSafely(w);
    return w != null;
  }

  @Override
  public boolean isClosed() {
    return (state & CLOSED) != 0;
  }

  /**
   * Registers {@code w} (null: subscribe without a waker).
   *
   * @return OK or CLOSED when complete, BUSY when another registration holds the slot, or null
   *     when registered and pending
   */
  Outcome<Void> register(Waker w) {
    for (;;) {
      int s = state;
      if ((s & CLOSED) != 0) {
        return IS_CLOSED;
      }
      if ((s & WOKEN) != 0) {
        if ((s & (REGISTERING | WAKING)) == 0 && STATE.compareAndSet(this, s, s & ~WOKEN)) {
          return OK;
        }
        if ((s & (REGISTERING | WAKING)) != 0) {
          return BUSY;
        }
        continue;
      }
      if ((s & (REGISTERING | WAKING)) != 0) {
        return BUSY;
      }
      if (STATE.compareAndSet(this, s, REGISTERING)) {
        break;
      }
    }
    Waker old = waker;
    Waker evicted = old != null && w != old && (w == null || !old.willWake(w)) ? old : null;
    waker = w;
    if (STATE.compareAndSet(this, REGISTERING, 0)) {
      Wakers.wakeSafely(evicted);
      return null;
    }
    // a wake or close arrived while we registered: it left the waker to us
    waker = null;
    int prev = (int) STATE.getAndBitwiseAnd(this, CLOSED);
    Wakers.wakeSafely(evicted);
    return (prev & CLOSED) != 0 ? IS_CLOSED : OK;
  }

  /** Removes {@code w} from the slot if it is still there; leaves a stored wakeup alone. */
  void unregister(Waker w) {
    if (STATE.compareAndSet(this, 0, REGISTERING)) {
      if (waker == w) {
        waker = null;
      }
      if (!STATE.compareAndSet(this, REGISTERING, 0)) {
        // a wake arrived: it found REGISTERING and left WOKEN stored for the next wait
        STATE.getAndBitwiseAnd(this, ~(REGISTERING | WAKING));
      }
    }
  }

  @Override
  public String toString() {
    int s = state;
    return "WaitCell(" + ((s & CLOSED) != 0 ? "closed" : (s & WOKEN) != 0 ? "woken" : "open")
        + ")";
  }

  /** A wait on the cell. */
  static final class CellWait implements Wait, SubscribableWait {
    private final AtomicWaitCell cell;
    private Outcome<Void> result; // set once complete
    private Waker registered; // the waker this wait stored, for unregister
    private boolean started;

    CellWait(AtomicWaitCell cell) {
      this.cell = cell;
    }

    @Override
    public Poll<Outcome<Void>> poll(Context context) {
      return step(context.waker());
    }

    @Override
    public Poll<Outcome<Void>> subscribe() {
      if (started) {
        return result != null ? Poll.ready(result) : Poll.pending();
      }
      return step(null);
    }

    private Poll<Outcome<Void>> step(Waker w) {
      if (result != null) {
        return Poll.ready(result);
      }
      started = true;
      Outcome<Void> o = cell.register(w);
      if (o == BUSY) {
        if (w != null) {
          w.wake(); // another registration holds the slot: try again at the next poll
        }
        return Poll.pending();
      }
      if (o == null) {
        registered = w;
        return Poll.pending();
      }
      result = o;
      registered = null;
      return Poll.ready(o);
    }

    @Override
    public void abandon() {
      if (result == null && started) {
        result = OK;
        cell.unregister(registered);
        registered = null;
      }
      result = result == null ? OK : result;
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
