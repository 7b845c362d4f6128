package maitake.impl.scheduler;

import maitake.future.Future;
import maitake.task.TaskObserver;

/** Calls a {@link TaskObserver}, logging what it throws: an observer never breaks a scheduler. */
final class Observers {
  private Observers() {}

  static void spawned(TaskObserver o, Task<?> task) {
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
