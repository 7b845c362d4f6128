package maitake.scheduler;

/**
 * A scheduler's lifetime counters, readable at any time from any thread, and counted as things
 * happen: a spawn when it returns (before any tick), a poll when it returns, so a snapshot read
 * between polls, or from inside one, is exact up to that moment. The counters are read one by one
 * without a lock, so a snapshot taken while other threads work may mix moments.
 *
 * @param spawned tasks spawned here, from any thread (spawns onto a closed scheduler, which end at
 *     once, are not counted; tasks stolen into this scheduler are not spawns)
 * @param polled task polls run
 * @param completed tasks ended here (completed, failed or torn down, also by a stealer that tore
 *     down a cancelled task it found queued here)
 * @param queued tasks waiting to be polled now, including tasks queued from other threads (on a
 *     LocalScheduler a task woken from another thread while already queued counts twice until the
 *     next tick)
 * @param stolenIn tasks a stealer moved into this scheduler (from another scheduler or an
 *     injector); 0 for a LocalScheduler
 * @param stolenOut tasks a stealer moved out of this scheduler into another; 0 for a LocalScheduler
 */
public record SchedulerStats(
    long spawned, long polled, long completed, long queued, long stolenIn, long stolenOut) {

  /**
   * Counters of a scheduler that nothing was stolen into or out of.
   *
   * @param spawned see the record
   * @param polled see the record
   * @param completed see the record
   * @param queued see the record
   */
  public SchedulerStats(long spawned, long polled, long completed, long queued) {
    this(spawned, polled, completed, queued, 0, 0);
  }

  /**
   * The tasks that belong to this scheduler and have not ended: {@code spawned + stolenIn -
   * stolenOut - completed}. Summed over every scheduler of a runtime and its injectors' {@link
   * InjectorStats#live()}, it is the number of live tasks, exact when read while nothing moves.
   *
   * @return the live-task count
   */
  public long live() {
    return spawned + stolenIn - stolenOut - completed;
  }
}
