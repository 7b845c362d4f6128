package maitake.task;

import java.util.concurrent.CompletableFuture;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Poll;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The right to a task's output, and a future of it.
 *
 * <p>Polling the handle returns the task's value once the task completed. If the task did not
 * complete normally, the poll throws a {@link JoinError}: cancelled, failed (with the future's
 * exception as its cause) or shutdown. The output is delivered exactly once: after the handle
 * returned ready or threw, polling it again throws {@link IllegalStateException}.
 *
 * <p>{@link #detach()} (and {@link #abandon()}, which is the same) gives up the interest in the
 * output and leaves the task running. Only an explicit detach does that: a handle that simply
 * becomes unreachable keeps its claim on the output, so a failure of its task is never reported to
 * the {@link FailureHandler} and an AutoCloseable output (a mutex guard, a permit) is never closed.
 * Detach what you do not join.
 *
 * <h2>Fairness</h2>
 *
 * One join waker is kept: the most recent poller's.
 *
 * <h2>Cancellation</h2>
 *
 * Abandoning the handle detaches; it does not cancel the task. Use {@link #cancel()} for that.
 *
 * <h2>Memory consistency effects</h2>
 *
 * Everything the task did before it completed happens-before the return of the poll (or the
 * completion of {@link #toCompletableFuture()}) that delivers its output.
 *
 * <h2>Thread safety</h2>
 *
 * All methods are thread-safe; the handle may be polled from any thread, though only one consumer
 * receives the output.
 *
 * @param <T> the output type
 */
@ProviderType
public interface JoinHandle<T> extends Future<T> {

  /**
   * The task's output once it completed; pending before.
   *
   * @param context the waker is woken when the task completes or is cancelled
   * @return ready with the output, or pending
   * @throws JoinError if the task was cancelled, failed or shut down
   * @throws IllegalStateException if the output was already delivered, or the handle detached
   */
  @Override
  Poll<T> poll(Context context);

  /** Detaches: the same as {@link #detach()}. */
  @Override
  void abandon();

  /**
   * Cancels the task; see {@link TaskRef#cancel()}.
   *
   * @return true if this call cancelled the task
   */
  boolean cancel();

  /**
   * @return true once the task ended; see {@link TaskRef#isComplete()}
   */
  boolean isComplete();

  /**
   * @return true once the task was cancelled
   */
  boolean isCancelled();

  /**
   * @return the task's id
   */
  TaskId id();

  /**
   * @return an identity handle for the task, without join rights
   */
  TaskRef taskRef();

  /**
   * Gives up the interest in the output: the task keeps running, and its output is dropped when it
   * completes (or now, if it has completed). A dropped output that is {@link AutoCloseable} (a
   * {@link maitake.sync.MutexGuard} or a permit, say) is closed, and a dropped failure goes to the
   * scheduler's {@link FailureHandler}, so nothing a task produced is held or lost unseen.
   * Idempotent.
   */
  void detach();

  /**
   * The output as a {@link CompletableFuture}, for code that is not async. No thread blocks: the
   * future is completed by whichever thread completes the task. Cancelling the returned future
   * cancels the task; completing it any other way ({@code complete}, {@code orTimeout}, {@code
   * completeExceptionally}) detaches the task (see {@link #detach()}), so its storage becomes free
   * once it ends. An AutoCloseable output that arrives after the future was completed another way
   * is closed. Once the future delivered the task's outcome it never touches the storage again, so
   * cancelling it then does not cancel a later task spawned into the same storage. This consumes
   * the handle: do not poll it afterwards.
   *
   * @return a future completed with the output, or exceptionally with a {@link JoinError}
   */
  CompletableFuture<T> toCompletableFuture();
}
