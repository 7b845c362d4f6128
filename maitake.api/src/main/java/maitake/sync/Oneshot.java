package maitake.sync;

import maitake.future.Future;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A channel for exactly one value.
 *
 * <p>{@link #send(Object)} delivers the value once; {@link #receive()} completes with it. If the
 * receiving side closed, the send fails with CLOSED and the value handed back; if the sending side
 * closed without sending, the receive completes with CLOSED.
 *
 * <h2>Fairness</h2>
 *
 * One sender, one receiver.
 *
 * <h2>Cancellation</h2>
 *
 * Abandoning the receive loses nothing: a later receive gets the value.
 *
 * <h2>Memory consistency effects</h2>
 *
 * Actions before the send happen-before the receive that gets the value.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe.
 *
 * @param <T> the value type
 */
@ProviderType
public interface Oneshot<T> {

  /**
   * Sends the value.
   *
   * @param value not null
   * @return OK, or CLOSED with the value handed back (receiver closed, or already sent)
   */
  Outcome<T> send(T value);

  /**
   * @return a future of the value, or CLOSED if the sender closed without sending
   */
  Future<Outcome<T>> receive();

  /** The sending side gives up without sending: the receive completes with CLOSED. */
  void closeSender();

  /** The receiving side gives up: a later send fails with the value handed back. */
  void closeReceiver();
}
