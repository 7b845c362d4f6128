package maitake.impl.time;

import java.time.Duration;
import java.util.Objects;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Poll;
import maitake.time.Instant;
import maitake.time.Interval;
import maitake.time.MissedTickBehavior;
import maitake.time.TimerError;

/**
 * An {@link Interval} that re-arms one {@link WheelSleep} each period: the same wheel entry is
 * relinked and one poll result cell is refilled, so nothing is allocated per period except the
 * {@link Instant} each tick returns (and nothing at all through {@link #ticks()}).
 */
final class WheelInterval implements Interval {
  /*
   * Implementation overview
   *
   * scheduled is the clock tick the pending tick is due at; the sleep is armed for it. When the
   * sleep fires, the tick completes with scheduled, and the next one is chosen by the policy,
   * with now = the timer's latest clock reading:
   *   BURST  scheduled + period              (missed ticks complete at once, one per poll)
   *   DELAY  max(scheduled, now) + period    (the schedule shifts to now)
   *   SKIP   the first scheduled + k * period after now
   */

  private final WheelTimer timer;
  private final Duration period;
  private final long periodTicks;
  private final MissedTickBehavior behavior;
  private final WheelSleep sleep;
  private long scheduled; // clock ticks of the pending tick
  private long lastTick; // clock ticks of the tick that completed last
  private final Poll.Ready<Instant> cell = Poll.cell();
  private final Future<Void> ticks = new Ticks();

  WheelInterval(WheelTimer timer, Duration period, MissedTickBehavior behavior) {
    this.timer = timer;
    this.period = Objects.requireNonNull(period, "period");
    this.behavior = Objects.requireNonNull(behavior, "behavior");
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("interval period must be positive: " + period);
    }
    this.periodTicks = Math.max(1, timer.clock().durationToTicks(period));
    this.sleep = new WheelSleep(timer);
    this.scheduled = timer.observe();
    sleep.armAt(scheduled, 0, Duration.ZERO);
  }

  @Override
  public Poll<Instant> poll(Context context) {
    return advance(context) ? cell.fill(Instant.ofTicks(timer.clock(), lastTick)) : Poll.pending();
  }

  @Override
  public Future<Void> ticks() {
    return ticks;
  }

  /** Completes the pending tick if it is due: notes it in lastTick and arms the next. */
  private boolean advance(Context context) {
    if (sleep.poll(context).isPending()) {
      return false;
    }
    long tick = scheduled;
    long now = timer.observe();
    long next;
    try {
      next =
          switch (behavior) {
            case BURST -> Math.addExact(tick, periodTicks);
            case DELAY -> Math.addExact(Math.max(tick, now), periodTicks);
            case SKIP ->
                Math.addExact(
                    tick, Math.multiplyExact(periodTicks, (now - tick) / periodTicks + 1));
          };
    } catch (ArithmeticException e) {
      throw TimerError.durationTooLong(period, null);
    }
    scheduled = next;
    lastTick = tick;
    sleep.resetAt(next, periodTicks);
    return true;
  }

  @Override
  public void abandon() {
    sleep.abandon();
  }

  @Override
  public void reset() {
    scheduled = Math.addExact(timer.observe(), periodTicks);
    sleep.resetAt(scheduled, periodTicks);
  }

  @Override
  public Duration period() {
    return period;
  }

  @Override
  public MissedTickBehavior missedTickBehavior() {
    return behavior;
  }

  @Override
  public String toString() {
    return "Interval(" + period + ", " + behavior + ", next=" + scheduled + ")";
  }

  /** The view of {@link #ticks()}. */
  private final class Ticks implements Future<Void> {
    @Override
    public Poll<Void> poll(Context context) {
      return advance(context) ? Poll.readyNull() : Poll.pending();
    }

    @Override
    public void abandon() {
      WheelInterval.this.abandon();
    }

    @Override
    public String toString() {
      return "ticks of " + WheelInterval.this;
    }
  }
}
