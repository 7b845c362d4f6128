package maitake.future;

/**
 * A future that returns pending a given number of times, waking itself each time, and then
 * completes with {@code null}: it lets other tasks run.
 *
 * <p>A {@code Yield} is reusable: {@link #reset(int)} arms it again, so a task that yields in a
 * loop can keep one instance and allocate nothing. Polled again after it completed without a reset,
 * it throws {@link IllegalStateException} (see {@link Future}).
 *
 * <h2>Fairness</h2>
 *
 * Each pending poll wakes the task at once, which puts it at the back of its scheduler's run queue.
 *
 * <h2>Cancellation</h2>
 *
 * Nothing to release: abandoning a yield does nothing.
 *
 * <h2>Memory consistency effects</h2>
 *
 * None beyond those of the waker.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe; polled by its owner only.
 */
public final class Yield implements Future<Void> {
  private int remaining; // -1 once it returned ready, until reset

  /**
   * A future that yields {@code times} times.
   *
   * @param times how many polls return pending; zero completes at the first poll
   * @throws IllegalArgumentException if {@code times} is negative
   */
  public Yield(int times) {
    reset(times);
  }

  /**
   * Arms this future again.
   *
   * @param times how many polls return pending before it completes
   * @return this future
   * @throws IllegalArgumentException if {@code times} is negative
   */
  public Yield reset(int times) {
    if (times < 0) {
      throw new IllegalArgumentException("yield count must not be negative: " + times);
    }
    this.remaining = times;
    return this;
  }

  /**
   * @return how many more polls will return pending
   */
  public int remaining() {
    return Math.max(remaining, 0);
  }

  @Override
  public Poll<Void> poll(Context context) {
    if (remaining <= 0) {
      if (remaining < 0) {
        throw new IllegalStateException("Yield polled after it completed; reset() it first");
      }
      remaining = -1;
      return Poll.readyNull();
    }
    remaining--;
    context.waker().wake();
    return Poll.pending();
  }

  @Override
  public String toString() {
    return "Yield(remaining=" + remaining + ")";
  }
}
