package maitake.impl.time;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import maitake.future.Waker;
import maitake.impl.lock.BackoffSpinLock;
import maitake.impl.util.WakerBatch;
import maitake.sync.blocking.RawMutex;
import maitake.time.Clock;
import maitake.time.Instant;
import maitake.time.Interval;
import maitake.time.MissedTickBehavior;
import maitake.time.Sleep;
import maitake.time.Timer;
import maitake.time.TimerError;
import maitake.time.Turn;

/**
 * The kit's {@link Timer}: a hierarchical timer wheel of 6 levels of 64 slots, with intrusive slot
 * lists whose nodes are the {@link WheelSleep}s themselves.
 */
public final class HierarchicalTimerWheel implements Timer {
  /*
   * Implementation overview
   *
   * Ported from hawkw/mycelium maitake/src/time/timer/wheel.rs, with two changes: far sleeps
   * are placed so that their slot always comes due before their deadline (the Rust crate can
   * spin on a top-level slot that is due at once), and the wheel tick may be several clock ticks
   * (granularity).
   *
   * Time. The wheel counts wheel ticks from an origin, the clock reading when the timer was made:
   *   w(t) = floor((t - origin) / g)          (clamped at 0)
   * and a sleep's deadline is the first wheel tick at or after its clock deadline d:
   *   deadline = ceil((d - origin) / g)
   * so w(t) >= deadline implies t >= d: nothing fires early. latest is the greatest clock reading
   * seen; a smaller reading (a clock going backwards) is no progress.
   *
   * Levels. Level L has 64 slots of 64^L wheel ticks; slot index (deadline >>> 6L) & 63. A sleep
   * goes to the level of the highest 6-bit group in which now and its deadline differ, so within
   * the current rotation of that level its slot is strictly after now's slot. A deadline in a
   * different top-level rotation (2^36 and beyond) goes to level 5: to its own slot if that slot
   * comes up within one rotation and is not now's slot, else to the slot just before now's slot,
   * the last to come up; either way the slot comes due no later than the deadline.
   *
   * Each level has a 64-bit occupancy bitmap. The next slot due in a level is the first set bit
   * at or after now's slot, found with a rotate and numberOfTrailingZeros; lower levels always
   * come due before higher ones, so the first non-empty level holds the next due slot.
   *
   * Turning to a target: while the next due slot starts at or before the target, take its whole
   * list, clear its bit, fire every sleep whose deadline is at or before the target, and keep the
   * rest (they can only come from levels above 0) on a pending list; then set now to the target
   * and re-place the pending sleeps (lazy cascading). Firing sets the sleep's state and collects
   * its waker into a thread-local WakerBatch (taken only when something fires); wakers run after
   * the lock is released.
   *
   * Slot lists are doubly linked, appended at the tail (so a slot fires in registration order),
   * and each sleep records its slot index, so unlinking is O(1).
   *
   * Everything marked "under lock" is guarded by lock (a raw mutex: the built-in spin lock
   * unless the toolkit passes another); latest is a CAS-maximised volatile.
   */

  static final int LEVELS = 6;
  static final int SLOTS = 64;
  static final int SLOT_BITS = 6;

  /** Wheel ticks one placement covers. */
  static final long PLACEMENT_RANGE = 1L << (LEVELS * SLOT_BITS);

  private final Clock clock;
  private final Duration tickDuration;
  private final long tickNanos; // > 0 if the clock's durationToTicks is the default: fast path
  private final long granularity; // clock ticks per wheel tick
  private final long origin; // clock reading at construction
  private final RawMutex lock;
  private volatile long latest; // greatest clock reading seen: CAS to raise

  private long now; // under lock: wheel ticks
  private final long[] occupied = new long[LEVELS]; // under lock
  private final WheelSleep[] heads = new WheelSleep[LEVELS * SLOTS]; // under lock
  private final WheelSleep[] tails = new WheelSleep[LEVELS * SLOTS]; // under lock
  private int registered; // under lock
  private int dueIndex; // under lock: slot index found by the last nextDue()
  private WakerBatch lockedBatch; // under lock: the wakers of sleeps fired in this locked section
  private final Runnable onEarlierDeadline; // null, or run when a registration becomes earliest
  private long knownNext = Long.MAX_VALUE; // under lock: earliest due tick told to the driver

