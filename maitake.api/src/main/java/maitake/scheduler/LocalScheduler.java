package maitake.scheduler;

import maitake.future.Future;
import maitake.task.JoinHandle;
import maitake.task.TaskBuilder;
import maitake.task.TaskRef;
import maitake.task.TaskStorage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A scheduler confined to one thread, its owner, with no atomic operations on its spawn, poll and
 * local wake paths. The owner is the first thread that ticks it or spawns through it directly; from
 * then on the owner-only methods ({@link #spawn}, {@link #buildTask}, {@link #tick}) throw {@link
 * IllegalStateException} on any other thread. Other threads spawn through {@link #spawner()}, and
 * wakers may be called from any thread: wakes from other threads go through a thread-safe queue
 * that the owner drains at each tick.
 *
 * <pre>{@code
 * LocalScheduler local = kit.newLocalScheduler();
 * JoinHandle<Integer> here = local.spawn(Futures.ready(1));  // this thread is now the owner
 * Spawner remote = local.spawner();                          // for every other thread
 * local.tick();                                              // polls on the owner thread
 * }</pre>
 *
 * <h2>Fairness</h2>
 *
 * First in, first out, like {@link Scheduler}; tasks spawned or woken from other threads join the
 * queue when the owner next drains the remote queue (at the start of each tick, and again whenever
 * the local queue runs dry within a tick).
 *
 * <h2>Cancellation</h2>
 *
 * As for {@link Scheduler}. {@link #close()} on the owner thread tears down every queued task at
 * once with a shutdown error; a task woken after the close is torn down by the next tick.
 *
 * <h2>Memory consistency effects</h2>
 *
 * As for {@link Scheduler}.
 *
 * <h2>Thread safety</h2>
 *
 * Owner-only, except {@link #spawner()}, {@link #isClosed()}, {@link #stats()}, {@link
 * #currentTask()}, {@link #newTaskStorage()} and the task handles and wakers, which are
 * thread-safe.
 */
@ProviderType
public interface LocalScheduler extends AutoCloseable {

  /**
   * Spawns a task (owner thread only).
   *
   * @param future the task's future
   * @param <T> the output type
   * @return the task's join handle
   */
  <T> JoinHandle<T> spawn(Future<T> future);

  /**
   * Spawns into caller-provided storage (owner thread only), allocating nothing.
   *
   * @param storage a free storage from {@link #newTaskStorage()} of a local scheduler
   * @param future the task's future
   * @param <T> the output type
   * @return the storage, as the task's join handle
   * @throws IllegalStateException if the storage is not free (see {@link TaskStorage#isFree()}), or
   *     the calling thread is not the owner
   * @throws IllegalArgumentException if the storage is for another kind of scheduler
   */
  <T> JoinHandle<T> spawn(TaskStorage<T> storage, Future<T> future);

  /**
   * @return a builder whose spawns run on this scheduler (owner thread only)
   */
  TaskBuilder buildTask();

  /**
   * Makes a task storage for local schedulers.
   *
   * @param <T> the output type
   * @return a free storage
   */
  <T> TaskStorage<T> newTaskStorage();

  /**
   * Polls up to {@link Tick#DEFAULT_BUDGET} queued tasks (owner thread only).
   *
   * @return what the tick did
   */
  Tick tick();

  /**
   * @return the task being polled right now, or null between polls
   */
  TaskRef currentTask();

  /**
   * @return a thread-safe spawner for this scheduler
   */
  Spawner spawner();

  /**
   * Sets the observer that sees the tasks spawned here (from any thread), and polled and ended in
   * its ticks (see {@link maitake.task.TaskObserver}), or removes it with null. Thread-safe; a tick
   * already running goes on with the observer it started with.
   *
   * @param observer the observer, or null
   */
  void setTaskObserver(maitake.task.TaskObserver observer);

  /**
   * Lists every task spawned here from now on in {@code registry} (see {@link
   * maitake.task.TaskRegistry}), or, with null, stops listing new spawns (tasks already listed stay
   * until they end). Thread-safe.
   *
   * @param registry a registry made by the same toolkit, or null
   * @throws IllegalArgumentException if the registry was made by another toolkit implementation
   */
  void setTaskRegistry(maitake.task.TaskRegistry registry);

  /**
   * Sets where this scheduler's unobserved task failures go (see {@link
   * maitake.task.FailureHandler}); null goes back to the toolkit's handler, or {@link
   * maitake.task.FailureHandler#logging()} for a scheduler made without a toolkit. Thread-safe;
   * failures already being reported may still reach the previous handler.
   *
   * @param handler the handler, or null
   */
  void setFailureHandler(maitake.task.FailureHandler handler);

  /**
   * @return a snapshot of the scheduler's lifetime counters
   */
  SchedulerStats stats();

  /**
   * @return true once the scheduler has been closed
   */
  boolean isClosed();

  /**
   * Closes the scheduler: later spawns, here and through the spawner, end with a shutdown error. On
   * the owner thread it also tears down every queued task at once (called from inside a poll,
   * before the running tick returns; no task queued behind the close is polled). From another
   * thread it only marks the scheduler closed: the owner's next tick tears down what is queued, and
   * the closing thread does not become the owner. Idempotent.
   */
  @Override
  void close();
}
