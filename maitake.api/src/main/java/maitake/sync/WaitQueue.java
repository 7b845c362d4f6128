package maitake.sync;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import maitake.future.Future;
import maitake.future.Poll;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A first-in, first-out queue of waiters.
 *
 * <p>{@link #wakeOne()} hands a wakeup to the oldest waiter, or stores one wakeup if nobody waits
 * (further wakes coalesce). {@link #wakeAll()} completes every wait created before the call, even
 * one never polled, and none created after it. {@link #close()} completes every wait, present and
 * future, with {@link Outcome.Failure#CLOSED}.
 *
 * <pre>{@code
 * WaitQueue changed = kit.newWaitQueue();
 * AtomicInteger stock = new AtomicInteger();
 * JoinHandle<Outcome<Void>> buyer = scheduler.spawn(changed.waitFor(() -> stock.get() > 0));
 * scheduler.tick();                          // nothing in stock: the task waits
 * stock.incrementAndGet();
 * changed.wakeAll();                         // the condition is checked again
 * scheduler.tick();                          // buyer completes with OK
 * }</pre>
 *
 * <h2>Fairness</h2>
 *
 * Strict FIFO for {@code wakeOne}, in the order waits registered (first poll or {@link
 * Wait#subscribe()}). A wait that is abandoned loses its place.
 *
 * <h2>Cancellation</h2>
 *
 * Abandoning a registered wait unlinks it in O(1) under the queue's lock. A wait abandoned after it
 * was handed a wakeup that it had not consumed passes the wakeup on to the next waiter (or stores
 * it): no wakeup is lost.
 *
 * <h2>Memory consistency effects</h2>
 *
 * Actions before a wake happen-before the completion of the wait it completes.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe. The list is guarded by a raw lock; wakers are called after it is released.
 */
@ProviderType
public interface WaitQueue {

  /**
   * A wait: completes when woken (OK) or when the queue closes (CLOSED). Records the {@code
   * wakeAll} count at creation, so a {@code wakeAll} after this call completes it even if it was
   * never polled.
   *
   * @return the wait
   */
  Wait await();

  /**
   * Waits until {@code condition} holds; see {@link WaitCell#waitFor(BooleanSupplier)}.
   *
   * @param condition checked on the polling thread after subscribing
   * @return a future completing with OK or CLOSED
   */
  Future<Outcome<Void>> waitFor(BooleanSupplier condition);

  /**
   * Waits until {@code supplier} returns non-null.
   *
   * @param supplier polled after subscribing
   * @param <T> the value type
   * @return a future of the value, or CLOSED
   */
  <T> Future<Outcome<T>> waitForValue(Supplier<T> supplier);

  /** Wakes the oldest waiter, or stores one wakeup. No-op once closed. */
  void wakeOne();

  /** Wakes every wait created before this call. No-op once closed. */
  void wakeAll();

  /** Closes the queue: every wait completes with CLOSED. Idempotent. */
  void close();

  /**
   * @return true once closed
   */
  boolean isClosed();

  /** A wait on a {@link WaitQueue}. */
  interface Wait extends Future<Outcome<Void>> {
    /**
     * Joins the queue now, without a waker yet; the next poll supplies one.
     *
     * @return ready if the wait already completed, else pending
     */
    Poll<Outcome<Void>> subscribe();
  }
}
