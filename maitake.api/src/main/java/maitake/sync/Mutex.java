package maitake.sync;

import maitake.future.Future;
import org.osgi.annotation.versioning.ProviderType;

/**
 * An async mutual-exclusion lock around a value, with fair first-in first-out hand-off.
 *
 * <p>{@link #lock()} returns a future of a {@link MutexGuard}; closing the guard unlocks.
 * Unlocking hands the lock straight to the oldest waiter, which owns it before it even runs:
 * there is no barging, and {@link #tryLock()} succeeds only when the lock is free and nobody
 * waits. A guard is an ordinary object: it may be handed to another task and closed there
 * (an owned guard that outlives the scope that took it).
 *
 * <h2>Fairness</h2>
 * Strict FIFO hand-off, in the order lock futures registered (first poll).
 * <h2>Cancellation</h2>
 * Abandoning a queued lock future unlinks it. A lock future abandoned after the lock was handed
 * to it (woken, not yet polled) passes the lock on to the next waiter, or frees it.
 * <h2>Memory consistency effects</h2>
 * Everything a holder did before closing its guard happens-before the next holder's guard is
 * returned.
 * <h2>Thread safety</h2>
 * Thread-safe. Not re-entrant: a holder that locks again waits for itself forever.
 *
 * @param <T> the value type
 */
@ProviderType
public interface Mutex<T> {

  /** @return a future of the guard; registers in the queue when first polled */
  Future<MutexGuard<T>> lock();

  /** @return the guard if the lock is free and nobody waits, else null */
  MutexGuard<T> tryLock();

  /** @return whether the lock is held now (a snapshot) */
  boolean isLocked();
}
