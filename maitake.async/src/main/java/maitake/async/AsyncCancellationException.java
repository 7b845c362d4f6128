package maitake.async;

import java.util.concurrent.CancellationException;

/**
 * Thrown from {@link Async#await} inside a block whose future was abandoned, so that its {@code
 * finally} blocks and try-with-resources run and release what the block holds. An await during that
 * unwinding throws it again at once. A block that catches it and returns normally is still
 * cancelled: its value is dropped (and closed if it is {@link AutoCloseable}).
 */
public final class AsyncCancellationException extends CancellationException {
  private static final long serialVersionUID = 1L;

  AsyncCancellationException(String message) {
    super(message);
  }
}
