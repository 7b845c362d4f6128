package maitake.task;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An identity handle to a spawned task: cancel it and inspect it, without the right to its output.
 * Obtained from {@link JoinHandle#taskRef()} or from a scheduler's {@code currentTask()}.
 * Thread-safe.
 */
@ProviderType
public interface TaskRef {

  /**
   * @return the task's unique id
   */
  TaskId id();

  /**
   * @return the name given through {@link TaskBuilder#name(String)}, or null
   */
  String name();

  /**
   * @return the kind given through {@link TaskBuilder#kind(String)}; {@code "task"} by default
   */
  String kind();

  /**
   * Cancels the task.
   *
   * <p>If the task has not completed, its scheduler will not poll its future again: the future is
   * abandoned at the task's next turn in the run queue (a task waiting on an external event is put
   * back on the queue for this), and its join handle ends with a cancelled {@link JoinError}. If
   * the task had completed but its output was not taken yet, the join handle ends with a cancelled
   * error that carries the output ({@link JoinError#isCompleted()}). A task may cancel itself from
   * inside its own poll.
   *
   * @return true if this call cancelled the task; false if it was already cancelled, had failed or
   *     shut down, or its output had already been taken
   */
  boolean cancel();

  /**
   * Whether the task has ended: its future completed or threw, or the task was torn down after a
   * cancellation or a shutdown. An ended task is never polled again.
   *
   * @return true once the task ended
   */
  boolean isComplete();

  /**
   * @return true once the task was cancelled (even if it then still completed its poll)
   */
  boolean isCancelled();
}
