package maitake.scheduler;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The right to take queued tasks from a victim (another {@link Scheduler}, or an {@link Injector})
 * and move them to a thief scheduler. While a stealer is open it holds the victim's run-queue
 * consumer right, so the victim's {@code tick()} polls nothing until the stealer is closed; keep it
 * open briefly.
 *
 * <p>A stolen task is re-bound to the thief: it is queued there, and every later wake of it goes to
 * the thief's queue. A task that was cancelled while queued is not handed over as runnable work:
 * the stealer tears it down on the spot (its future is abandoned, its join handle ends cancelled)
 * and does not count it as stolen.
 *
 * <h2>Fairness</h2>
 *
 * Tasks are taken from the head of the victim's queue, oldest first, and keep their order on the
 * thief.
 *
 * <h2>Cancellation</h2>
 *
 * Closing the stealer gives the victim its consumer right back; a task already moved stays on the
 * thief. Cancelled tasks met on the way are torn down, as above.
 *
 * <h2>Memory consistency effects</h2>
 *
 * Everything that happened before a task was queued on the victim happens-before the thief polls
 * it.
 *
 * <h2>Thread safety</h2>
 *
 * One thread uses a stealer; it may be any thread. The thief must be a thread-safe {@link
 * Scheduler}.
 */
@ProviderType
public interface Stealer extends AutoCloseable {

  /**
   * @return the victim's queued task count when this stealer was opened
   */
  long initialTaskCount();

  /**
   * @return the victim's queued task count now
   */
  long taskCount();

  /**
   * Moves one task to {@code thief}.
   *
   * @param thief the scheduler that takes the task
   * @return true if a task was moved
   */
  boolean stealOne(Scheduler thief);

  /**
   * Moves up to {@code max} tasks to {@code thief}: never more than {@code max}.
   *
   * @param thief the scheduler that takes the tasks
   * @param max the most tasks to move, at least 0
   * @return how many were moved
   * @throws IllegalArgumentException if {@code max} is negative, or {@code thief} is the victim
   *     itself or a scheduler this kit did not make
   * @throws IllegalStateException if this stealer was closed
   */
  int stealMany(Scheduler thief, int max);

  /**
   * Moves half of {@link #initialTaskCount()} (rounded up, so one queued task can be stolen) to
   * {@code thief}.
   *
   * @param thief the scheduler that takes the tasks
   * @return how many were moved
   */
  int stealHalf(Scheduler thief);

  /** Gives the victim its consumer right back. Idempotent. */
  @Override
  void close();
}
