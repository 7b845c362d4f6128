package maitake.impl.time;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import maitake.future.Waker;
import maitake.impl.util.WakerBatch;
import maitake.time.Clock;
import maitake.time.Instant;
import maitake.time.Interval;
import maitake.time.MissedTickBehavior;
import maitake.time.Sleep;
import maitake.time.Timer;
import maitake.time.TimerError;
import maitake.time.Turn;

/**
 * What the kit's two timers share: the clock arithmetic, the {@link WheelCore}, and firing. {@link
 * HierarchicalTimerWheel} holds the wheel under a lock; {@link LocalTimerWheel} on its owner
 * thread. Every method named {@code ...Held} runs while the caller holds the wheel.
 */
abstract class WheelTimer implements Timer {
  /*
   * Implementation overview
   *
   * Time. The wheel counts wheel ticks from an origin, the clock reading when the timer was made:
   *   w(t) = floor((t - origin) / g)          (clamped at 0)
   * and a sleep's deadline is the first wheel tick at or after its clock deadline d:
   *   deadline = ceil((d - origin) / g)
   * so w(t) >= deadline implies t >= d: nothing fires early. Each timer keeps the greatest clock
   * reading it has seen; a smaller reading (a clock going backwards) is no progress.
   *
   * Firing. The wheel hands back a chain of due sleeps; each fires with one compare-and-set of its
   * state from REGISTERED to FIRED, and an abandoned one (its owner won the race with the same
   * CAS from REGISTERED to ABANDONED) is dropped. That CAS is the linearization point of both.
   * The fired sleep's waker, read after the CAS, joins a thread-local WakerBatch (taken only when
   * something fires), which the timer wakes once it lets go of the wheel.
   *
   * Abandonment is one CAS and a racy count (abandonedHint): the wheel drops an abandoned sleep
   * when its slot comes due, when the sleep registers again, when it heads the next due slot
   * (nextLiveDue), or in a sweep of the whole wheel that runs when the count passes half the
   * linked sleeps (and 64). So the wheel keeps at most about as many abandoned sleeps as live
   * ones (plus 64), each without its waker, which abandon clears; and the sweep costs O(1) per
   * abandonment, amortised. The count is a hint: lost increments from racing threads only delay a
   * sweep.
   */

  static final int SWEEP_MIN = 64;

  final Clock clock;
  final Duration tickDuration;
  private final long tickNanos; // > 0 if the clock's durationToTicks is the default: fast path
  final long granularity; // clock ticks per wheel tick
  final long origin; // clock reading at construction
  final Runnable onEarlierDeadline; // null, or run when a registration becomes earliest
  final WheelCore core = new WheelCore(); // held
  long knownNext = Long.MAX_VALUE; // held: earliest due tick told to the driver
  WakerBatch heldBatch; // held: the wakers of sleeps fired while the wheel is held

  @SuppressWarnings("unused") // through ABANDONED_HINT
  private int abandonedHint; // racy count of abandonments since the last sweep

  WheelTimer(Clock clock, long granularity, Runnable onEarlierDeadline) {
    this.onEarlierDeadline = onEarlierDeadline;
    this.clock = Objects.requireNonNull(clock, "clock");
    if (granularity < 1) {
      throw new IllegalArgumentException(
          "granularity must be at least one clock tick: " + granularity);
    }
    this.tickDuration = Objects.requireNonNull(clock.tickDuration(), "clock.tickDuration()");
    this.granularity = granularity;
    this.tickNanos = usesDefaultConversion(clock) ? tickNanosOf(tickDuration) : 0;
    this.origin = clock.nowTicks();
  }

  // ---------------------------------------------------------------------------------------
  // What each timer does its own way

  /** Reads the clock and returns the greatest reading this timer may use now. */
  abstract long observe();

  /** First poll of a sleep that is NEW. */
  abstract void register(WheelSleep s);

  /**
   * Abandons a sleep that is REGISTERED (or QUEUED, on a local timer), unless a turn fired it
   * first.
   *
   * @return whether the timer may still hold the sleep (it is left linked or queued), so that its
   *     waker should be dropped
   */
  abstract boolean cancel(WheelSleep s);

  // ---------------------------------------------------------------------------------------
  // Timer

