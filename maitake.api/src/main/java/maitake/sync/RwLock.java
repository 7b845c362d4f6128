package maitake.sync;

import java.util.Objects;
import java.util.function.Function;
import maitake.future.Future;
import maitake.future.Futures;
import org.osgi.annotation.versioning.ProviderType;

/**
 * An async reader-writer lock around a value: many readers at once, or one writer. Fair and
 * write-preferring: a queued writer blocks the readers that come after it.
 *
 * <h2>Fairness</h2>
 *
 * FIFO: requests are served in the order they registered. Readers at the head of the queue are
 * admitted together; a writer waits for the readers before it to leave, and readers after a queued
 * writer wait for it.
 *
 * <h2>Cancellation</h2>
 *
 * Abandoning a queued request unlinks it; an abandoned writer lets the readers queued behind it in.
 * A request abandoned after the lock was granted releases it.
 *
 * <h2>Memory consistency effects</h2>
 *
 * A writer's actions before it releases the lock happen-before the next acquisition.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe. Not re-entrant.
 *
 * @param <T> the value type
 */
@ProviderType
public interface RwLock<T> {

  /**
   * @return a future of a read guard
   */
  Future<ReadGuard<T>> read();

  /**
   * @return a future of a write guard
   */
  Future<WriteGuard<T>> write();

  /**
   * Runs {@code body} with shared access and releases it when the body ends, whichever way it ends
   * (completes, throws, or the returned future is abandoned at any stage), exactly once.
   * <b>Fairness</b> as {@link #read()}; <b>cancellation:</b> abandoned while queued, the request is
   * unlinked; abandoned while the body runs, the body's future is abandoned and then the read lock
   * released. <b>Memory consistency effects:</b> as {@link #read()}. <b>Thread safety:</b> polled
   * by one thread at a time, as every future. See {@link Futures#bracket}, which this is.
   *
   * @param body makes the future that runs with the read guard; must not return null
   * @param <R> the value type
   * @return a future of the body's value
   * @throws NullPointerException if {@code body} is null
   */
  default <R> Future<R> withRead(Function<? super ReadGuard<T>, ? extends Future<R>> body) {
    Objects.requireNonNull(body, "body");
    return Futures.bracket(read(), body);
  }

  /**
   * Runs {@code body} with exclusive access and releases it when the body ends, whichever way it
   * ends, exactly once; as {@link #withRead}, for {@link #write()}.
   *
   * @param body makes the future that runs with the write guard; must not return null
   * @param <R> the value type
   * @return a future of the body's value
   * @throws NullPointerException if {@code body} is null
   */
  default <R> Future<R> withWrite(Function<? super WriteGuard<T>, ? extends Future<R>> body) {
    Objects.requireNonNull(body, "body");
    return Futures.bracket(write(), body);
  }

  /**
   * @return a read guard if no writer holds or waits for the lock, else null
   */
  ReadGuard<T> tryRead();

  /**
   * @return a write guard if nobody holds or waits for the lock, else null
   */
  WriteGuard<T> tryWrite();

  /**
   * Shared access to the value. Closing releases it; closing again does nothing.
   *
   * @param <T> the value type
   */
  interface ReadGuard<T> extends AutoCloseable {
    /**
     * @return the value
     */
    T get();

    @Override
    void close();
  }

  /**
   * Exclusive access to the value. Closing releases it; closing again does nothing.
   *
   * @param <T> the value type
   */
  interface WriteGuard<T> extends ReadGuard<T> {
    /**
     * Replaces the value.
     *
     * @param value the new value
     */
    void set(T value);
  }
}
