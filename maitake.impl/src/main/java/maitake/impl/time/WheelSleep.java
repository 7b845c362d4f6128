package maitake.impl.time;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
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
   * state: NEW (armed, not linked) -> REGISTERED (linked; set under the wheel lock by the first
   * poll) -> FIRED (set under the lock by a turn) or ABANDONED (set under the lock by abandon).
   * NEW -> FIRED directly when the first poll finds the deadline passed. reset() goes back to
   * NEW from any state, unlinking first.
   *
   * Waking without a lost wakeup: a poll of a registered sleep stores its waker and then reads
   * state; a turn writes state = FIRED and then reads the waker. Both are volatile, so either the
   * poll sees FIRED, or the turn sees the new waker (or both: one spurious wake). That pair is
   * the only place that needs the full (StoreLoad) ordering of a volatile store. Every other
   * write of state or waker is a release or plain store, because it happens either while the
   * sleep is not linked (arm, the first poll's waker: the wheel lock that register() takes then
   * publishes them) or under the wheel lock (register, unregister), or after it (abandon's
   * clearing of the waker, which no turn reads once the sleep is unlinked or fired). On x86 a
   * volatile store costs a locked instruction, so insert-and-cancel saves about six of them.
   *
   * prev, next, slot and deadline are read and written under the wheel lock once the sleep is
   * registered; the owner writes deadline only while the sleep is NEW, FIRED or ABANDONED.
   */

  static final int NEW = 0;
  static final int REGISTERED = 1;
  static final int FIRED = 2;
  static final int ABANDONED = 3;

  final HierarchicalTimerWheel timer;
  WheelSleep prev; // under the wheel lock
  WheelSleep next; // under the wheel lock
  int slot = -1; // under the wheel lock
  long deadline; // wheel ticks: the owner writes it before registering
  long clockDeadline; // the owner writes; the wheel reads it at registration, under its lock
  private long durationTicks; // the owner
  private Duration duration; // the owner; null until asked for when armed by ticks
  volatile int state; // see the overview
  volatile Waker waker; // written by the poller, read by the turn that fires
  private boolean delivered; // the owner: poll returned ready; cleared by a reset

  WheelSleep(HierarchicalTimerWheel timer) {
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
    this.duration = requested;
    this.delivered = false;
    WAKER.set(this, null); // not linked: plain (see the overview)
    setStateRelease(NEW);
  }

  /** A release store of state: for every transition but FIRED by a turn (see the overview). */
  void setStateRelease(int s) {
    STATE.setRelease(this, s);
  }

  @Override
  public Poll<Void> poll(Context context) {
    if (delivered) {
      throw new IllegalStateException("Sleep polled after it completed; reset() it first");
    }
    int s = state;
    if (s == FIRED) {
      delivered = true;
      return Poll.readyNull();
    }
    if (s == ABANDONED) {
      throw new IllegalStateException("sleep polled after it was abandoned; reset() it first");
    }
    Waker w = context.waker();
    if (s == NEW) {
      WAKER.set(this, w); // published to the turns by the wheel lock register() takes
      timer.register(this);
    } else {
      Waker old = waker;
      if (old == null || !old.willWake(w)) {
        waker = w;
      }
    }
    if (state == FIRED) {
      delivered = true;
      return Poll.readyNull();
    }
    return Poll.pending();
  }

  @Override
  public void abandon() {
    int s = state;
    if (s == REGISTERED) {
      timer.unregister(this);
    } else if (s == NEW) {
      setStateRelease(ABANDONED);
    }
    WAKER.set(this, null); // unlinked or fired: no turn reads it any more
  }

  @Override
  public Sleep reset(Duration duration) {
    long ticks = timer.durationToTicks(duration);
    if (state == REGISTERED) {
      timer.unregister(this);
    }
    arm(ticks, duration);
    return this;
  }

  /** Re-arms for a clock deadline (used by intervals). */
  void resetAt(long clockDeadline, long ticks) {
    if (state == REGISTERED) {
      timer.unregister(this);
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
    return state == FIRED;
  }

  @Override
  public String toString() {
    String[] names = {"NEW", "REGISTERED", "FIRED", "ABANDONED"};
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
