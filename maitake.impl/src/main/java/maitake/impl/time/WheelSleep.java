package maitake.impl.time;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import maitake.future.Context;
import maitake.future.Poll;
import maitake.future.Waker;
import maitake.time.Instant;
import maitake.time.Sleep;

/**
 * A {@link Sleep} that is its own wheel entry: the links of its slot list live in it, so
 * registering allocates nothing.
 */
final class WheelSleep implements Sleep {
  /*
   * Implementation overview
   *
   * state: NEW (armed, not registered) -> REGISTERED (set while the timer holds the wheel, by the
   * first poll) -> FIRED (CAS by the turn that fires it) or ABANDONED (CAS by abandon). NEW ->
   * FIRED when the first poll finds the deadline passed; NEW -> ABANDONED when abandoned before
   * its first poll. On a local timer a first poll from a thread other than the owner makes it
   * QUEUED (handed to the owner through its inbox), and the owner takes it in with a CAS to
   * REGISTERED (or FIRED); abandon may CAS QUEUED -> ABANDONED. FIRED -> DELIVERED (a release
   * store by the owner) when a poll returns ready, so a poll after that is refused; no turn
   * writes state once it is FIRED, and DELIVERED is a state word rather than a boolean field of
   * its own, which keeps a sleep at 64 bytes. reset() goes back to NEW from any state.
   *
   * Being linked is the timer's business, not the state's: slot >= 0 while the sleep is in a slot
   * list. An abandoned or re-armed sleep may stay linked until the wheel drops it (see
   * WheelCore); its next registration places it again (or leaves it where it is, if its slot is
   * the same).
   *
   * Waking without a lost wakeup: a poll of a registered sleep stores its waker and then reads
   * state; a turn CASes state to FIRED and then reads the waker. Either the poll sees FIRED, or the
   * turn sees the new waker (or both: one spurious wake). The CASes that fire and abandon decide
   * between a turn and the owner: exactly one wins. Every other write of state or waker is a
   * release or plain store, because it happens while the sleep is not registered (arm, the first
   * poll's waker: the wheel's lock or the owner's inbox publishes them to the turn), or by the
   * thread that holds the wheel (register, and abandon on a local timer's owner thread), or by
   * abandon after its CAS won (its clearing of the waker, which no turn reads then). Abandon clears
   * the waker only when the timer may still hold the sleep (left linked, or queued in a local
   * timer's inbox), so the wheel does not reach the task; a sleep a turn fired keeps it (that turn
   * reads it after its CAS and wakes the task). These two stores of the waker (a first poll's and
   * abandon's) are release stores: no StoreLoad fence. Arming keeps the waker, and a poll stores
   * one only when it changed: under G1 every non-null reference store into an old sleep costs a
   * card-marking barrier with a StoreLoad fence, and a reused sleep is usually polled by the same
   * task (a fired sleep thus keeps its last waker until it is armed and polled again, or
   * abandoned).
   *
   * prev, next and slot belong to whoever holds the wheel. deadline and clockDeadline are written
   * by the owner while the sleep is not registered (NEW, FIRED, ABANDONED, possibly still linked):
   * a turn that reads them then acts only through the firing CAS, which fails, or places the
   * sleep in some slot, which is harmless (see WheelCore).
   */

  static final int NEW = 0;
  static final int REGISTERED = 1;
  static final int FIRED = 2;
  static final int ABANDONED = 3;
  static final int QUEUED = 4;
  static final int DELIVERED = 5;

  final WheelTimer timer;
  WheelSleep prev; // held by the timer
  WheelSleep next; // held by the timer
  int slot = -1; // held by the timer: -1 when not linked
  long deadline; // wheel ticks: the owner writes it before registering
  long clockDeadline; // the owner writes; the timer reads it at registration
  private long durationTicks; // the owner
  private Duration duration; // the owner; null until asked for when armed by ticks
  volatile int state; // see the overview
  volatile Waker waker; // written by the poller, read by the turn that fires

  WheelSleep(WheelTimer timer) {
    this.timer = timer;
  }

  /** Sets a new deadline {@code ticks} clock ticks from now; the sleep must not be linked. */
  void arm(long ticks, Duration requested) {
    armAt(timer.deadlineAfter(ticks, requested), ticks, requested);
  }