  @Override
  public final Clock clock() {
    return clock;
  }

  @Override
  public final Instant now() {
    return Instant.ofTicks(clock, observe());
  }

  @Override
  public final long granularityTicks() {
    return granularity;
  }

  @Override
  public final Sleep sleep(Duration duration) {
    long ticks = durationToTicks(duration);
    WheelSleep s = new WheelSleep(this);
    s.arm(ticks, duration);
    return s;
  }

  @Override
  public final Sleep sleepTicks(long ticks) {
    if (ticks < 0) {
      throw new IllegalArgumentException("sleep ticks must not be negative: " + ticks);
    }
    WheelSleep s = new WheelSleep(this);
    s.arm(ticks, null);
    return s;
  }

  @Override
  public final Interval interval(Duration period, MissedTickBehavior behavior) {
    return new WheelInterval(this, period, behavior);
  }

  // ---------------------------------------------------------------------------------------
  // Time

  private static boolean usesDefaultConversion(Clock clock) {
    try {
      return clock.getClass().getMethod("durationToTicks", Duration.class).getDeclaringClass()
          == Clock.class;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  private static long tickNanosOf(Duration tick) {
    try {
      return tick.toNanos();
    } catch (ArithmeticException e) {
      return 0; // a tick longer than 292 years: always take the clock's own conversion
    }
  }

  Duration tickDuration() {
    return tickDuration;
  }

  /**
   * {@link Clock#durationToTicks} (rounding up), without its second division and the calls around
   * it, when the clock uses the default conversion; exactly the clock's result.
   */
  final long durationToTicks(Duration duration) {
    long tn = tickNanos;
    if (tn > 0 && duration != null) {
      long secs = duration.getSeconds();
      if (secs >= 0 && secs < 9_000_000_000L) { // nanoseconds fit in a long
        long nanos = secs * 1_000_000_000L + duration.getNano();
        long q = nanos / tn;
        return q * tn == nanos ? q : q + 1;
      }
    }
    return clock.durationToTicks(duration); // null, negative or very long: its checks apply
  }

  /** Wheel ticks for a clock reading, clamped at zero. */
  final long wheelTicks(long clockTicks) {
    if (clockTicks <= origin) {
      return 0;
    }
    long d = clockTicks - origin;
    d = d < 0 ? Long.MAX_VALUE : d; // d < 0: the difference overflowed
    return granularity == 1 ? d : d / granularity; // a 64-bit division costs tens of cycles
  }

  /**
   * The wheel deadline of a clock deadline: the first wheel tick at or after it.
   *
   * @throws TimerError if it cannot be represented
   */
  final long wheelDeadline(long clockDeadline, Duration requested) {
    if (clockDeadline <= origin) {
      return 0;
    }
    long d = clockDeadline - origin;
    if (d < 0) {
      throw TimerError.durationTooLong(requested, null);
    }
    if (granularity == 1) {
      return d;
    }
    long q = d / granularity;
    return q * granularity == d ? q : q + 1;
  }

  /** The clock deadline {@code ticks} after now. */
  final long deadlineAfter(long ticks, Duration requested) {
    try {
      return Math.addExact(observe(), ticks);
    } catch (ArithmeticException e) {
      throw TimerError.durationTooLong(
          requested != null ? requested : tickDuration.multipliedBy(ticks), null);
    }
  }

  /** Clock ticks from {@code clockNow} to a wheel tick: 0 if passed, -1 for none. */
  final long ticksUntil(long due, long clockNow) {
    if (due == Long.MAX_VALUE) {
      return -1;
    }
    long clockDue;
    try {
      clockDue = Math.addExact(origin, Math.multiplyExact(due, granularity));
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
    return Math.max(0, clockDue - clockNow);
  }

  // ---------------------------------------------------------------------------------------
  // Held: the caller holds the wheel

  /** Advances the wheel to a clock reading and fires what is due; returns how many fired. */
  final int advanceHeld(long clockNow) {
    WheelSleep e = core.advance(wheelTicks(clockNow));
    int fired = 0;
    while (e != null) {
      WheelSleep n = e.next;
      e.next = null;
      if (e.fire()) {
        fired++;
        collect(e);
      }
      e = n;
    }
    sweepIfWorthIt();
    return fired;
  }

  /**
   * A test hook, null outside tests: runs on the turning thread between a sleep's firing CAS and
   * the read of its waker, so a test can abandon the sleep in that window.
   */
  static Consumer<WheelSleep> firedBeforeWakerRead;

  /** Adds a fired sleep's waker (read after its firing CAS) to the held batch. */
  final void collect(WheelSleep s) {
    Consumer<WheelSleep> hook = firedBeforeWakerRead;
    if (hook != null) {
      hook.accept(s);
    }
    Waker w = s.waker;
    if (w != null) {
      if (heldBatch == null) {
        heldBatch = WakerBatch.acquire(); // only when something fires
      }
      heldBatch.add(w);
    }
  }

  /**
   * A first poll's registration: advances the wheel to the clock's now, then places the sleep or
   * fires it at once if it is due (its poller, the caller, sees it fired).
   *
   * @return whether it became the earliest deadline the driver knows of (and must be told)
   */
  final boolean registerHeld(WheelSleep s) {
    long reading = observe();
    advanceHeld(reading);
    if (s.state != WheelSleep.NEW) {
      return false; // abandoned concurrently by a misbehaving owner
    }
    s.setStateRelease(WheelSleep.REGISTERED);
    return placeHeld(s, reading, true);
  }

  /** The Turn of a turn that read {@code clockNow}, fired {@code fired}, and next is due at due. */
  final Turn turnOf(long clockNow, int fired, long due) {
    return new Turn(
        clockNow, fired, ticksUntil(due, clockNow), due != Long.MAX_VALUE, tickDuration);
  }

  /**
   * Links a sleep whose state the caller has just made REGISTERED, or fires it at once if it is
   * due; the wheel has been advanced to {@code reading}.
   *
   * @param s the sleep
   * @param reading the clock reading the wheel was advanced to
   * @param byPoller whether the caller is the sleep's poller, inside its first poll (which sees it
   *     fired): then a sleep fired at once wakes no one
   * @return whether it became the earliest deadline the driver knows of (and must be told)
   */
  final boolean placeHeld(WheelSleep s, long reading, boolean byPoller) {
    if (s.deadline <= core.now() || s.clockDeadline <= reading) {
      // due: its wheel tick has come, or (at a coarse granularity) its clock deadline passed
      // inside the current wheel tick; either way never early
      if (s.slot >= 0) {
        core.unlink(s);
      }
      if (s.fire() && !byPoller) {
        collect(s);
      }
      return false;
    }
    if (s.slot >= 0) {
      noteRevived(); // linked still from an abandoned registration
    }
    core.place(s);
    if (onEarlierDeadline != null && s.deadline < knownNext) {
      knownNext = s.deadline;
      return true;
    }
    return false;
  }

  /** Takes the batch of wakers collected while the wheel was held. */
  final WakerBatch takeBatch() {
    WakerBatch b = heldBatch;
    heldBatch = null;
    return b;
  }

  static void wake(WakerBatch batch) {
    if (batch != null) {
      batch.wakeAll();
    }
  }

  final void notifyEarlier() {
    try {
      onEarlierDeadline.run();
    } catch (Throwable e) {
      maitake.impl.util.Wakers.reportUncaught(e);
    }
  }

  /** Sweeps abandoned sleeps out once they pass half the linked ones (and SWEEP_MIN). */
  private void sweepIfWorthIt() {
    int a = (int) ABANDONED_HINT.getOpaque(this);
    if (a >= SWEEP_MIN && a > core.linked() >>> 1) {
      core.sweep();
      ABANDONED_HINT.setOpaque(this, 0);
    }
  }

  /** Counts an abandonment that left its sleep linked (racy: a hint). */
  final void noteAbandoned() {
    ABANDONED_HINT.setOpaque(this, (int) ABANDONED_HINT.getOpaque(this) + 1);
  }

  private void noteRevived() {
    int a = (int) ABANDONED_HINT.getOpaque(this);
    if (a > 0) {
      ABANDONED_HINT.setOpaque(this, a - 1);
    }
  }

  private static final VarHandle ABANDONED_HINT;

  static {
    try {
      ABANDONED_HINT =
          MethodHandles.lookup().findVarHandle(WheelTimer.class, "abandonedHint", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
