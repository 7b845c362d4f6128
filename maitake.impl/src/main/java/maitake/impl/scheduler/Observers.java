package maitake.impl.scheduler;

import maitake.future.Future;
import maitake.task.TaskObserver;
import maitake.time.Clock;

/** Calls a {@link TaskObserver}, logging what it throws: an observer never breaks a scheduler. */
final class Observers {
  private Observers() {}

  /** A tick count that stands for "the clock could not be read". */
  private static final long UNREAD = Long.MIN_VALUE;

  /**
   * Runs the task's turn, timing it on the observer's poll clock if it names one, and reports the
   * poll (and the end) to {@code o}. The turn runs exactly once, whatever the observer and its
   * clock throw.
   */
  static int run(TaskObserver o, Task<?> task, boolean closed) {
    Object f = task.futureForDiagnostics();
    Clock clock = pollClock(o);
    long t0 = clock == null ? UNREAD : ticks(o, clock);
    int r = task.run(closed);
    if (r != Task.RUN_SKIPPED) {
      polled(o, task, f, t0 == UNREAD ? -1 : elapsedNanos(o, clock, t0));
    }
    if (r == Task.RUN_ENDED) {
      ended(o, task);
    }
    return r;
  }

  /** Reports a spawn to {@code o}, if there is one; before the enqueue, so before any end. */
  static void spawned(TaskObserver o, Task<?> task) {
    if (o == null) {
      return;
    }
    try {
      o.spawned(task);
    } catch (Throwable e) {
      threw(o, e);
    }
  }

  private static Clock pollClock(TaskObserver o) {
    try {
      return o.pollClock();
    } catch (Throwable e) {
      threw(o, e);
      return null;
    }
  }

  private static long ticks(TaskObserver o, Clock clock) {
    try {
      long t = clock.nowTicks();
      return t == UNREAD ? UNREAD + 1 : t;
    } catch (Throwable e) {
      threw(o, e);
      return UNREAD;
    }
  }

  /** The nanoseconds since {@code t0} on {@code clock}, saturated; -1 if the clock throws. */
  private static long elapsedNanos(TaskObserver o, Clock clock, long t0) {
    long t1 = ticks(o, clock);
    if (t1 == UNREAD) {
      return -1;
    }
    try {
      long dt = Math.max(0, t1 - t0);
      long tickNanos = clock.tickDuration().toNanos();
      long hi = Math.multiplyHigh(dt, tickNanos);
      long nanos = dt * tickNanos;
      return hi != 0 || nanos < 0 ? Long.MAX_VALUE : nanos;
    } catch (Throwable e) {
      threw(o, e);
      return -1;
    }
  }

  static void polled(TaskObserver o, Task<?> task, Object future, long nanos) {
    try {
      o.polled(task, (Future<?>) future, nanos);
    } catch (Throwable e) {
      threw(o, e);
    }
  }

  static void ended(TaskObserver o, Task<?> task) {
    try {
      o.ended(task);
    } catch (Throwable e) {
      threw(o, e);
    }
  }

  private static void threw(TaskObserver o, Throwable e) {
    if (e instanceof VirtualMachineError v) {
      throw v;
    }
    try {
      System.getLogger("maitake.task")
          .log(System.Logger.Level.ERROR, "the task observer " + o + " threw", e);
    } catch (Throwable ignored) {
      // logging itself failed: nobody is left to tell
    }
  }
}
