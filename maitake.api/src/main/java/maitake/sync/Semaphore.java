package maitake.sync;

import java.util.Objects;
import java.util.function.Function;
import maitake.future.Future;
import maitake.future.Futures;
import org.osgi.annotation.versioning.ProviderType;

/**
 * An async counting semaphore, fair, with partial assignment: permits released while waiters are
 * queued go to the oldest waiter first, even if it needs more than are available, so a large
 * request at the head is never overtaken by smaller ones behind it.
 *
 * <p>{@link #acquire(long)} returns a future of a {@link Permit} (or CLOSED); {@link
 * #tryAcquire(long)} answers at once with a permit, INSUFFICIENT or CLOSED. Closing a permit
 * returns its permits; {@link Permit#forget()} keeps them out for good. At most {@link
 * #MAX_PERMITS} permits exist.
 *
 * <h2>Fairness</h2>
 *
 * Strict FIFO with partial assignment, as above; no barging while anyone waits.
 *
 * <h2>Cancellation</h2>
 *
 * Abandoning a queued acquire unlinks it and returns the permits already assigned to it (to the
 * next waiters or to the semaphore). An acquire abandoned after it was satisfied but before it was
 * polled returns all its permits.
 *
 * <h2>Memory consistency effects</h2>
 *
 * Actions before releasing permits happen-before the acquisition that receives them.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe; the wait list is guarded by a raw lock and wakers run after it is released.
 */
@ProviderType
public interface Semaphore {

  /** The most permits a semaphore holds or hands out in one request. */
  long MAX_PERMITS = Long.MAX_VALUE - 1;

  /**
   * Acquires {@code permits} permits.
   *
   * @param permits how many, at least 1 and at most {@link #MAX_PERMITS}
   * @return a future of the permit, or CLOSED
   * @throws IllegalArgumentException for a bad count
   */
  Future<Outcome<Permit>> acquire(long permits);

  /**
   * An acquire future to use again and again, so a task that acquires in a loop allocates nothing
   * per acquisition: poll it until it is ready, close its permit, {@link ReusableAcquire#reset()
   * reset()} it, and poll again. It is armed when made.
   *
   * <p>Each acquisition behaves as one {@link #acquire(long) acquire(permits)}: it queues in the
   * same FIFO at its first poll, abandoning it passes on what it was assigned, and it completes
   * with the permit or CLOSED. The permit (and its outcome) is the same object at every
   * acquisition: close it once per acquisition (a second close of the same acquisition does
   * nothing, but a close kept from an earlier acquisition returns the current one's permits).
   *
   * @param permits how many each acquisition takes, at least 1 and at most {@link #MAX_PERMITS}
   * @return a new acquire future, armed; one task owns it
   * @throws IllegalArgumentException for a bad count
   */
  ReusableAcquire reusableAcquire(long permits);

  /**
   * An acquire future that can be armed again. See {@link Semaphore#reusableAcquire(long)}.
   *
   * <p>Polling it again after it returned ready without a {@link #reset()} in between throws {@link
   * IllegalStateException}.
   */
  interface ReusableAcquire extends Future<Outcome<Permit>> {
    /**
     * Arms this future for the next acquisition.
     *
     * @return this future
     * @throws IllegalStateException if its permit still holds permits (close or forget it first),
     *     or if it is still waiting (poll it until it is ready, or abandon it, first)
     */
    ReusableAcquire reset();
  }

  /**
   * Runs {@code body} with {@code permits} permits and returns them when it ends, whichever way it
   * ends: the body's future completes or throws, or the returned future is abandoned (at any
   * stage). The permits are returned exactly once; {@code body} never runs if the semaphore is
   * closed first.
   *
   * <p><b>Fairness:</b> as {@link #acquire}. <b>Cancellation:</b> abandoned while queued, the
   * acquire is unlinked and passes on what it was assigned; abandoned while the body runs, the
   * body's future is abandoned and then the permits are returned. <b>Memory consistency
   * effects:</b> the acquisition happens-before the body starts; everything the body did
   * happens-before the permits reach their next holder. <b>Thread safety:</b> the returned future
   * is polled by one thread at a time, as every future. See {@link Futures#bracket}, which this is.
   *
   * <pre>{@code
   * Future<Outcome<String>> job = pool.withPermits(1, permit ->
   *     timer.timeout(Duration.ofMillis(50), fetch()));   // the permit is back on every exit
   * }</pre>
   *
   * @param permits how many, at least 1 and at most {@link #MAX_PERMITS}
   * @param body makes the future that runs with the permits; must not return null
   * @param <T> the value type
   * @return a future of the body's value, or CLOSED if the semaphore closed before the permits were
   *     granted
   * @throws IllegalArgumentException for a bad count
   * @throws NullPointerException if {@code body} is null
   */
  default <T> Future<Outcome<T>> withPermits(
      long permits, Function<? super Permit, ? extends Future<T>> body) {
    Objects.requireNonNull(body, "body");
    return Futures.bracket(
        acquire(permits),
        granted ->
            granted.isOk()
                ? Objects.requireNonNull(
                        body.apply(granted.value()), "withPermits body returned null")
                    .map(Outcome::ok)
                : Futures.ready(Outcome.<T>error(granted.error())));
  }

  /**
   * Acquires {@code permits} permits if they are available now and nobody waits.
   *
   * @param permits how many, at least 1
   * @return the permit, or INSUFFICIENT or CLOSED
   * @throws IllegalArgumentException for a bad count
   */
  Outcome<Permit> tryAcquire(long permits);

  /**
   * Adds permits (to the oldest waiters first). Ignored once closed.
   *
   * @param permits how many, at least 0
   * @throws IllegalArgumentException if the total would exceed {@link #MAX_PERMITS}
   */
  void addPermits(long permits);

  /**
   * @return permits available now (0 once closed)
   */
  long availablePermits();

  /** Closes the semaphore: queued and later acquires complete with CLOSED. Idempotent. */
  void close();

  /**
   * @return true once closed
   */
  boolean isClosed();

  /** Permits held; closing returns them (once). */
  interface Permit extends AutoCloseable {
    /**
     * @return how many permits this holds (0 once returned or forgotten)
     */
    long permits();

    /** Keeps the permits out of the semaphore for good. */
    void forget();

    /** Returns the permits. Idempotent. */
    @Override
    void close();
  }
}
