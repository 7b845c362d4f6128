package maitake.sync;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import maitake.future.Future;
import maitake.future.Poll;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A cell for one waiter: the async analogue of a parked thread's permit (after tokio's {@code
 * AtomicWaker}, with a close bit).
 *
 * <p>A {@link #wake()} goes to the registered wait; with nobody waiting it is remembered once and
 * consumed by the next wait; repeated wakes coalesce into one. A new waiter replaces the previous
 * one, whose waker is woken so it can notice (polled again, the replaced wait registers again and
 * replaces the other in turn: one waiter at a time is the intended use). {@link #close()} completes
 * the current wait and every later one with {@link Outcome.Failure#CLOSED}.
 *
 * <h2>Fairness</h2>
 *
 * One waiter at a time; there is no queue.
 *
 * <h2>Cancellation</h2>
 *
 * A registration is its wait: abandoning a wait clears the registration only if that wait is still
 * the registered one, so a wait that replaced it (or a newer wait of the same task) keeps its
 * place. A wakeup delivered to an abandoned wait that its owner never saw is passed on, to the wait
 * registered now or stored for the next one. Costs two atomic operations on the state word (more
 * only while another thread holds the slot for a moment).
 *
 * <h2>Memory consistency effects</h2>
 *
 * Actions before {@code wake()} or {@code close()} happen-before the completion of the wait that
 * observes it.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe and lock-free: any thread may wake or close; waits may come from any thread, one at a
 * time (a second concurrent registration sees the cell busy and retries at its next poll).
 */
@ProviderType
public interface WaitCell {

  /**
   * A wait for the next wakeup; registers when first polled (or subscribed). (Named {@code await}
   * because {@code Object.wait} is final.)
   *
   * @return the wait, completing with OK or CLOSED
   */
  Wait await();

  /**
   * Waits until {@code condition} is true, checking it after subscribing so that no wakeup between
   * the check and the wait is lost (a condition-variable loop).
   *
   * @param condition checked on the polling thread
   * @return a future completing with OK once the condition held, or CLOSED
   */
  Future<Outcome<Void>> waitFor(BooleanSupplier condition);

  /**
   * Waits until {@code supplier} returns a value other than null.
   *
   * @param supplier polled on the polling thread
   * @param <T> the value type
   * @return a future of the value, or CLOSED
   */
  <T> Future<Outcome<T>> waitForValue(Supplier<T> supplier);

  /**
   * Wakes the waiter, or stores one wakeup if nobody waits.
   *
   * @return true if a registered waiter was woken
   */
  boolean wake();

  /**
   * Closes the cell: the current wait and every later one complete with CLOSED. Idempotent.
   *
   * @return true if a registered waiter was woken
   */
  boolean close();

  /**
   * @return true once {@link #close()} was called
   */
  boolean isClosed();

  /** A wait on a {@link WaitCell}. */
  interface Wait extends Future<Outcome<Void>> {
    /**
     * Registers now, before the operation whose wakeup it waits for, without a waker yet; the next
     * poll supplies the waker. A wakeup after this call is not lost.
     *
     * @return ready if the wait already completed (a stored wakeup, or closed), else pending
     */
    Poll<Outcome<Void>> subscribe();
  }
}