  /**
   * A timer whose wheel tick is one clock tick.
   *
   * @param clock the clock to read
   */
  public HierarchicalTimerWheel(Clock clock) {
    this(clock, 1);
  }

  /**
   * A timer whose wheel tick is {@code granularity} clock ticks.
   *
   * @param clock the clock to read
   * @param granularity clock ticks per wheel tick, at least 1
   */
  public HierarchicalTimerWheel(Clock clock, long granularity) {
    this(clock, granularity, new BackoffSpinLock());
  }

  /**
   * A timer whose wheel is guarded by {@code lock}.
   *
   * @param clock the clock to read
   * @param granularity clock ticks per wheel tick, at least 1
   * @param lock the raw lock that guards the wheel
   */
  public HierarchicalTimerWheel(Clock clock, long granularity, RawMutex lock) {
    this(clock, granularity, lock, null);
  }

  /**
   * A timer whose wheel is guarded by {@code lock}, and that runs {@code onEarlierDeadline} after a
   * registration made a sleep due earlier than any the driver was told of by the last turn (or
   * {@link #ticksToNextDeadline()}, or the previous such call): on the registering thread, outside
   * the lock. What it throws is reported as an uncaught failure and dropped.
   *
   * @param clock the clock to read
   * @param granularity clock ticks per wheel tick, at least 1
   * @param lock the raw lock that guards the wheel
   * @param onEarlierDeadline the notification, or null
   */
  public HierarchicalTimerWheel(
      Clock clock, long granularity, RawMutex lock, Runnable onEarlierDeadline) {
    this.onEarlierDeadline = onEarlierDeadline;
    this.lock = Objects.requireNonNull(lock, "lock");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (granularity < 1) {
      throw new IllegalArgumentException(
          "granularity must be at least one clock tick: " + granularity);
    }
    this.tickDuration = Objects.requireNonNull(clock.tickDuration(), "clock.tickDuration()");
    this.granularity = granularity;
    this.tickNanos = usesDefaultConversion(clock) ? tickNanosOf(tickDuration) : 0;
    this.origin = clock.nowTicks();
    this.latest = origin;
  }

  // ---------------------------------------------------------------------------------------
  // Timer

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public Instant now() {
    return Instant.ofTicks(clock, observe());
  }

  @Override
  public long granularityTicks() {
    return granularity;
  }

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

