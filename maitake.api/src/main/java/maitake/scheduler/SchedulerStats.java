package maitake.scheduler;

/**
 * A scheduler's lifetime counters, readable at any time from any thread. The counters are read
 * one by one without a lock, so a snapshot taken while other threads work may mix moments.
 *
 * @param spawned tasks spawned
 * @param polled task polls run
 * @param completed tasks ended (completed, failed or torn down)
 * @param queued tasks in the run queue now
 */
public record SchedulerStats(long spawned, long polled, long completed, long queued) {
}
