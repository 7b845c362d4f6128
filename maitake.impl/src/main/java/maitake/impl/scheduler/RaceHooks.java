package maitake.impl.scheduler;

import java.util.function.Consumer;

/**
 * Points between two statements of the task and scheduler code where a test can park a thread to
 * force one interleaving of a race. Every hook is null outside tests; a hook site costs one static
 * read and a null check. Tests set a hook before they start the threads involved (so the start
 * orders the write) and clear it when they are done.
 */
final class RaceHooks {
  /** ConfinedScheduler's drain, right after a drained task's remote-queue bit was cleared. */
  static Consumer<Task<?>> drainReleased;

  /** Spawning into a storage, right after the claim and before the task is filled. */
  static Consumer<Task<?>> storageClaimed;

  /** ConfinedTask.wake, right after it read which scheduler the task belongs to. */
  static Consumer<Task<?>> wakeReadScheduler;

  /** ConfinedTask's remote wake, right after its first atomic access to the state word. */
  static Consumer<Task<?>> wakeTouchedState;

  /** An injector's spawn, right after it found the injector open and before it enqueues. */
  static Consumer<Task<?>> injectorSpawnChecked;

  /** A run-queue enqueue, right after its swap of the producer end and before its link. */
  static Consumer<Task<?>> runQueueSwapped;

  /** A tick, right after it took a batch and released the consumer right (stealers may enter). */
  static Consumer<Task<?>> tickReleasedConsumer;

  private RaceHooks() {}

  static void run(Consumer<Task<?>> hook, Task<?> task) {
    if (hook != null) {
      hook.accept(task);
    }
  }

  /** Clears every hook. */
  static void clear() {
    drainReleased = null;
    storageClaimed = null;
    wakeReadScheduler = null;
    wakeTouchedState = null;
    injectorSpawnChecked = null;
    runQueueSwapped = null;
    tickReleasedConsumer = null;
  }
}
