package maitake.runtime;

import maitake.task.TaskObserver;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Sees what a {@link Runtime} does: its tasks (as a {@link TaskObserver} of every worker's
 * scheduler and of the injector), its timer turns and its steals. Give one to {@link
 * Runtime.Builder#observer}; the {@code maitake.jfr} module's {@code MaitakeJfr.observer} emits
 * Flight Recorder events from these calls.
 *
 * <p>The calls run on the worker threads (a spawn's, on the spawning thread), must be quick and
 * must not block. What they throw is logged through {@link System.Logger} ({@code maitake.runtime},
 * ERROR); the worker goes on.
 */
@ConsumerType
public interface RuntimeObserver extends TaskObserver {

  /**
   * A worker turned the timer and sleeps fired.
   *
   * @param worker the worker's index
   * @param fired how many sleeps fired
   * @param latenessNanos how far the clock had gone past the earliest deadline the previous turn
   *     knew of, in nanoseconds (0 when the turn came on time; see {@link RuntimeStats})
   */
  default void timerTurned(int worker, int fired, long latenessNanos) {}

  /**
   * A worker took tasks from the injector or stole them from another worker.
   *
   * @param worker the worker's index
   * @param tasks how many
   * @param fromInjector true for the injector, false for another worker
   */
  default void stole(int worker, int tasks, boolean fromInjector) {}
}
