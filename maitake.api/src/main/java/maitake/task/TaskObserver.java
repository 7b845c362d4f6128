package maitake.task;

import maitake.future.Future;
import maitake.time.Clock;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Sees the tasks of a scheduler or an injector as they are spawned, polled and end: for
 * instrumentation (the {@code maitake.jfr} module emits Flight Recorder events from one). Set it
 * with {@code setTaskObserver}; without one, a scheduler pays one field read per tick.
 *
 * <p>Each callback runs on the thread that did the thing (the spawner, or the ticking thread right
 * after the poll), must be quick, must not block, and must read what it needs of the {@link
 * TaskRef} at once: after the callback returns, a task storage may be spawned into again. What a
 * callback throws is logged through {@link System.Logger} ({@code maitake.task}, ERROR); the
 * scheduler goes on.
 *
 * <p>A scheduler times a poll only on the clock the observer names with {@link #pollClock()}: the
 * kit reads no clock of its own, so an observer that wants durations chooses where they come from
 * (the system clock, or a test's manual clock).
 */
@ConsumerType
public interface TaskObserver {

  /**
   * A task was spawned here (not called for a spawn onto a closed scheduler, which ends at once).
   *
   * @param task the task
   */
  default void spawned(TaskRef task) {}

  /**
   * A poll of a task's future returned (or threw), or a task was torn down in a tick after a
   * cancellation or a close (the duration is then that of its {@code abandon()}).
   *
   * @param task the task
   * @param future the future that was polled, for its {@code toString} (what it waits on)
   * @param nanos how long the poll took in nanoseconds, on the clock {@link #pollClock()} names
   *     (its tick count before and after the poll, times its tick duration); -1 if the poll was not
   *     timed: no poll clock, or the clock threw (which is logged like a callback's failure)
   */
  default void polled(TaskRef task, Future<?> future, long nanos) {}

  /**
   * The clock a scheduler reads before and after each poll to time it, asked once per poll; {@code
   * null}, the default, for polls that are not timed, so that the kit reads no clock for this
   * observer. {@link Clock#system()} gives wall durations; a manual clock gives what a test sets.
   *
   * @return the clock to time polls on, or {@code null}
   */
  default Clock pollClock() {
    return null;
  }

  /**
   * A task ended in a tick of this scheduler: completed, failed, or torn down after a cancellation
   * or a close. (Tasks torn down elsewhere, by a stealer or by closing an injector, are not
   * reported.)
   *
   * @param task the task
   */
  default void ended(TaskRef task) {}
}
