package maitake.mutex.providers;

/**
 * Exponential spin backoff: 1, 2, 4 ... 2^limit (64 by default) {@link Thread#onSpinWait()} hints
 * per round, then {@link Thread#yield()} each round, so a waiter on a machine with fewer cores than
 * threads lets the holder run. Not thread-safe: one per waiting thread, on its stack.
 */
final class Backoff {
  private final int limit;
  private int step;

  /** Spins up to 64 hints per round before yielding. */
  Backoff() {
    this(6);
  }

  /** Spins up to 2^limit hints per round before yielding. */
  Backoff(int limit) {
    this.limit = limit;
  }

  void spin() {
    if (step <= limit) {
      for (int i = 1 << step; i > 0; i--) {
        Thread.onSpinWait();
      }
      step++;
    } else {
      Thread.yield();
    }
  }
}