  /**
   * {@link Clock#durationToTicks} (rounding up), without its second division and the calls around
   * it, when the clock uses the default conversion; exactly the clock's result.
   */
  long durationToTicks(Duration duration) {
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

  @Override
  public Sleep sleep(Duration duration) {
    long ticks = durationToTicks(duration);
    WheelSleep s = new WheelSleep(this);
    s.arm(ticks, duration);
    return s;
  }

  @Override
  public Sleep sleepTicks(long ticks) {
    if (ticks < 0) {
      throw new IllegalArgumentException("sleep ticks must not be negative: " + ticks);
    }
    WheelSleep s = new WheelSleep(this);
    s.arm(ticks, null);
    return s;
  }

  @Override
  public Interval interval(Duration period, MissedTickBehavior behavior) {
    return new WheelInterval(this, period, behavior);
  }

  @Override
  public Turn turn() {
    lock.lock();
    return turnLocked();
  }

  @Override
  public Turn tryTurn() {
    if (!lock.tryLock()) {
      return null;
    }
    return turnLocked();
  }

  private Turn turnLocked() {
    long clockNow;
    int fired;
    long next;
    boolean remaining;
    WakerBatch batch;
    try {
      clockNow = observe();
      fired = advanceLocked(clockNow);
      next = ticksToNextDueLocked(clockNow);
      knownNext = nextDueLocked(); // what the driver will park for
      remaining = registered > 0;
    } finally {
      batch = unlockKeepingBatch();
    }
    wake(batch);
    return new Turn(clockNow, fired, next, remaining, tickDuration);
  }

  @Override
  public int advance() {
    lock.lock();
    int fired;
    WakerBatch batch;
    try {
      fired = advanceLocked(observe());
      knownNext = nextDueLocked();
    } finally {
      batch = unlockKeepingBatch();
    }
    wake(batch);
    return fired;
  }

  @Override
  public long ticksToNextDeadline() {
    lock.lock();
    try {
      knownNext = nextDueLocked();
      return ticksToNextDueLocked(latest);
    } finally {
      lock.unlock();
    }
  }

  /** Takes the batch of wakers collected under the lock, then releases the lock. */
  private WakerBatch unlockKeepingBatch() {
    WakerBatch b = lockedBatch;
    lockedBatch = null;
    lock.unlock();
    return b;
  }

  private static void wake(WakerBatch batch) {
    if (batch != null) {
      batch.wakeAll();
    }
  }

  @Override
  public String toString() {
    return "HierarchicalTimerWheel(clock="
        + clock.name()
        + ", granularity="
        + granularity
        + ", latest="
        + latest
        + ", busy="
        + lock.isLocked()
        + ")";
  }

  // ---------------------------------------------------------------------------------------
  // Time

  Duration tickDuration() {
    return tickDuration;
  }

  /** Reads the clock and returns the greatest reading seen so far (raising it if needed). */
  long observe() {
    long r = clock.nowTicks();
    long l = latest;
    while (r > l) {
      if (LATEST.compareAndSet(this, l, r)) {
        return r;
      }
      l = latest;
    }
    return l;
  }

  /** Wheel ticks for a clock reading, clamped at zero. */
  private long wheelTicks(long clockTicks) {
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
  long wheelDeadline(long clockDeadline, Duration requested) {
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
  long deadlineAfter(long ticks, Duration requested) {
    try {
      return Math.addExact(observe(), ticks);
    } catch (ArithmeticException e) {
      throw TimerError.durationTooLong(
          requested != null ? requested : tickDuration.multipliedBy(ticks), null);
    }
  }

  // ---------------------------------------------------------------------------------------
  // Registration (called by WheelSleep)

  /**
   * First poll of a sleep: advance the wheel to now, then fire the sleep at once if its deadline
   * has passed, or link it into its slot.
   */
  void register(WheelSleep s) {
    boolean earlier = false;
    lock.lock();
    WakerBatch batch;
    try {
      long reading = observe();
      advanceLocked(reading);
      if (s.state != WheelSleep.NEW) {
        // abandoned concurrently by a misbehaving owner: nothing to register
      } else if (s.deadline <= now || s.clockDeadline <= reading) {
        // due: its wheel tick has come, or (at a coarse granularity) its clock deadline passed
        // inside the current wheel tick; either way never early
        s.setStateRelease(WheelSleep.FIRED); // the owner is the caller: no waker to wake
      } else {
        insertLocked(s);
        registered++;
        s.setStateRelease(WheelSleep.REGISTERED);
        if (onEarlierDeadline != null && s.deadline < knownNext) {
          knownNext = s.deadline;
          earlier = true;
        }
      }
    } finally {
      batch = unlockKeepingBatch();
    }
    wake(batch);
    if (earlier) {
      try {
        onEarlierDeadline.run();
      } catch (Throwable e) {
        maitake.impl.util.Wakers.reportUncaught(e);
      }
    }
  }

  /** Unlinks a registered sleep, unless it fired meanwhile, and marks it abandoned. */
  void unregister(WheelSleep s) {
    lock.lock();
    try {
      if (s.state == WheelSleep.REGISTERED) {
        unlinkLocked(s);
        registered--;
        s.setStateRelease(WheelSleep.ABANDONED);
      }
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------------------------------
  // The wheel (everything below runs under lock)

  /** Advances to {@code clockNow}; returns how many sleeps fired. */
  private int advanceLocked(long clockNow) {
    long target = wheelTicks(clockNow);
    if (target <= now) {
      return 0;
    }
    int fired = 0;
    WheelSleep pending = null;
    for (; ; ) {
      long due = nextDueLocked();
      if (due > target) {
        break;
      }
      if (due > now) {
        now = due;
      }
      int idx = dueIndex;
      WheelSleep e = heads[idx];
      heads[idx] = null;
      tails[idx] = null;
      occupied[idx >>> SLOT_BITS] &= ~(1L << (idx & (SLOTS - 1)));
      while (e != null) {
        WheelSleep n = e.next;
        e.prev = null;
        e.next = null;
        e.slot = -1;
        if (e.deadline <= target) {
          registered--;
          e.state = WheelSleep.FIRED; // then read the waker: see WheelSleep.poll
          Waker w = e.waker;
          if (w != null) {
            if (lockedBatch == null) {
              lockedBatch = WakerBatch.acquire(); // only when something fires
            }
            lockedBatch.add(w);
          }
          fired++;
        } else {
          e.next = pending;
          pending = e;
        }
        e = n;
      }
    }
    now = target;
    while (pending != null) {
      WheelSleep n = pending.next;
      pending.next = null;
      insertLocked(pending);
      pending = n;
    }
    return fired;
  }

  /**
   * The wheel tick at which the next occupied slot comes due, recording its index in dueIndex;
   * Long.MAX_VALUE if no slot is occupied.
   */
  private long nextDueLocked() {
    for (int level = 0; level < LEVELS; level++) {
      long occ = occupied[level];
      if (occ == 0) {
        continue;
      }
      int shift = level * SLOT_BITS;
      int levelBits = shift + SLOT_BITS;
      int nowSlot = (int) ((now >>> shift) & (SLOTS - 1));
      int slot =
          (nowSlot + Long.numberOfTrailingZeros(Long.rotateRight(occ, nowSlot))) & (SLOTS - 1);
      long due = ((now >>> levelBits) << levelBits) + ((long) slot << shift);
      if (slot < nowSlot) {
        due += 1L << levelBits;
      }
      dueIndex = level * SLOTS + slot;
      return due;
    }
    return Long.MAX_VALUE;
  }

  private long ticksToNextDueLocked(long clockNow) {
    long due = nextDueLocked();
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

  /** The slot index (level * 64 + slot) for a deadline after now. */
  static int slotFor(long now, long deadline) {
    long x = now ^ deadline;
    if ((x >>> (LEVELS * SLOT_BITS)) == 0) {
      int level = (63 - Long.numberOfLeadingZeros(x | (SLOTS - 1))) / SLOT_BITS;
      return level * SLOTS + (int) ((deadline >>> (level * SLOT_BITS)) & (SLOTS - 1));
    }
    int top = (LEVELS - 1) * SLOT_BITS;
    int nowSlot = (int) ((now >>> top) & (SLOTS - 1));
    int deadlineSlot = (int) ((deadline >>> top) & (SLOTS - 1));
    int slot =
        deadline - now < PLACEMENT_RANGE && deadlineSlot != nowSlot
            ? deadlineSlot
            : (nowSlot + SLOTS - 1) & (SLOTS - 1);
    return (LEVELS - 1) * SLOTS + slot;
  }

  private void insertLocked(WheelSleep s) {
    int idx = slotFor(now, s.deadline);
    WheelSleep t = tails[idx];
    s.prev = t;
    s.next = null;
    if (t == null) {
      heads[idx] = s;
      occupied[idx >>> SLOT_BITS] |= 1L << (idx & (SLOTS - 1));
    } else {
      t.next = s;
    }
    tails[idx] = s;
    s.slot = idx;
  }

  private void unlinkLocked(WheelSleep s) {
    int idx = s.slot;
    WheelSleep p = s.prev;
    WheelSleep n = s.next;
    if (p == null) {
      heads[idx] = n;
    } else {
      p.next = n;
    }
    if (n == null) {
      tails[idx] = p;
    } else {
      n.prev = p;
    }
    if (heads[idx] == null) {
      occupied[idx >>> SLOT_BITS] &= ~(1L << (idx & (SLOTS - 1)));
    }
    s.prev = null;
    s.next = null;
    s.slot = -1;
  }

  /** For tests: the wheel's now, in wheel ticks. */
  long wheelNowForTest() {
    lock.lock();
    try {
      return now;
    } finally {
      lock.unlock();
    }
  }

  /** For tests: how many sleeps are linked. */
  int registeredForTest() {
    lock.lock();
    try {
      return registered;
    } finally {
      lock.unlock();
    }
  }

  private static final VarHandle LATEST;

  static {
    try {
      LATEST =
          MethodHandles.lookup().findVarHandle(HierarchicalTimerWheel.class, "latest", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
