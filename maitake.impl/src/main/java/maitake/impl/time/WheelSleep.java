package maitake.impl.time;

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
   * poll sees FIRED, or the turn sees the new waker (or both: one spurious wake).
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
  private long clockDeadline; // the owner
  private long durationTicks; // the owner
  private Duration duration; // the owner; null until asked for when armed by ticks
  volatile int state; // see the overview
  volatile Waker waker; // written by the poller, read by the turn that fires

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
    this.waker = null;
    this.state = NEW;
  }

  @Override
  public Poll<Void> poll(Context context) {
    int s = state;
    if (s == FIRED) {
      return Poll.readyNull();
    }
    if (s == ABANDONED) {
      throw new IllegalStateException("sleep polled after it was abandoned; reset() it first");
    }
    Waker w = context.waker();
    if (s == NEW) {
      waker = w;
      timer.register(this);
    } else {
      Waker old = waker;
      if (old == null || !old.willWake(w)) {
        waker = w;
      }
    }
    return state == FIRED ? Poll.readyNull() : Poll.pending();
  }

  @Override
  public void abandon() {
    int s = state;
    if (s == REGISTERED) {
      timer.unregister(this);
    } else if (s == NEW) {
      state = ABANDONED;
    }
    waker = null;
  }

  @Override
  public Sleep reset(Duration duration) {
    long ticks = timer.clock().durationToTicks(duration);
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
}
