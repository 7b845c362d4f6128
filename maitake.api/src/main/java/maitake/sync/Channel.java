package maitake.sync;

import java.util.function.Function;
import maitake.future.Future;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A bounded multi-producer, single-consumer channel.
 *
 * <p>{@link #sender()} makes a sender handle (each producer takes its own and closes it when done);
 * {@link #receiver()} is the one receiver. A send waits while the channel is full; waiting senders
 * are served in order. When every sender handle is closed, or a sender calls {@link
 * Sender#closeChannel()}, the receiver drains what was sent and then receives CLOSED, and later
 * sends fail with CLOSED and the value handed back. Closing the receiver closes the channel for
 * senders at once.
 *
 * <pre>{@code
 * Channel<String> ch = kit.newChannel(64);
 * Channel.Sender<String> tx = ch.sender();   // one per producer; the last close closes it
 * scheduler.spawn(tx.send("hello").map(sent -> {
 *   tx.close();
 *   return sent.isOk();
 * }));
 * JoinHandle<Long> received = scheduler.spawn(ch.receiver().forEach(s -> {
 *   System.out.println(s);
 *   return Futures.ready(null);
 * }));                                       // completes with 1 once the channel closed
 * }</pre>
 *
 * <h2>Fairness</h2>
 *
 * Values are received in the order their sends completed; senders waiting for room are served in
 * FIFO order (a waiting sender's value enters the buffer as soon as a slot frees, before any later
 * send).
 *
 * <h2>Cancellation</h2>
 *
 * Abandoning a send that is still waiting for room unlinks it and the value is not sent; a send
 * whose value already entered the buffer has completed. Abandoning a receive loses nothing.
 *
 * <h2>Memory consistency effects</h2>
 *
 * Actions before a send happen-before the receive of that value.
 *
 * <h2>Thread safety</h2>
 *
 * Senders are thread-safe; one receiver polls at a time.
 *
 * @param <T> the value type
 */
@ProviderType
public interface Channel<T> {

  /**
   * @return a new sender handle
   */
  Sender<T> sender();

  /**
   * @return the receiver
   */
  Receiver<T> receiver();

  /**
   * @return the capacity
   */
  int capacity();

  /**
   * The sending side.
   *
   * @param <T> the value type
   */
  interface Sender<T> extends AutoCloseable {
    /**
     * Sends {@code value}, waiting for room.
     *
     * @param value not null
     * @return a future of OK, or CLOSED with the value handed back
     */
    Future<Outcome<T>> send(T value);

    /**
     * A send future to use again and again, so a task that sends in a loop allocates nothing per
     * value: arm it with {@link ReusableSend#reset(Object) reset(value)}, poll it until it is
     * ready, and arm it again. It is not armed when made.
     *
     * <p>Each armed send behaves as one {@link #send(Object)}: it waits for room in the same FIFO,
     * is abandoned the same way, and completes with OK ({@code Outcome.ok(null)}, which is cached)
     * or CLOSED with the value handed back. This handle must stay open while it is used.
     *
     * <pre>{@code
     * Channel.ReusableSend<Integer> send = tx.reusableSend();
     * // in a future's poll, for each value:
     * if (sending == null) sending = send.reset(next);
     * if (sending.poll(cx).isPending()) return Poll.pending();
     * sending = null;
     * }</pre>
     *
     * @return a new, unarmed send future; one task owns it
     */
    ReusableSend<T> reusableSend();

    /**
     * Sends without waiting.
     *
     * @param value not null
     * @return OK, or FULL or CLOSED with the value handed back
     */
    Outcome<T> trySend(T value);

    /** Closes the channel for everyone: the receiver drains, later sends fail. */
    void closeChannel();

    /** Releases this handle; when every handle is released the channel closes. Idempotent. */
    @Override
    void close();
  }

  /**
   * The receiving side.
   *
   * @param <T> the value type
   */
  interface Receiver<T> extends AutoCloseable {
    /**
     * @return a future of the next value, or CLOSED once closed and drained
     */
    Future<Outcome<T>> receive();

    /**
     * A receive future to use again and again, so a task that receives in a loop allocates nothing
     * per value: poll it until it is ready with the next value, then {@link ReusableReceive#reset()
     * reset()} it and poll again. It is armed when made.
     *
     * <p>It completes with the value itself, or with {@code null} once the channel is closed and
     * drained (values are never null), so no {@link Outcome} is made per value. Otherwise it
     * behaves as {@link #receive()}: abandoning it loses nothing.
     *
     * @return a new receive future, armed; one task owns it
     */
    ReusableReceive<T> reusableReceive();

    /**
     * A future that receives every value until the channel is closed and drained, running the
     * future {@code action} makes of each value to completion before receiving the next, and
     * completes with how many values it handled.
     *
     * <p>Values whose action completes at once are handled in the same poll, but after 64 of them
     * the loop wakes itself and returns pending, so a busy channel does not hold a scheduler's
     * tick. An action's output is dropped, and closed if it is {@link AutoCloseable}.
     *
     * <p><b>Fairness:</b> values in the order they are received. <b>Cancellation:</b> abandoned
     * while waiting for a value, the receive is abandoned and nothing is lost (the value stays in
     * the channel for the next receive); abandoned while an action runs, that action's future is
     * abandoned (its value was handed to it) and no further value is received. If {@code action} or
     * its future throws, the loop fails with that exception. <b>Memory consistency effects:</b> as
     * {@link #receive()}. <b>Thread safety:</b> the one receiver polls at a time, so the loop must
     * be the only one receiving while it runs.
     *
     * @param action makes the future that handles one value; must not return null
     * @return a future of the number of values handled
     * @throws NullPointerException if {@code action} is null
     */
    default Future<Long> forEach(Function<? super T, ? extends Future<?>> action) {
      return new ForEachFuture<>(this, action);
    }

    /**
     * @return the next value, or EMPTY, or CLOSED once closed and drained
     */
    Outcome<T> tryReceive();

    /** Closes the channel: senders fail from now on. Idempotent. */
    @Override
    void close();
  }

  /**
   * A send future that can be armed again once it completed or was abandoned. See {@link
   * Sender#reusableSend()}.
   *
   * <p>Polling it before it is armed, or again after it returned ready without a {@link
   * #reset(Object)} in between, throws {@link IllegalStateException}.
   *
   * @param <T> the value type
   */
  interface ReusableSend<T> extends Future<Outcome<T>> {
    /**
     * Arms this future to send {@code value}.
     *
     * @param value not null
     * @return this future
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalStateException if the previous send is still pending (poll it until it is
     *     ready, or abandon it, first), or if the sender handle it came from was closed
     */
    ReusableSend<T> reset(T value);
  }

  /**
   * A receive future that can be armed again once it completed or was abandoned. See {@link
   * Receiver#reusableReceive()}.
   *
   * <p>Polling it again after it returned ready without a {@link #reset()} in between throws {@link
   * IllegalStateException}.
   *
   * @param <T> the value type
   */
  interface ReusableReceive<T> extends Future<T> {
    /**
     * Arms this future to receive the next value. Resetting a pending receive is allowed and loses
     * nothing: no value is taken before the poll that returns it.
     *
     * @return this future
     */
    ReusableReceive<T> reset();
  }
}
