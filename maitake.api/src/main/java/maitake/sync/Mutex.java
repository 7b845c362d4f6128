package maitake.sync;

import java.util.Objects;
import java.util.function.Function;
import maitake.future.Future;
import maitake.future.Futures;
import org.osgi.annotation.versioning.ProviderType;

/**
 * An async mutual-exclusion lock around a value, with fair first-in first-out hand-off.
 *
 * <p>{@link #lock()} returns a future of a {@link MutexGuard}; closing the guard unlocks. Unlocking
 * hands the lock straight to the oldest waiter, which owns it before it even runs: there is no
 * barging, and {@link #tryLock()} succeeds only when the lock is free and nobody waits. A guard is
 * an ordinary object: it may be handed to another task and closed there (an owned guard that
 * outlives the scope that took it).
 *
 * <h2>Fairness</h2>
 *
 * Strict FIFO hand-off, in the order lock futures registered (first poll).
 *
 * <h2>Cancellation</h2>
 *
 * Abandoning a queued lock future unlinks it. A lock future abandoned after the lock was handed to
 * it (woken, not yet polled) passes the lock on to the next waiter, or frees it.
 *
 * <h2>Memory consistency effects</h2>
 *
 * Everything a holder did before closing its guard happens-before the next holder's guard is
 * returned.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe. Not re-entrant: a holder that locks again waits for itself forever.
 *
 * @param <T> the value type
 */
@ProviderType
public interface Mutex<T> {

  /**
   * @return a future of the guard; registers in the queue when first polled
   */
  Future<MutexGuard<T>> lock();

  /**
   * A lock future to use again and again, so a task that locks in a loop allocates nothing per
   * acquisition: poll it until it is ready with the guard, close the guard, {@link
   * ReusableLock#reset() reset()} it, and poll again. It is armed when made.
   *
   * <p>Each acquisition behaves as one {@link #lock()}: it queues in the same FIFO at its first
   * poll, and abandoning it unlinks it or passes a hand-off on. The guard is the same object at
   * every acquisition: close it once per acquisition (a second close of the same acquisition does
   * nothing, but a close kept from an earlier acquisition releases the current one).
   *
   * <pre>{@code
   * Mutex.ReusableLock<long[]> lock = mutex.reusableLock();
   * // in a future's poll, for each update:
   * Poll<MutexGuard<long[]>> p = lock.poll(cx);
   * if (p.isPending()) return Poll.pending();
   * try (MutexGuard<long[]> g = p.value()) { g.get()[0]++; }
   * lock.reset();
   * }</pre>
   *
   * @return a new lock future, armed; one task owns it
   */
  ReusableLock<T> reusableLock();

  /**
   * A lock future that can be armed again. See {@link Mutex#reusableLock()}.
   *
   * <p>Polling it again after it returned ready without a {@link #reset()} in between throws {@link
   * IllegalStateException}.
   *
   * @param <T> the value type
   */
  interface ReusableLock<T> extends Future<MutexGuard<T>> {
    /**
     * Arms this future for the next acquisition.
     *
     * @return this future
     * @throws IllegalStateException if its guard is still held (close it first), or if it is still
     *     waiting for the lock (poll it until it is ready, or abandon it, first)
     */
    ReusableLock<T> reset();
  }

  /**
   * Runs {@code body} holding the lock and unlocks when it ends, whichever way it ends: the body's
   * future completes or throws, or the returned future is abandoned (at any stage). The guard is
   * closed exactly once; the body must not close it (closing a guard again does nothing).
   *
   * <p><b>Fairness:</b> as {@link #lock()}. <b>Cancellation:</b> abandoned while queued, the lock
   * future is unlinked (and passes on a hand-off it was given); abandoned while the body runs, the
   * body's future is abandoned and then the lock is released. <b>Memory consistency effects:</b> as
   * {@link #lock()}: the previous holder's actions happen-before the body starts. <b>Thread
   * safety:</b> the returned future is polled by one thread at a time, as every future. See {@link
   * Futures#bracket}, which this is.
   *
   * <pre>{@code
   * Future<Integer> hits = state.withLock(guard ->
   *     Futures.ready(guard.get().merge("hits", 1, Integer::sum)));
   * }</pre>
   *
   * @param body makes the future that runs under the lock; must not return null
   * @param <R> the value type
   * @return a future of the body's value
   * @throws NullPointerException if {@code body} is null
   */
  default <R> Future<R> withLock(Function<? super MutexGuard<T>, ? extends Future<R>> body) {
    Objects.requireNonNull(body, "body");
    return Futures.bracket(lock(), body);
  }

  /**
   * @return the guard if the lock is free and nobody waits, else null
   */
  MutexGuard<T> tryLock();

  /**
   * @return whether the lock is held now (a snapshot)
   */
  boolean isLocked();
}
