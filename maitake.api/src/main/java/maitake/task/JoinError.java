package maitake.task;

import java.util.Objects;

/**
 * Why a task did not deliver its output: it was cancelled, its future threw, or it was spawned onto
 * a scheduler that had shut down. Thrown by {@link JoinHandle#poll} and used to complete {@link
 * JoinHandle#toCompletableFuture()} exceptionally.
 */
public final class JoinError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The kinds of join error. */
  public enum Kind {
    /** The task was cancelled; it may have completed first ({@link JoinError#isCompleted()}). */
    CANCELLED,
    /** The task's future threw; the exception is the {@link JoinError#getCause() cause}. */
    FAILED,
    /** The task was spawned onto, or woken on, a scheduler that had shut down. */
    SHUTDOWN
  }

  private final Kind kind;
  private final TaskId id;
  private final String taskName;
  private final transient Object output;
  private final boolean completed;

  private JoinError(
      Kind kind,
      TaskId id,
      String taskName,
      Object output,
      boolean completed,
      Throwable cause,
      String message) {
    super(message, cause, false, kind == Kind.FAILED);
    this.kind = kind;
    this.id = id;
    this.taskName = taskName;
    this.output = output;
    this.completed = completed;
  }

  /**
   * A cancelled error.
   *
   * @param id the task
   * @param completed whether the task had completed before it was cancelled
   * @param output the output of a completed task, or null
   * @return the error
   */
  public static JoinError cancelled(TaskId id, boolean completed, Object output) {
    return cancelled(id, null, completed, output);
  }

  /**
   * A cancelled error of a named task.
   *
   * @param id the task
   * @param name the task's name, or null
   * @param completed whether the task had completed before it was cancelled
   * @param output the output of a completed task, or null
   * @return the error
   */
  public static JoinError cancelled(TaskId id, String name, boolean completed, Object output) {
    Objects.requireNonNull(id, "id");
    return new JoinError(
        Kind.CANCELLED,
        id,
        name,
        completed ? output : null,
        completed,
        null,
        label(id, name) + " was cancelled" + (completed ? " (after completing successfully)" : ""));
  }

  /**
   * A failed error.
   *
   * @param id the task
   * @param cause what the future threw
   * @return the error
   */
  public static JoinError failed(TaskId id, Throwable cause) {
    return failed(id, null, cause);
  }

  /**
   * A failed error of a named task.
   *
   * @param id the task
   * @param name the task's name, or null
   * @param cause what the future threw
   * @return the error
   */
  public static JoinError failed(TaskId id, String name, Throwable cause) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(cause, "cause");
    return new JoinError(
        Kind.FAILED, id, name, null, false, cause, label(id, name) + " failed: " + cause);
  }

  /**
   * A shutdown error.
   *
   * @param id the task
   * @return the error
   */
  public static JoinError shutdown(TaskId id) {
    return shutdown(id, null);
  }

  /**
   * A shutdown error of a named task.
   *
   * @param id the task
   * @param name the task's name, or null
   * @return the error
   */
  public static JoinError shutdown(TaskId id, String name) {
    Objects.requireNonNull(id, "id");
    return new JoinError(
        Kind.SHUTDOWN,
        id,
        name,
        null,
        false,
        null,
        label(id, name) + ": the scheduler has already shut down");
  }

  private static String label(TaskId id, String name) {
    return "task " + id + (name != null ? " '" + name + "'" : "");
  }

  /**
   * @return the kind of error
   */
  public Kind kind() {
    return kind;
  }

  /**
   * @return the id of the task
   */
  public TaskId id() {
    return id;
  }

  /**
   * @return the task's name, or null if it had none
   */
  public String taskName() {
    return taskName;
  }

  /**
   * @return true if the task was cancelled
   */
  public boolean isCancelled() {
    return kind == Kind.CANCELLED;
  }

  /**
   * @return true if the task's future threw
   */
  public boolean isFailed() {
    return kind == Kind.FAILED;
  }

  /**
   * @return true if the task's scheduler had shut down
   */
  public boolean isShutdown() {
    return kind == Kind.SHUTDOWN;
  }

  /**
   * Whether the task was cancelled after it had completed successfully; its output is then
   * available from {@link #output()}.
   *
   * @return true only for a cancelled error of a task that had completed
   */
  public boolean isCompleted() {
    return completed;
  }

  /**
   * The output of a task that completed before it was cancelled.
   *
   * @param <T> the output type (unchecked)
   * @return the output, or null when {@link #isCompleted()} is false
   */
  @SuppressWarnings("unchecked")
  public <T> T output() {
    return (T) output;
  }
}
