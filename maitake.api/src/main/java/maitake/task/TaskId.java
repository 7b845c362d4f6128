package maitake.task;

/**
 * A task's identity: a 64-bit number, unique for the life of the process and never reused. Zero is
 * reserved for stub tasks, which are never spawned. Holding a {@code TaskId} does not keep its task
 * alive.
 */
public final class TaskId implements Comparable<TaskId> {

  /** The id of stub tasks (scheduler run-queue sentinels), which never run. */
  public static final TaskId STUB = new TaskId(0);

  private final long value;

  private TaskId(long value) {
    this.value = value;
  }

  /**
   * The id with the given number.
   *
   * @param value the number; 0 is the stub id
   * @return the id
   */
  public static TaskId of(long value) {
    return value == 0 ? STUB : new TaskId(value);
  }

  /**
   * @return the id's number
   */
  public long value() {
    return value;
  }

  /**
   * @return true for the stub id, 0
   */
  public boolean isStub() {
    return value == 0;
  }

  @Override
  public int compareTo(TaskId other) {
    return Long.compareUnsigned(value, other.value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TaskId t && t.value == value;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(value);
  }

  /**
   * @return the number, in decimal
   */
  @Override
  public String toString() {
    return Long.toUnsignedString(value);
  }
}
