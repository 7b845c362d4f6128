package maitake.task;

import java.lang.System.Logger.Level;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Where a failure goes that no join handle will deliver: a task whose future threw (or whose poll
 * returned null) after its handle was detached, or that was detached after it failed without its
 * output being taken, and a throwable that a task's {@code abandon()} threw during its teardown.
 * Without a handler such failures would vanish.
 *
 * <p>Set one per scheduler ({@code setFailureHandler} on {@link maitake.scheduler.Scheduler} and
 * {@link maitake.scheduler.LocalScheduler}) or for every scheduler of a toolkit ({@link
 * maitake.Toolkit#setFailureHandler}); the default is {@link #logging()}.
 *
 * <p>The handler runs on the thread that observed the failure (the thread that ticked the task, or
 * the one that detached it), while the task's {@link TaskRef} still refers to the failed task: its
 * id, name and kind are the failed task's, and its storage is not free until the handler returns.
 * It must be quick and must not block. What a handler throws is logged through {@link
 * System.Logger} at ERROR, with the failure it was handling suppressed in it; the scheduler goes
 * on.
 */
@ConsumerType
@FunctionalInterface
public interface FailureHandler {

  /**
   * A task failed and nobody will take the failure.
   *
   * @param task the task that failed (ended: {@link TaskRef#isComplete()} is true, except for a
   *     throwing {@code abandon()} during a teardown, which is reported before the task ends)
   * @param failure what its future threw
   */
  void taskFailed(TaskRef task, Throwable failure);

  /**
   * The default: logs through the {@link System.Logger} named {@code maitake.task} at WARNING,
   * naming the task's name, kind and id.
   *
   * @return the logging handler
   */
  static FailureHandler logging() {
    return LoggingFailureHandler.INSTANCE;
  }

  /**
   * Calls {@code handler} (the default when null), logging what it throws at ERROR with the failure
   * suppressed in it; never throws.
   *
   * @param handler the handler, or null for {@link #logging()}
   * @param task the failed task
   * @param failure the failure
   */
  static void report(FailureHandler handler, TaskRef task, Throwable failure) {
    FailureHandler h = handler != null ? handler : logging();
    try {
      h.taskFailed(task, failure);
    } catch (Throwable e) {
      try {
        if (e != failure) {
          e.addSuppressed(failure);
        }
        System.getLogger(LoggingFailureHandler.LOGGER)
            .log(
                Level.ERROR,
                "the failure handler "
                    + h
                    + " threw while reporting a failure of "
                    + describe(task),
                e);
      } catch (Throwable ignored) {
        // logging itself failed: there is nobody left to tell
      }
    }
  }

  /**
   * Names a task for messages: {@code task 7 'fetch' (kind io)}.
   *
   * @param task the task
   * @return the description
   */
  static String describe(TaskRef task) {
    return LoggingFailureHandler.describe(task.id(), task.name(), task.kind());
  }
}

/** {@link FailureHandler#logging()}. */
final class LoggingFailureHandler implements FailureHandler {
  static final String LOGGER = "maitake.task";
  static final LoggingFailureHandler INSTANCE = new LoggingFailureHandler();

  private LoggingFailureHandler() {}

  /** {@code task 7 'fetch' (kind io)}: for {@link FailureHandler#describe} and task dumps. */
  static String describe(TaskId id, String name, String kind) {
    return "task "
        + id
        + (name != null ? " '" + name + "'" : "")
        + (kind != null && !"task".equals(kind) ? " (kind " + kind + ")" : "");
  }

  @Override
  public void taskFailed(TaskRef task, Throwable failure) {
    System.getLogger(LOGGER)
        .log(
            Level.WARNING,
            FailureHandler.describe(task)
                + " (kind "
                + task.kind()
                + ") failed and nobody will join it: "
                + failure,
            failure);
  }

  @Override
  public String toString() {
    return "FailureHandler.logging()";
  }
}
