package maitake.future;

import java.util.Objects;
import java.util.concurrent.CompletionException;

/**
 * How one member of a {@link Futures#joinSettled(java.util.List) settled join} ended: with a value,
 * or with the exception it threw.
 *
 * <p>A settled outcome that carries an {@link AutoCloseable} value closes it in {@link #close()},
 * so a settled join whose outputs nobody takes (it was abandoned, or it is the output of a detached
 * task) releases what its members acquired.
 *
 * @param <T> the value type
 */
public final class Settled<T> implements AutoCloseable {
  private final T value;
  private final Throwable failure;

  private Settled(T value, Throwable failure) {
    this.value = value;
    this.failure = failure;
  }

  /**
   * A member that completed.
   *
   * @param value its value, may be null
   * @param <T> the value type
   * @return the settled outcome
   */
  public static <T> Settled<T> succeeded(T value) {
    return new Settled<>(value, null);
  }

  /**
   * A member that threw.
   *
   * @param failure what it threw
   * @param <T> the value type
   * @return the settled outcome
   * @throws NullPointerException if {@code failure} is null
   */
  public static <T> Settled<T> failed(Throwable failure) {
    return new Settled<>(null, Objects.requireNonNull(failure, "failure"));
  }

  /**
   * @return true if the member completed with a value
   */
  public boolean isSuccess() {
    return failure == null;
  }

  /**
   * @return what the member threw, or null if it completed
   */
  public Throwable failure() {
    return failure;
  }

  /**
   * The value of a member that completed.
   *
   * @return the value, possibly null
   * @throws IllegalStateException if the member threw; the exception is its cause
   */
  public T value() {
    if (failure != null) {
      throw new IllegalStateException("the member failed, it has no value", failure);
    }
    return value;
  }

  /**
   * The value, or the member's failure thrown again: an unchecked exception or error as it is, a
   * checked exception wrapped in a {@link CompletionException}.
   *
   * @return the value, possibly null
   */
  public T orThrow() {
    if (failure == null) {
      return value;
    }
    if (failure instanceof RuntimeException e) {
      throw e;
    }
    if (failure instanceof Error e) {
      throw e;
    }
    throw new CompletionException(failure);
  }

  /**
   * Closes the value if the member completed with an {@link AutoCloseable}; does nothing otherwise.
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
    return o instanceof Settled<?> other
        && Objects.equals(other.value, value)
        && Objects.equals(other.failure, failure);
  }

  @Override
  public int hashCode() {
    return Objects.hash(value, failure);
  }

  @Override
  public String toString() {
    return failure == null ? "Succeeded(" + value + ")" : "Failed(" + failure + ")";
  }
}
