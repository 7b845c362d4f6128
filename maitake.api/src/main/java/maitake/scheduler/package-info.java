/**
 * Schedulers: run queues of tasks that the user's own threads drive by calling {@link
 * maitake.scheduler.Scheduler#tick()}.
 *
 * <p>The kit never starts a thread. A scheduler holds the tasks that are ready to run; each {@code
 * tick()} polls up to {@value maitake.scheduler.Tick#DEFAULT_BUDGET} of them on the calling thread
 * and reports what it did in a {@link maitake.scheduler.Tick}. A runtime built from the kit decides
 * when to tick, on which threads, and what to do when there is nothing to run.
 *
 * <ul>
 *   <li>{@link maitake.scheduler.Scheduler}: spawn and wake from any thread; one thread ticks at a
 *       time (a concurrent tick returns at once with nothing polled).
 *   <li>{@link maitake.scheduler.LocalScheduler}: confined to the one thread that ticks it, with no
 *       atomic operations on its spawn, poll and wake paths; other threads spawn through its
 *       thread-safe {@link maitake.scheduler.Spawner}.
 *   <li>{@link maitake.scheduler.Injector}: a shared queue of tasks not yet bound to any scheduler,
 *       which threads spawn into and workers take tasks from.
 *   <li>{@link maitake.scheduler.Stealer}: opened by {@link maitake.scheduler.Scheduler#trySteal()}
 *       or {@link maitake.scheduler.Injector#trySteal()} (the result is a {@link
 *       maitake.scheduler.StealAttempt}); it moves queued tasks to a thief scheduler (one, at most
 *       n, or half), re-binding them so that later wakes go to the thief.
 * </ul>
 *
 * <p>{@link maitake.scheduler.SchedulerStats} gives a scheduler's lifetime counters at any time,
 * from any thread.
 *
 * <p>A scheduler is an ordinary object: it may live in a {@code static final} field and be used for
 * the whole life of the process.
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package maitake.scheduler;
