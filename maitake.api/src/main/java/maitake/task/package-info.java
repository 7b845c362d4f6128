/**
 * The task system: a task owns one future and is driven by a scheduler.
 *
 * <p>Spawning a future on a {@link maitake.scheduler.Scheduler} or {@link
 * maitake.scheduler.LocalScheduler} makes a task and returns its {@link maitake.task.JoinHandle}: a
 * future of the task's output that exactly one consumer receives, once. The handle also cancels the
 * task, reports whether it completed, gives its {@link maitake.task.TaskId}, and converts to a
 * {@link java.util.concurrent.CompletableFuture} for code that is not async. A {@link
 * maitake.task.TaskRef} is an identity handle without join rights, for cancelling and inspecting a
 * task (for example the current task, from inside its own poll).
 *
 * <h2>Outcomes</h2>
 *
 * <p>A task completes with its future's value, or ends with a {@link maitake.task.JoinError}:
 * cancelled (carrying the output if the task had already completed when it was cancelled), failed
 * (the future threw; the error carries the exception, and the scheduler carries on with its other
 * tasks), or shutdown (spawned onto a closed scheduler).
 *
 * <h2>Cancellation</h2>
 *
 * <p>Cancelling a task that is waiting on an external event puts it back on its scheduler's run
 * queue, so that it is torn down at the next tick: its future is abandoned (releasing whatever it
 * held) and a waiting join handle is woken. A join handle observes the cancellation at once.
 *
 * <h2>Caller-provided storage</h2>
 *
 * <p>A {@link maitake.task.TaskStorage} is a task object that the user allocates up front and
 * spawns into again and again, so that a system that preallocates its tasks spawns without
 * allocating.
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package maitake.task;
