package maitake.scheduler;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A shared queue of tasks not yet bound to any scheduler: threads spawn into it, and workers take
 * tasks out of it with {@link #trySteal()} into their own {@link Scheduler}s. The usual entry point
 * for spawns from outside a multi-threaded runtime built from the kit.
 *
 * <p>A task spawned here is polled only after a worker has stolen it; from then on it belongs to
 * that worker's scheduler (see {@link Stealer}). Cancelling a task that is still in the injector
 * tears it down when it is stolen (or when the injector is closed).
 *
 * <h2>Fairness</h2>
 *
 * FIFO: tasks leave in the order they were spawned.
 *
 * <h2>Cancellation</h2>
 *
 * As above; closing the injector tears down every task still in it with a shutdown error.
 *
 * <h2>Memory consistency effects</h2>
 *
 * Actions before a spawn happen-before the task's first poll on whichever worker stole it.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe: any thread spawns, any thread steals (one stealer at a time).
 */
@ProviderType
public interface Injector extends Spawner, AutoCloseable {

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
   * @return a snapshot of the injector's lifetime counters
   */
  InjectorStats stats();

  /**
   * @return how many tasks are in the injector now
   */
  long taskCount();

  /**
   * Opens a stealer on the injector.
   *
   * @return the stealer, or BUSY (another stealer is open) or EMPTY
   */
  StealAttempt trySteal();

  /**
   * Closes the injector: later spawns end with a shutdown error, and the tasks still in it are torn
   * down with a shutdown error now. Idempotent.
   */
  @Override
  void close();
}
