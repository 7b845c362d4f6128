package maitake.task;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link TaskRegistry} knew about one live task at the moment it looked.
 *
 * @param id the task's id
 * @param name its name, or null
 * @param kind its kind ({@code "task"} by default)
 * @param state {@code "queued"} (waiting for its turn in a run queue), {@code "running"} (being
 *     polled), {@code "waiting"} (parked until a waker fires), {@code "cancelled"} (cancelled, not
 *     yet torn down), or {@code "ended"} (live at the instant of the snapshot, ended by the time
 *     its details were read)
 * @param age the time since its spawn on the registry's clock
 * @param waitsOn the {@code toString()} of the task's future, the chain of futures it awaits
 *     (bounded at 1,000 characters; what the future's {@code toString()} threw is named instead)
 * @param spawnSite the stack of the thread that spawned it, innermost frame first, when the
 *     registry captures spawn sites; empty otherwise
 */
public record TaskSnapshot(
    TaskId id,
    String name,
    String kind,
    String state,
    Duration age,
    String waitsOn,
    List<StackTraceElement> spawnSite) {

  /** Checks the components and copies the spawn site. */
  public TaskSnapshot {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(age, "age");
    Objects.requireNonNull(waitsOn, "waitsOn");
    spawnSite = List.copyOf(spawnSite);
  }

  /**
   * @return the dump's lines for this task, each ending with a line break
   */
  public String describe() {
    StringBuilder b = new StringBuilder();
    b.append(LoggingFailureHandler.describe(id, name, kind))
        .append(' ')
        .append(state)
        .append(", age ")
        .append(age.toMillis())
        .append(" ms\n    waits on: ")
        .append(waitsOn)
        .append('\n');
    if (!spawnSite.isEmpty()) {
      b.append("    spawned at:\n");
      for (StackTraceElement e : spawnSite) {
        b.append("        at ").append(e).append('\n');
      }
    }
    return b.toString();
  }
}
