package maitake.scheduler;

import maitake.future.Future;
import maitake.task.JoinHandle;
import maitake.task.TaskBuilder;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Spawns tasks onto a scheduler, from any thread.
 *
 * <p>Spawning onto a scheduler that has been closed does not throw: it returns a handle that ends
 * with a shutdown {@link maitake.task.JoinError}, and the future is abandoned without being polled.
 */
@ProviderType
public interface Spawner {

  /**
   * Spawns a task that runs {@code future}.
   *
   * @param future the task's future, not null
   * @param <T> the output type
   * @return the task's join handle
   */
  <T> JoinHandle<T> spawn(Future<T> future);

  /**
   * @return a builder for tasks with a name and a kind
   */
  TaskBuilder buildTask();

  /**
   * @return true once the scheduler has been closed
   */
  boolean isClosed();
}
