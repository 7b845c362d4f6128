package maitake.impl.time;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import maitake.impl.lock.BackoffSpinLock;
import maitake.impl.util.WakerBatch;
import maitake.sync.blocking.RawMutex;
import maitake.time.Clock;
import maitake.time.Timer;
import maitake.time.Turn;

/**
 * The kit's thread-safe {@link Timer}: a hierarchical timer wheel of 6 levels of 64 slots, with
 * intrusive slot lists whose nodes are the {@link WheelSleep}s themselves, guarded by a raw lock.
 */
public final class HierarchicalTimerWheel extends WheelTimer {
  /*
   * Implementation overview
   *
   * The shell around a WheelCore (the wheel, which is not thread-safe) that the Rust crate's
   * hawkw/mycelium maitake/src/time/timer.rs is around its Core: the clock, the lock, and waking
   * after unlock. The arithmetic and firing are WheelTimer's.
   *
   * Everything the wheel holds is guarded by lock (a raw mutex: the built-in spin lock unless the
   * toolkit passes another). A turn and a registration take it; abandoning a sleep does not: it
   * is one CAS on the sleep's state (see WheelTimer), and the wheel drops the sleep later, so the
   * timeout pattern (register, then abandon before the deadline) takes the lock once. Wakers of
   * fired sleeps run after the lock is released.
   *
   * latest, the greatest clock reading seen, is a CAS-maximised volatile: any thread may read the
   * clock for a new sleep's deadline.
   */

  private final RawMutex lock;
  private volatile long latest; // greatest clock reading seen: CAS to raise

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
    super(clock, granularity, onEarlierDeadline);
    this.lock = Objects.requireNonNull(lock, "lock");
    this.latest = origin;
  }

  // ---------------------------------------------------------------------------------------
  // Timer

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
    long due;
    WakerBatch batch;
    try {
      clockNow = observe();
      fired = advanceHeld(clockNow);
      due = core.nextLiveDue();
      knownNext = due; // what the driver will park for
    } finally {
      batch = unlockKeepingBatch();
    }
    wake(batch);
    return turnOf(clockNow, fired, due);
  }

  @Override
  public int advance() {
    lock.lock();
    return advanceLocked();
  }

  @Override
  public int tryAdvance() {
    if (!lock.tryLock()) {
      return -1;
    }
    return advanceLocked();
  }

  private int advanceLocked() {
    int fired;
    WakerBatch batch;
    try {
      fired = advanceHeld(observe());
      knownNext = core.nextLiveDue();
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
      long due = core.nextLiveDue();
      knownNext = due;
      return ticksUntil(due, latest);
    } finally {
      lock.unlock();
    }
  }

  /** Takes the batch of wakers collected under the lock, then releases the lock. */
  private WakerBatch unlockKeepingBatch() {
    WakerBatch b = takeBatch();
    lock.unlock();
    return b;
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

  /** Reads the clock and returns the greatest reading seen so far (raising it if needed). */
  @Override
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

  // ---------------------------------------------------------------------------------------
  // Registration (called by WheelSleep)

  /**
   * First poll of a sleep: advance the wheel to now, then fire the sleep at once if its deadline
   * has passed, or link it into its slot.
   */
  @Override
  void register(WheelSleep s) {
    boolean earlier = false;
    lock.lock();
    WakerBatch batch;
    try {
      earlier = registerHeld(s);
    } finally {
      batch = unlockKeepingBatch();
    }
    wake(batch);
    if (earlier) {
      notifyEarlier();
    }
  }

  /** Marks a registered sleep abandoned (unless it fired first); the wheel drops it later. */
  @Override
  boolean cancel(WheelSleep s) {
    if (s.abandonRegistered()) { // linearization point of the abandonment
      noteAbandoned();
      return true; // still linked
    }
    return false; // fired first
  }

  /** For tests: the wheel's now, in wheel ticks. */
  long wheelNowForTest() {
    lock.lock();
    try {
      return core.now();
    } finally {
      lock.unlock();
    }
  }

  /** For tests: how many sleeps are linked, abandoned ones not yet dropped included. */
  int linkedForTest() {
    lock.lock();
    try {
      return core.linked();
    } finally {
      lock.unlock();
    }
  }

  /** For tests: how many live sleeps are linked. */
  int registeredForTest() {
    lock.lock();
    try {
      core.sweep();
      return core.linked();
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
