package maitake.impl.time;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import maitake.time.Clock;
import maitake.time.LocalTimer;
import maitake.time.Turn;

/**
 * The kit's {@link LocalTimer}: the hierarchical wheel of {@link HierarchicalTimerWheel}, held by
 * confinement to its owner thread instead of a lock.
 */
public final class LocalTimerWheel extends WheelTimer implements LocalTimer {
  /*
   * Implementation overview
   *
   * The design tokio moved to (tokio/src/runtime/time/, a wheel per worker, remote cancels by
   * message) on the same WheelCore as the shared timer: the wheel belongs to the owner thread,
   * the first that turns it (a CAS on owner, once).
   *
   * On the owner thread. A first poll advances the wheel and places the sleep (WheelTimer's
   * placeHeld); abandoning a registered sleep stores ABANDONED and leaves it linked, as the shared
   * timer does (the wheel drops it later), so that a timeout reset and polled again in the same
   * slot keeps its place (WheelCore.place) instead of being unlinked and linked again (a third of
   * a reset-poll-abandon cycle's profile); a turn drains the inbox, advances and fires. None of it
   * takes a lock; the only atomic read-modify-write is the CAS that fires a due sleep (REGISTERED
   * -> FIRED), which is what lets another thread abandon a sleep without a message: both sides CAS
   * the sleep's state and exactly one wins.
   *
   * From other threads. A first poll stores QUEUED and pushes a small node onto inbox, a Treiber
   * stack (the push's CAS is the hand-over's linearization point, and publishes the sleep's
   * deadline and waker to the owner); then it runs onEarlierDeadline, if any, since the owner
   * cannot know the deadline before it drains. The owner drains at the start of each turn (one
   * getAndSet, only when the stack is not empty), oldest first, and admits each sleep still
   * QUEUED with a CAS to REGISTERED, then places or fires it. A sleep abandoned and registered
   * again before the drain is in the stack twice; its first node admits it and the second finds
   * it REGISTERED and does nothing. Abandoning from another thread is a CAS from REGISTERED (or
   * QUEUED) to ABANDONED, and the wheel drops the sleep later, as the shared timer does.
   *
   * latest, the greatest clock reading seen, is written by the owner only (a release store);
   * other threads read it and use the greater of it and their own reading, without storing.
   */

  private volatile Thread owner; // null until the first turn; CAS once
  private long latest; // the owner writes (release); others read (acquire)
  private volatile Inbox inbox; // sleeps handed over by other threads, newest first

  /** A sleep handed over by another thread. */
  private static final class Inbox {
    final WheelSleep sleep;
    Inbox next;

    Inbox(WheelSleep sleep) {
      this.sleep = sleep;
    }
  }

  /**
   * A confined timer.
   *
   * @param clock the clock to read
   * @param granularity clock ticks per wheel tick, at least 1
   * @param onEarlierDeadline run after a registration the owner must hear of, or null
   */
  public LocalTimerWheel(Clock clock, long granularity, Runnable onEarlierDeadline) {
    super(clock, granularity, onEarlierDeadline);
    LATEST.setRelease(this, origin);
  }

  @Override
  public Thread owner() {
    return owner;
  }

  // ---------------------------------------------------------------------------------------
  // Turning (owner only)

  @Override
  public Turn turn() {
    checkOwner("turn");
    long clockNow = observe();
    int fired = drainAndAdvance(clockNow);
    return turnOf(clockNow, fired, knownNext);
  }

  @Override
  public Turn tryTurn() {
    checkOwner("tryTurn");
    return turn();
  }

  @Override
  public int advance() {
    checkOwner("advance");
    return drainAndAdvance(observe());
  }

  @Override
  public int tryAdvance() {
    checkOwner("tryAdvance");
    return drainAndAdvance(observe());
  }

  /**
   * A turn's work: takes in what other threads handed over, advances, fires, and records the next
   * live due tick in knownNext; returns how many fired.
   */
  private int drainAndAdvance(long clockNow) {
    int fired = drainInbox(clockNow) + advanceHeld(clockNow);
    knownNext = core.nextLiveDue();
    wake(takeBatch());
    return fired;
  }

