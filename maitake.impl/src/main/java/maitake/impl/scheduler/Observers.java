package maitake.impl.scheduler;

import maitake.future.Future;
import maitake.task.TaskObserver;

/** Calls a {@link TaskObserver}, logging what it throws: an observer never breaks a scheduler. */
final class Observers {
  private Observers() {}

  /** Runs the task's turn, timing it, and reports the poll (and the end) to {@code o}. */
  static int run(TaskObserver o, Task<?> task, boolean closed) {
    Object f = task.futureForDiagnostics();
    long t0 = System.nanoTime(); // an observer asked for poll times
    int r = task.run(closed);
    long dt = System.nanoTime() - t0;
    if (r != Task.RUN_SKIPPED) {
      polled(o, task, f, dt);
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
