package maitake.future;

import java.util.Objects;

/**
 * What a future is polled with: for now, the {@link Waker} to wake when it can make progress.
 *
 * <p>Schedulers hand their tasks one context each for the task's whole life, so polling allocates
 * nothing. {@link #of(Waker)} builds a context for other uses.
 */
@FunctionalInterface
public interface Context {

  /** A context whose waker does nothing: for polling a future once, outside any executor. */
  Context NOOP = () -> Waker.NOOP;

  /**
   * The waker of whoever is polling.
   *
   * @return the waker, never null
   */
  Waker waker();

  /**
   * A context for the given waker.
   *
   * @param waker the waker to hand to futures
   * @return a context whose {@link #waker()} is {@code waker}
   * @throws NullPointerException if {@code waker} is null
   */
  static Context of(Waker waker) {
    Objects.requireNonNull(waker, "waker");
    return () -> waker;
  }
}
