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
 */
public record SchedulerStats(long spawned, long polled, long completed, long queued) {}
