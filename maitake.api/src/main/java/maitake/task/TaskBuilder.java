package maitake.task;

import maitake.future.Future;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Configures tasks before spawning them: a name and a kind, for diagnostics ({@code toString},
 * {@link TaskRef#name()}, {@link TaskRef#kind()}). A builder can spawn many tasks with the same
 * settings. Builders are not thread-safe; the spawn itself is as thread-safe as the scheduler or
 * spawner that made the builder.
 */
@ProviderType
public interface TaskBuilder {

  /**
   * Names the tasks spawned from now on.
   *
   * @param name the name, or null for none
   * @return this builder
   */
  TaskBuilder name(String name);

  /**
   * Sets the kind of the tasks spawned from now on (for example {@code "connection"}).
   *
   * @param kind the kind, not null
   * @return this builder
   */
  TaskBuilder kind(String kind);

  /**
   * Spawns a task.
   *
   * @param future the task's future
   * @param <T> the output type
   * @return the task's join handle
   */
  <T> JoinHandle<T> spawn(Future<T> future);

  /**
   * Spawns a task into caller-provided storage; see {@link TaskStorage}.
   *
   * @param storage a free storage made by the same kind of scheduler
   * @param future the task's future
   * @param <T> the output type
   * @return the storage, which is the task's join handle
   * @throws IllegalStateException if the storage is not free (see {@link TaskStorage#isFree()})
   * @throws IllegalArgumentException if the storage was made by another kind of scheduler
   * @throws UnsupportedOperationException from an injector's builder: an injector takes no task
   *     storage (spawn into a worker's scheduler instead)
   */
  <T> JoinHandle<T> spawn(TaskStorage<T> storage, Future<T> future);
}
