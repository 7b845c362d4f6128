package maitake.impl.scheduler;

import java.util.Objects;
import maitake.task.TaskBuilder;

/** The name and kind settings shared by every scheduler's {@link TaskBuilder}. */
abstract class AbstractTaskBuilder implements TaskBuilder {
  String name;
  String kind = "task";

  @Override
  public TaskBuilder name(String name) {
    this.name = name;
    return this;
  }

  @Override
  public TaskBuilder kind(String kind) {
    this.kind = Objects.requireNonNull(kind, "kind");
    return this;
  }
}
