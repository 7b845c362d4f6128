package maitake.sync;

import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * The result of a wait or a try-operation on a synchronization primitive: a value, or an error
 * value (never an exception) with, where something was not delivered, that thing handed back.
 *
 * <p>{@code Outcome.ok(null)} and the errors without a value are cached, so unit results allocate
 * nothing.
 *
 * <p>An outcome that carries a resource (the {@link Semaphore.Permit} of an acquire) is itself
 * {@link AutoCloseable}: {@link #close()} closes what it carries. The kit relies on this where an
 * outcome is dropped without being handed to anyone (a detached task's output, a failed or
 * abandoned {@code join}), and users can write {@code try (Outcome<Permit> o = ...) { ... }}.
 *
 * @param <T> the value type
 */
public final class Outcome<T> implements AutoCloseable {

  /** What went wrong. */
  public enum Failure {
    /** The primitive was closed. */
    CLOSED,
    /** {@code tryAcquire}: not enough permits right now. */
    INSUFFICIENT,
    /** A channel's {@code trySend}: the channel is full (the value is handed back). */
    FULL,
    /** A channel's {@code tryReceive}: nothing to receive right now. */
    EMPTY,
    /** {@link WaitMap#wake}: nobody waits on the key (the value is handed back). */
    NO_MATCH,
    /** {@link WaitMap}: another waiter already waits on the key; this wait was not added. */
    DUPLICATE,
    /**
     * No longer produced: a {@link WaitMap} wait polled again after it completed throws {@link
     * IllegalStateException}, as every future of the kit does (see {@link maitake.future.Future}).
     *
     * @deprecated kept so that code written against the first release still compiles
     */
    @Deprecated
    ALREADY_CONSUMED,
    /**
     * No longer produced, as {@link #ALREADY_CONSUMED}: a wait that ended with {@link #DUPLICATE}
     * is complete, and a second poll throws.
     *
     * @deprecated kept so that code written against the first release still compiles
     */
    @Deprecated
    NEVER_ADDED
  }

  private static final Outcome<Object> OK_NULL = new Outcome<>(null, null);
  private static final Outcome<?>[] ERRORS = new Outcome<?>[Failure.values().length];

  static {
    for (Failure e : Failure.values()) {
      ERRORS[e.ordinal()] = new Outcome<>(null, e);
    }
  }

  private final T value;
  private final Failure error;

  private Outcome(T value, Failure error) {
    this.value = value;
    this.error = error;
  }

  /**
   * A success.
   *
   * @param value the value, may be null
   * @param <T> the value type
   * @return the outcome; cached for null
   */
  @SuppressWarnings("unchecked")
  public static <T> Outcome<T> ok(T value) {
    return value == null ? (Outcome<T>) OK_NULL : new Outcome<>(value, null);
  }

  /**
   * A failure without a value.
   *
   * @param error what went wrong
   * @param <T> the value type
   * @return the cached outcome
   */
  @SuppressWarnings("unchecked")
  public static <T> Outcome<T> error(Failure error) {
    return (Outcome<T>) ERRORS[Objects.requireNonNull(error, "error").ordinal()];
  }

  /**
   * A failure that hands a value back (a value that was not sent or delivered).
   *
   * @param error what went wrong
   * @param handedBack the value, may be null
   * @param <T> the value type
   * @return the outcome
   */
  public static <T> Outcome<T> error(Failure error, T handedBack) {
    Objects.requireNonNull(error, "error");
    return handedBack == null ? error(error) : new Outcome<>(handedBack, error);
  }

  /**
   * @return true for a success
   */
  public boolean isOk() {
    return error == null;
  }

  /**
   * @return true for the {@link Failure#CLOSED} error
   */
  public boolean isClosed() {
    return error == Failure.CLOSED;
  }

  /**
   * @return the error, or null for a success
   */
  public Failure error() {
    return error;
  }

  /**
   * The value of a success.
   *
   * @return the value, possibly null
   * @throws NoSuchElementException for a failure (use {@link #handedBack()} for its value)
   */
  public T value() {
    if (error != null) {
      throw new NoSuchElementException("outcome is " + error + ", not a value");
    }
    return value;
  }

  /**
   * @return the value handed back by a failure (or null), or null for a success
   */
  public T handedBack() {
    return error != null ? value : null;
  }

  /**
   * The value of a success, or a fallback.
   *
   * @param fallback returned for a failure
   * @return the value or the fallback
   */
  public T orElse(T fallback) {
    return error == null ? value : fallback;
  }

  /**
   * Closes the value this outcome carries (a success's value, or the value a failure handed back)
   * if it is {@link AutoCloseable}; does nothing otherwise. Idempotent as far as the value's own
   * close is.
   *
   * @throws IllegalStateException wrapping a checked exception that the value's close threw
   *     (unchecked ones propagate as they are)
   */
  @Override
  public void close() {
    if (value instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException("closing " + value + " failed", e);
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Outcome<?> other
        && other.error == error
        && Objects.equals(other.value, value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(value, error);
  }

  @Override
  public String toString() {
    return error == null
        ? "Ok(" + value + ")"
        : value == null ? error.toString() : error + "(" + value + ")";
  }
}