  @Override
  public long ticksToNextDeadline() {
    checkOwner("ticksToNextDeadline");
    long l = (long) LATEST.getAcquire(this);
    drainInbox(l);
    long due = core.nextLiveDue();
    knownNext = due;
    wake(takeBatch());
    return ticksUntil(due, l);
  }

  private void checkOwner(String method) {
    Thread me = Thread.currentThread();
    Thread o = owner;
    if (o == me || (o == null && OWNER.compareAndSet(this, null, me))) {
      return;
    }
    throw new IllegalStateException(
        "LocalTimer."
            + method
            + "() on thread "
            + me.getName()
            + ": only its owner turns it, thread "
            + owner.getName());
  }

  /** Takes in the sleeps other threads handed over; returns how many fired at once. */
  private int drainInbox(long reading) {
    if (inbox == null) {
      return 0;
    }
    Inbox n = (Inbox) INBOX.getAndSet(this, null);
    Inbox oldest = null;
    while (n != null) { // newest first: reverse
      Inbox next = n.next;
      n.next = oldest;
      oldest = n;
      n = next;
    }
    int fired = 0;
    for (; oldest != null; oldest = oldest.next) {
      WheelSleep s = oldest.sleep;
      if (s.state == WheelSleep.QUEUED && s.admitQueued()) {
        placeHeld(s, reading, false);
        if (s.isElapsed()) { // fired (or, by a quick poller, delivered)
          fired++;
        }
      }
    }
    return fired;
  }

  // ---------------------------------------------------------------------------------------
  // Time

  @Override
  long observe() {
    long r = clock.nowTicks();
    long l = (long) LATEST.getAcquire(this);
    if (r <= l) {
      return l;
    }
    if (Thread.currentThread() == owner) {
      LATEST.setRelease(this, r);
    }
    return r;
  }

  // ---------------------------------------------------------------------------------------
  // Registration (called by WheelSleep)

  @Override
  void register(WheelSleep s) {
    if (Thread.currentThread() == owner) {
      boolean earlier = registerHeld(s);
      wake(takeBatch());
      if (earlier) {
        notifyEarlier();
      }
      return;
    }
    s.setStateRelease(WheelSleep.QUEUED);
    Inbox node = new Inbox(s);
    Inbox h;
    do {
      h = inbox;
      node.next = h;
    } while (!INBOX.compareAndSet(this, h, node)); // linearization point of the hand-over
    if (onEarlierDeadline != null) {
      notifyEarlier();
    }
  }

  @Override
  boolean cancel(WheelSleep s) {
    if (Thread.currentThread() == owner && s.state == WheelSleep.REGISTERED) {
      // no turn can run beside us, and the sleep's poller is this thread: no race to decide
      s.setStateRelease(WheelSleep.ABANDONED); // linearization point; the wheel drops it later
      noteAbandoned();
      return true; // still linked
    }
    for (; ; ) {
      int st = s.state;
      if (st == WheelSleep.REGISTERED) {
        if (s.abandonRegistered()) { // linearization point; the wheel drops it later
          noteAbandoned();
          return true;
        }
      } else if (st == WheelSleep.QUEUED) {
        if (s.abandonQueued()) { // linearization point; the drain skips it
          return true; // its inbox node holds it until the next drain
        }
      } else {
        return false; // fired first
      }
    }
  }

  /** For tests: how many sleeps are linked, abandoned ones not yet dropped included. */
  int linkedForTest() {
    return core.linked();
  }

  /** For tests: makes the calling thread the owner; only once the old owner is done with it. */
  void takeOverForTest() {
    OWNER.setVolatile(this, Thread.currentThread());
  }

  @Override
  public String toString() {
    Thread o = owner;
    return "LocalTimerWheel(clock="
        + clock.name()
        + ", granularity="
        + granularity
        + ", owner="
        + (o == null ? "none yet" : o.getName())
        + ", latest="
        + (long) LATEST.getAcquire(this)
        + ")";
  }

  private static final VarHandle OWNER;
  private static final VarHandle LATEST;
  private static final VarHandle INBOX;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      OWNER = l.findVarHandle(LocalTimerWheel.class, "owner", Thread.class);
      LATEST = l.findVarHandle(LocalTimerWheel.class, "latest", long.class);
      INBOX = l.findVarHandle(LocalTimerWheel.class, "inbox", Inbox.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
