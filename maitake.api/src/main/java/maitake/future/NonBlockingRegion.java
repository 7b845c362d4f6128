package maitake.future;

/**
 * Marks the calling thread as one that must not block, for as long as a region is open on it: every
 * scheduler tick opens one around its polls, and an event loop can open one for the life of its
 * thread. Blocking helpers, {@link Futures#blockOn} first among them, refuse to run on a marked
 * thread with an {@link IllegalStateException} instead of deadlocking it: a thread that runs tasks
 * and then parks waiting for one of them would wait forever.
 *
 * <p>Regions nest. Each thread has one region object, made on its first use and reused after, so
 * opening and closing allocate nothing.
 *
 * <h2>Thread safety</h2>
 *
 * A region belongs to the thread that opened it; {@link #exit()} from another thread throws.
 */
public final class NonBlockingRegion {
  private static final ThreadLocal<NonBlockingRegion> CURRENT =
      ThreadLocal.withInitial(NonBlockingRegion::new);

  private final Thread thread = Thread.currentThread();
  private int depth; // the owning thread only

  private NonBlockingRegion() {}

  /**
   * Opens a region on the calling thread.
   *
   * @return the calling thread's region; pass it to {@link #exit()} in a {@code finally}
   */
  public static NonBlockingRegion enter() {
    NonBlockingRegion r = CURRENT.get();
    r.depth++;
    return r;
  }

  /**
   * Opens one more level of this region (for callers that keep the region of their thread).
   *
   * @return this region
   * @throws IllegalStateException if called from another thread than the region's
   */
  public NonBlockingRegion reenter() {
    checkThread();
    depth++;
    return this;
  }

  /**
   * Closes the innermost level of this region.
   *
   * @throws IllegalStateException if called from another thread than the region's, or if no level
   *     is open
   */
  public void exit() {
    checkThread();
    if (depth == 0) {
      throw new IllegalStateException("no non-blocking region is open on " + thread.getName());
    }
    depth--;
  }

  /**
   * @return true if a region is open on the calling thread
   */
  public static boolean isInside() {
    return CURRENT.get().depth > 0;
  }

  private void checkThread() {
    if (Thread.currentThread() != thread) {
      throw new IllegalStateException(
          "the non-blocking region of "
              + thread.getName()
              + " used from "
              + Thread.currentThread().getName());
    }
  }

  @Override
  public String toString() {
    return "NonBlockingRegion(" + thread.getName() + ", depth " + depth + ")";
  }
}
