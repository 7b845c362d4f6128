package maitake.future;

import java.util.function.Function;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An asynchronous computation driven by polling.
 *
 * <p>{@link #poll(Context)} advances the computation as far as it can without blocking. It
 * returns {@link Poll#ready(Object)} with the result, or {@link Poll#pending()} after arranging
 * for {@code context.waker()} to be woken when progress is possible. A future that returns
 * pending without such an arrangement may never be polled again. A future may be polled when
 * no progress is possible (a spurious poll) and must then simply return pending again, keeping
 * the most recent waker. A future fails by throwing; what it throws is its error.
 *
 * <h2>A second poll</h2>
 *
 * <p>Once a future has returned ready it must not be polled again. Every future of the kit
 * keeps one rule about it: a poll after ready throws {@link IllegalStateException} and grants
 * nothing a second time (no second mutex guard, permit, value or wakeup), so the bug shows where
 * it is. Three kinds of future say otherwise in their documentation: the constants of
 * {@link Futures#ready} and {@link Futures#pending}, which answer every poll the same way and so
 * can be shared; futures that are armed again, such as a {@link Yield} or a
 * {@code maitake.time.Sleep} after {@code reset}; and {@link Futures#pollFn}, whose every poll is
 * the caller's function. The kit's combinators never poll a child again
 * after it returned ready; futures written on the kit should keep the same rule.
 *
 * <h2>Abandonment</h2>
 *
 * <p>{@link #abandon()} is Java's stand-in for Rust's drop: whoever gives up on a future that has
 * not completed calls it, and the future unlinks itself from every wait list and timer slot and
 * passes on whatever it was granted but did not deliver. It is idempotent and a no-op after
 * completion. Futures that never register anywhere can rely on the default, which does nothing;
 * futures that own other futures forward it to every child that has not completed.
 *
 * <h2>Thread safety</h2>
 *
 * <p>A future is polled by one thread at a time (its owner may change between polls, with a
 * happens-before edge in between, as when a task moves between schedulers). {@code abandon} is
 * called by the owner, never concurrently with {@code poll}.
 *
 * @param <T> the type of the result
 */
@ConsumerType
@FunctionalInterface
public interface Future<T> {

  /**
   * Advances the computation.
   *
   * @param context holds the waker to wake when this future can make progress
   * @return ready with the result, or pending
   */
  Poll<T> poll(Context context);

  /**
   * Gives up on this future before it completed: unlink from everything it registered with and
   * pass on anything granted but not delivered. Idempotent; a no-op after completion. The
   * default does nothing.
   */
  default void abandon() {
  }

  /**
   * A future that completes with {@code fn} applied to this future's result.
   *
   * @param fn applied once, on the polling thread, when this future completes; if it throws,
   *     the returned future fails with that exception
   * @param <R> the new result type
   * @return the mapped future; abandoning it abandons this one
   */
  default <R> Future<R> map(Function<? super T, ? extends R> fn) {
    return new Combinators.MapFuture<>(this, fn);
  }

  /**
   * A future that, when this one completes, runs the future that {@code fn} makes of its
   * result and completes with that.
   *
   * @param fn applied once, on the polling thread, to this future's result; must not return
   *     null
   * @param <R> the result type of the second future
   * @return the chained future; abandoning it abandons whichever stage is running
   */
  default <R> Future<R> andThen(Function<? super T, ? extends Future<R>> fn) {
    return new Combinators.AndThenFuture<>(this, fn);
  }
}
