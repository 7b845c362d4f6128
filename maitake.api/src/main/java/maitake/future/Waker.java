package maitake.future;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Tells the owner of a future to poll it again.
 *
 * <p>A waker is handed to a future through {@link Context#waker()}. A future that returns {@link
 * Poll#pending()} must make sure that some waker it was polled with will be woken when it can make
 * progress. Wakers may be called from any thread, any number of times; extra wakes only cause extra
 * polls.
 *
 * <p>{@link #wake()} never runs the woken code inline: a task waker puts the task on its
 * scheduler's run queue, a {@code blockOn} waker unparks a thread. Implementations must keep this
 * rule, or a chain of wakes could grow the stack without bound. Code that calls wakers calls them
 * after releasing its own locks.
 *
 * <p>Users implement this interface for their own executors and tests.
 */
@ConsumerType
@FunctionalInterface
public interface Waker {

  /** A waker that does nothing; for polling a future once, outside any executor. */
  Waker NOOP = () -> {};

  /** Asks for the future that registered this waker to be polled again. */
  void wake();

  /**
   * Whether waking {@code other} would have the same effect as waking this waker, so a future that
   * already stored this waker can skip replacing it. The default is identity.
   *
   * @param other another waker, possibly null
   * @return true only if waking either one wakes the same owner
   */
  default boolean willWake(Waker other) {
    return this == other;
  }
}
