package maitake.sync;

import maitake.future.Future;
import maitake.future.Poll;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Waiters keyed by {@code K}, each woken with a value {@code V} (a rendezvous by key: request and
 * response matching, for example).
 *
 * <p>{@link #wake(Object, Object)} delivers a value to the waiter on a key: OK if one was woken, or
 * {@link Outcome.Failure#NO_MATCH} or {@link Outcome.Failure#CLOSED} with the value handed back. No
 * wakeup is stored for a key nobody waits on. A wait fails with {@link Outcome.Failure#DUPLICATE}
 * if another waiter already waits on its key, and with {@link Outcome.Failure#CLOSED} once the map
 * is closed.
 *
 * <h2>Fairness</h2>
 *
 * One waiter per key; keys are matched with {@code equals} in registration order.
 *
 * <h2>Cancellation</h2>
 *
 * Abandoning a registered wait unlinks it. A wait abandoned after a value was delivered to it keeps
 * the value: {@link Wait#takeUndelivered()} returns it, so its ownership is never lost.
 *
 * <h2>Memory consistency effects</h2>
 *
 * Actions before {@code wake} happen-before the completion of the wait that receives the value.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe; the list is guarded by a raw lock and wakers are called after it is released. Keys
 * are compared with {@code equals} while that lock is held, so a key's {@code equals} must be quick
 * and must not block or take locks.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
@ProviderType
public interface WaitMap<K, V> {

  /**
   * A wait for the value of {@code key}; registers when first polled or subscribed.
   *
   * @param key the key, not null
   * @return the wait
   */
  Wait<V> await(K key);

  /**
   * Delivers {@code value} to the waiter on {@code key}.
   *
   * @param key the key, not null
   * @param value the value
   * @return OK if a waiter got it; NO_MATCH or CLOSED with the value handed back
   */
  Outcome<V> wake(K key, V value);

  /** Closes the map: every wait completes with CLOSED. Idempotent. */
  void close();

  /**
   * @return true once closed
   */
  boolean isClosed();

  /**
   * A wait on a {@link WaitMap}.
   *
   * @param <V> the value type
   */
  interface Wait<V> extends Future<Outcome<V>> {
    /**
     * Registers now, without a waker yet.
     *
     * @return ready (DUPLICATE, CLOSED, or a value already delivered) or pending
     */
    Poll<Outcome<V>> subscribe();

    /**
     * A value that was delivered to this wait but not taken by a poll (because the wait was
     * abandoned). Each such value is returned once.
     *
     * @return the value, or null
     */
    V takeUndelivered();
  }
}