  /** Sets the clock deadline; the sleep must not be linked. */
  void armAt(long clockDeadline, long ticks, Duration requested) {
    this.deadline = timer.wheelDeadline(clockDeadline, requested);
    this.clockDeadline = clockDeadline;
    this.durationTicks = ticks;
    if (duration != requested) {
      this.duration = requested; // skipped when unchanged: a card-marked store under G1
    }
    setStateRelease(NEW); // the waker stays: the next poll replaces it only if it changed
  }

  /** A release store of state: for every transition but FIRED by a turn (see the overview). */
  void setStateRelease(int s) {
    STATE.setRelease(this, s);
  }

  /** The turn's side: REGISTERED -> FIRED; false if the owner abandoned it first. */
  boolean fire() {
    return STATE.compareAndSet(this, REGISTERED, FIRED);
  }

  /** The owner's side: REGISTERED -> ABANDONED; false if a turn fired it first. */
  boolean abandonRegistered() {
    return STATE.compareAndSet(this, REGISTERED, ABANDONED);
  }

  /** A local timer's owner takes in a queued sleep: QUEUED -> REGISTERED. */
  boolean admitQueued() {
    return STATE.compareAndSet(this, QUEUED, REGISTERED);
  }

  /** QUEUED -> ABANDONED, by an owner that polled it from another thread than the timer's. */
  boolean abandonQueued() {
    return STATE.compareAndSet(this, QUEUED, ABANDONED);
  }

  @Override
  public Poll<Void> poll(Context context) {
    int s = state;
    if (s == FIRED) {
      setStateRelease(DELIVERED);
      return Poll.readyNull();
    }
    if (s == DELIVERED) {
      throw new IllegalStateException("Sleep polled after it completed; reset() it first");
    }
    if (s == ABANDONED) {
      throw new IllegalStateException("sleep polled after it was abandoned; reset() it first");
    }
    Waker w = context.waker();
    if (s == NEW) {
      if (waker != w) {
        // published to the turns by register(): the wheel's lock, the inbox or the owner thread
        WAKER.setRelease(this, w);
      }
      timer.register(this);
    } else {
      Waker old = waker;
      if (old == null || !old.willWake(w)) {
        waker = w;
      }
    }
    if (state == FIRED) {
      setStateRelease(DELIVERED);
      return Poll.readyNull();
    }
    return Poll.pending();
  }

  @Override
  public void abandon() {
    int s = state;
    boolean reachable; // whether the timer may still hold this sleep (and through it the task)
    if (s == REGISTERED || s == QUEUED) {
      reachable = timer.cancel(this);
    } else if (s == NEW) {
      setStateRelease(ABANDONED);
      reachable = true; // re-armed: it may still be linked from its last registration
    } else {
      reachable = false; // fired (the turn that fired it reads the waker) or abandoned before
    }
    if (reachable && waker != null) {
      WAKER.setRelease(this, null); // after abandon's CAS: no turn reads it any more
    }
  }

  @Override
  public Sleep reset(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    // the same Duration object as last time: its tick count is known (no division)
    long ticks = duration == this.duration ? durationTicks : timer.durationToTicks(duration);
    int s = state;
    if (s == REGISTERED || s == QUEUED) {
      timer.cancel(this);
    }
    arm(ticks, duration);
    return this;
  }

  /** Re-arms for a clock deadline (used by intervals). */
  void resetAt(long clockDeadline, long ticks) {
    int s = state;
    if (s == REGISTERED || s == QUEUED) {
      timer.cancel(this);
    }
    armAt(clockDeadline, ticks, duration);
  }

  @Override
  public Instant deadline() {
    return Instant.ofTicks(timer.clock(), clockDeadline);
  }

  @Override
  public Duration duration() {
    Duration d = duration;
    if (d == null) {
      d = timer.tickDuration().multipliedBy(durationTicks);
      duration = d;
    }
    return d;
  }

  @Override
  public boolean isElapsed() {
    int s = state;
    return s == FIRED || s == DELIVERED;
  }

  @Override
  public String toString() {
    String[] names = {"NEW", "REGISTERED", "FIRED", "ABANDONED", "QUEUED", "FIRED"};
    return "Sleep(" + duration() + ", deadline=" + clockDeadline + ", " + names[state] + ")";
  }

  private static final VarHandle STATE;
  private static final VarHandle WAKER;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      STATE = l.findVarHandle(WheelSleep.class, "state", int.class);
      WAKER = l.findVarHandle(WheelSleep.class, "waker", Waker.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
