package maitake.future;

import java.util.NoSuchElementException;

/**
 * The result of one {@link Future#poll(Context) poll}: ready with a value, or pending.
 *
 * <p>{@link #pending()} is a shared constant. {@link #ready(Object)} returns a cached instance for
 * {@code null} and for the two {@link Boolean} values and allocates for anything else. A future
 * that completes many times over (one that is reset and reused, like a reused {@link Yield} or a
 * sleep) can avoid even that by keeping one {@link #cell()} and returning {@code cell.fill(value)}
 * each time it completes.
 *
 * <p>A {@code Poll} returned by a future is read by the caller at once: a cell may be refilled the
 * next time the future completes.
 *
 * @param <T> the type of the value
 */
public abstract sealed class Poll<T> permits Poll.Pending, Poll.Ready {

  private static final Pending<Object> PENDING = new Pending<>();
  private static final Ready<Object> READY_NULL = new Ready<>(null, false);
  private static final Ready<Object> READY_TRUE = new Ready<>(Boolean.TRUE, false);
  private static final Ready<Object> READY_FALSE = new Ready<>(Boolean.FALSE, false);

  Poll() {}

  /**
   * The pending result: the future registered the waker and is not done.
   *
   * @param <T> the value type
   * @return the shared pending constant
   */
  @SuppressWarnings("unchecked")
  public static <T> Poll<T> pending() {
    return (Poll<T>) PENDING;
  }

  /**
   * A ready result.
   *
   * @param value the value, may be null
   * @param <T> the value type
   * @return a ready result holding {@code value}
   */
  @SuppressWarnings("unchecked")
  public static <T> Poll<T> ready(T value) {
    if (value == null) {
      return (Poll<T>) READY_NULL;
    }
    if (value instanceof Boolean b) {
      return (Poll<T>) (b ? READY_TRUE : READY_FALSE);
    }
    return new Ready<>(value, false);
  }

  /**
   * A ready result with no value ({@code null}), for futures of {@link Void}.
   *
   * @param <T> the value type
   * @return the shared ready-null constant
   */
  @SuppressWarnings("unchecked")
  public static <T> Poll<T> readyNull() {
    return (Poll<T>) READY_NULL;
  }

  /**
   * A reusable ready result for a future that completes many times.
   *
   * @param <T> the value type
   * @return a new cell; {@link Ready#fill(Object)} sets its value and returns it
   */
  public static <T> Ready<T> cell() {
    return new Ready<>(null, true);
  }

  /**
   * @return true if the future completed
   */
  public abstract boolean isReady();

  /**
   * @return true if the future has not completed
   */
  public final boolean isPending() {
    return !isReady();
  }

  /**
   * The value of a ready result.
   *
   * @return the value, possibly null
   * @throws NoSuchElementException if this result is pending
   */
  public abstract T value();

  /** The pending result. */
  static final class Pending<T> extends Poll<T> {
    @Override
    public boolean isReady() {
      return false;
    }

    @Override
    public T value() {
      throw new NoSuchElementException("Poll.pending() has no value");
    }

    @Override
    public String toString() {
      return "Pending";
    }
  }

  /**
   * A ready result. Those made by {@link Poll#cell()} can be refilled.
   *
   * @param <T> the value type
   */
  public static final class Ready<T> extends Poll<T> {
    private final boolean reusable;
    private T value;

    Ready(T value, boolean reusable) {
      this.value = value;
      this.reusable = reusable;
    }

    /**
     * Sets the value of a cell made by {@link Poll#cell()}.
     *
     * @param value the new value
     * @return this cell
     * @throws UnsupportedOperationException if this result came from {@link Poll#ready(Object)}
     */
    public Ready<T> fill(T value) {
      if (!reusable) {
        throw new UnsupportedOperationException("only a Poll.cell() can be refilled");
      }
      this.value = value;
      return this;
    }

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public T value() {
      return value;
    }

    @Override
    public String toString() {
      return "Ready(" + value + ")";
    }
  }
}
