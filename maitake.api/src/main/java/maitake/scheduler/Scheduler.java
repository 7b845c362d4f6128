package maitake.scheduler;

import maitake.future.Future;
import maitake.task.JoinHandle;
import maitake.task.TaskRef;
import maitake.task.TaskStorage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A thread-safe scheduler: tasks are spawned and woken from any thread, and one thread at a time
 * runs them by calling {@link #tick()}.
 *
 * <pre>{@code
 * Scheduler scheduler = kit.newScheduler();
 * JoinHandle<String> hello = scheduler.spawn(new Yield(2).map(v -> "hello"));
 * while (!hello.isComplete()) {
 *   scheduler.tick();                        // on a thread of your choice
 * }
 * String out = Futures.blockOn(hello);       // "hello", at once
 * }</pre>
 *
 * <h2>Fairness</h2>
 *
 * The run queue is first in, first out: spawned and woken tasks run in the order they were queued.
 * A task that wakes itself during its poll goes to the back of the queue and may run again in the
 * same tick while budget remains.
 *
 * <h2>Cancellation</h2>
 *
 * A cancelled task is torn down at its next turn in the queue (see {@link
 * maitake.task.TaskRef#cancel()}). {@link #close()} stops new spawns; queued tasks are torn down
 * with a shutdown error by later ticks.
 *
 * <h2>Memory consistency effects</h2>
 *
 * Actions of a thread before it spawns or wakes a task happen-before the task's next poll. A task's
 * polls happen-before one another even when different threads tick.
 *
 * <h2>Thread safety</h2>
 *
 * Everything is thread-safe. Only one thread ticks at a time: a {@link #tick()} that overlaps
 * another returns {@link Tick#IDLE} at once, having polled nothing. A tick takes the run queue's
 * consumer right only while it dequeues, not while it polls, so another thread can steal queued
 * tasks ({@link #trySteal()}) while this one is busy in a long poll; while a stealer is open, the
 * tick stops dequeuing and returns.
 */
@ProviderType
public interface Scheduler extends Spawner, AutoCloseable {

  /**
   * Polls up to {@link Tick#DEFAULT_BUDGET} queued tasks on the calling thread.
   *
   * @return what the tick did; {@link Tick#IDLE} if another thread is ticking
   */
  Tick tick();

  /**
   * The task this scheduler is polling right now, for introspection and self-cancellation from
   * inside a poll.
   *
   * @return the task being polled, or null between polls
   */
  TaskRef currentTask();

  /**
   * Makes a task storage for this kind of scheduler; see {@link TaskStorage}.
   *
   * @param <T> the output type
   * @return a free storage
   */
  <T> TaskStorage<T> newTaskStorage();

  /**
   * Spawns into caller-provided storage, allocating nothing.
   *
   * @param storage a free storage from {@link #newTaskStorage()} of a scheduler of this kind
   * @param future the task's future
   * @param <T> the output type
   * @return the storage, as the task's join handle
   * @throws IllegalStateException if the storage is not free (a task that has not ended, or whose
   *     outcome was neither taken nor detached, occupies it; see {@link TaskStorage#isFree()})
   * @throws IllegalArgumentException if the storage is for another kind of scheduler
   */
  <T> JoinHandle<T> spawn(TaskStorage<T> storage, Future<T> future);

  /**
   * Opens a stealer on this scheduler's run queue, for another scheduler to take work from it.
   *
   * @return the stealer, or BUSY (this scheduler is dequeuing, or another stealer is open) or EMPTY
   *     (nothing queued)
   */
  StealAttempt trySteal();

  /**
   * Sets the observer that sees the tasks spawned here (and, for a scheduler, polled and ended in
   * its ticks; see {@link maitake.task.TaskObserver}), or removes it with null. Thread-safe; a tick
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
   * Closes the scheduler: later spawns end with a shutdown error, and tasks still queued (or woken
   * later) are torn down with a shutdown error instead of being polled, from the moment of the
   * close: by the tick that dequeues them (the running one too, when a task closes its own
   * scheduler), or by a stealer that takes them. Idempotent.
   */
  @Override
  void close();
}
