package maitake.future;

import java.util.function.BiFunction;
import java.util.function.Function;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An asynchronous computation driven by polling.
 *
 * <p>{@link #poll(Context)} advances the computation as far as it can without blocking. It returns
 * {@link Poll#ready(Object)} with the result, or {@link Poll#pending()} after arranging for {@code
 * context.waker()} to be woken when progress is possible. A future that returns pending without
 * such an arrangement may never be polled again. A future may be polled when no progress is
 * possible (a spurious poll) and must then simply return pending again, keeping the most recent
 * waker. A future fails by throwing; what it throws is its error.
 *
 * <h2>A second poll</h2>
 *
 * <p>Once a future has returned ready it must not be polled again. Every future of the kit keeps
 * one rule about it: a poll after ready throws {@link IllegalStateException} and grants nothing a
 * second time (no second mutex guard, permit, value or wakeup), so the bug shows where it is. Three
 * kinds of future say otherwise in their documentation: the constants of {@link Futures#ready} and
 * {@link Futures#pending}, which answer every poll the same way and so can be shared; futures that
 * are armed again, such as a {@link Yield} or a {@code maitake.time.Sleep} after {@code reset}; and
 * {@link Futures#pollFn}, whose every poll is the caller's function. The kit's combinators never
 * poll a child again after it returned ready; futures written on the kit should keep the same rule.
 *
 * <h2>Cancellation: abandonment</h2>
 *
 * <p>{@link #abandon()} is Java's stand-in for Rust's drop: whoever gives up on a future that has
 * not completed calls it, and the future unlinks itself from every wait list and timer slot and
 * passes on whatever it was granted but did not deliver. It is idempotent and a no-op after
 * completion. Futures that never register anywhere can rely on the default, which does nothing;
 * futures that own other futures forward it to every child that has not completed.
 *
 * <h2>Fairness</h2>
 *
 * <p>A future has none of its own: the scheduler that polls it decides when. The fairness of a wait
 * (who is served first) is the primitive's, documented on each.
 *
 * <h2>Memory consistency effects</h2>
 *
 * <p>Everything that happened before a {@link Waker#wake()} happens-before the poll that the wake
 * causes, so a future that registered its waker sees, in that poll, what the waker's caller
 * published. The kit's schedulers and {@link Futures#blockOn} keep this edge.
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
   * Gives up on this future before it completed: unlink from everything it registered with and pass
   * on anything granted but not delivered. Idempotent; a no-op after completion. The default does
   * nothing.
   */
  default void abandon() {}

  /**
   * A future that completes with {@code fn} applied to this future's result.
   *
   * @param fn applied once, on the polling thread, when this future completes; if it throws, the
   *     returned future fails with that exception
   * @param <R> the new result type
   * @return the mapped future; abandoning it abandons this one
   */
  default <R> Future<R> map(Function<? super T, ? extends R> fn) {
    return new Combinators.MapFuture<>(this, fn);
  }

  /**
   * A future that, when this one completes, runs the future that {@code fn} makes of its result and
   * completes with that.
   *
   * <p>The result handed to {@code fn} is the second stage's from then on: abandoning the chained
   * future during the second stage abandons that stage only, so a permit or guard that {@code fn}
   * captured is not released by it. Hold a resource across a stage with {@link Futures#bracket} (or
   * {@code Semaphore.withPermits}, {@code Mutex.withLock}), which releases it on every exit.
   *
   * @param fn applied once, on the polling thread, to this future's result; must not return null
   * @param <R> the result type of the second future
   * @return the chained future; abandoning it abandons whichever stage is running
   */
  default <R> Future<R> andThen(Function<? super T, ? extends Future<R>> fn) {
    return new Combinators.AndThenFuture<>(this, fn);
  }

  /**
   * A future that completes as this one does and runs {@code action} exactly once when this one
   * completes, throws, or is abandoned: the {@code finally} of a future.
   *
   * <p><b>Fairness:</b> none of its own; it polls this future whenever it is polled.
   * <b>Cancellation:</b> abandoning the returned future before this one completed abandons this one
   * and then runs {@code action}; after completion it does nothing. <b>Memory consistency
   * effects:</b> everything this future did before it completed, threw or was abandoned
   * happens-before {@code action} runs (on the thread that polled or abandoned it). <b>Thread
   * safety:</b> as any future: polled by one thread at a time.
   *
   * <p>If {@code action} throws after this future completed, the returned future fails with that
   * exception (and closes the value it will not deliver when that is {@link AutoCloseable}); if
   * this future threw, what {@code action} throws is suppressed in that exception; on abandonment
   * it propagates from {@code abandon()}, after this future was abandoned.
   *
   * @param action the clean-up, run on the polling or abandoning thread
   * @return the future with the clean-up attached
   * @throws NullPointerException if {@code action} is null
   */
  default Future<T> andFinally(Runnable action) {
    return new ResourceCombinators.FinallyFuture<>(this, action);
  }

  /**
   * A future that completes as this one does, or, if this one throws, with what {@code fn} makes of
   * the exception: {@code catch} for a future.
   *
   * <p>Every exception is handed to {@code fn} except a {@link VirtualMachineError} (an {@link
   * OutOfMemoryError}, a {@link StackOverflowError}), which propagates as it is. A future that
   * threw is abandoned before {@code fn} runs, as every combinator of the kit does with a child
   * that threw. If {@code fn} throws, the returned future fails with that exception.
   * <b>Fairness</b> and <b>thread safety</b> as {@link #map}; <b>cancellation:</b> abandoning the
   * returned future abandons this one if it has not completed; <b>memory consistency effects:</b>
   * the failure happens-before {@code fn} runs, on the polling thread.
   *
   * @param fn turns the failure into a value; applied at most once
   * @return the recovering future
   * @throws NullPointerException if {@code fn} is null
   */
  default Future<T> recover(Function<? super Throwable, ? extends T> fn) {
    java.util.Objects.requireNonNull(fn, "fn");
    return new ResourceCombinators.HandleFuture<T, T>(this, null, fn);
  }

  /**
   * {@link #recover(Function)} for one type of failure: an exception that is an instance of {@code
   * type} is handed to {@code fn}; any other propagates as it is (after the future that threw was
   * abandoned). <b>Fairness</b>, <b>cancellation</b>, <b>memory consistency effects</b> and
   * <b>thread safety</b> as {@link #recover(Function)}.
   *
   * <p>{@code timer.timeout(d, work).recover(Elapsed.class, e -> fallback)} turns only the timeout
   * into a value.
   *
   * @param type the failures to recover from; a {@link VirtualMachineError} type is refused
   * @param fn turns such a failure into a value; applied at most once
   * @param <X> the failure type
   * @return the recovering future
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code type} is or could hold a {@link VirtualMachineError}
   *     ({@code Throwable}, {@code Error}, or one of its subtypes)
   */
  default <X extends Throwable> Future<T> recover(
      Class<X> type, Function<? super X, ? extends T> fn) {
    java.util.Objects.requireNonNull(type, "type");
    java.util.Objects.requireNonNull(fn, "fn");
    if (type.isAssignableFrom(VirtualMachineError.class)
        || VirtualMachineError.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException(
          "recover("
              + type.getName()
              + ") would catch virtual "
              + "machine errors: name a narrower type, or use recover(fn)");
    }
    return new ResourceCombinators.HandleFuture<T, T>(
        this,
        null,
        t -> {
          if (type.isInstance(t)) {
            return fn.apply(type.cast(t));
          }
          throw ResourceCombinators.<RuntimeException>propagate(t);
        });
  }

  /**
   * A future that completes with {@code fn} applied to this future's value and failure: the value
   * and null when this one completes, null and the exception when it throws (any exception but a
   * {@link VirtualMachineError}, as {@link #recover}). A future that threw is abandoned before
   * {@code fn} runs. If {@code fn} throws, the returned future fails with that exception.
   * <b>Fairness</b>, <b>cancellation</b>, <b>memory consistency effects</b> and <b>thread
   * safety</b> as {@link #recover}.
   *
   * @param fn applied once, on the polling thread
   * @param <R> the new result type
   * @return the handling future
   * @throws NullPointerException if {@code fn} is null
   */
  default <R> Future<R> handle(BiFunction<? super T, ? super Throwable, ? extends R> fn) {
    java.util.Objects.requireNonNull(fn, "fn");
    return new ResourceCombinators.HandleFuture<T, R>(this, fn, null);
  }
}
