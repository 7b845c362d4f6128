package maitake.impl.scheduler;

import java.util.Objects;
import maitake.task.TaskBuilder;

/** The name and kind settings shared by every scheduler's {@link TaskBuilder}. */
abstract class AbstractTaskBuilder implements TaskBuilder {
  private String name;
  private String kind = "task";
  private Object label; // Task.label(name, kind), made once per setting

  @Override
  public TaskBuilder name(String name) {
    this.name = name;
    this.label = null;
    return this;
  }

  @Override
  public TaskBuilder kind(String kind) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.label = null;
    return this;
  }

  /**
   * @return the label tasks spawned through this builder carry (made once, then reused)
   */
  final Object label() {
    Object l = label;
    if (l == null && (name != null || !"task".equals(kind))) {
      label = l = Task.label(name, kind);
    }
    return l;
  }
}
