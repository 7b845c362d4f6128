package maitake.time;

import java.time.Duration;
import maitake.future.Future;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Periodic ticks: a reusable future that completes once per period, with the instant the tick was
 * scheduled for. The first tick completes at once; after each completion, the next poll waits for
 * the next tick. An interval re-arms its own wheel entry each period: no new wheel entry per tick
 * (each tick allocates the {@link Instant} it completes with, and its poll result).
 *
 * <h2>Fairness</h2>
 *
 * As for {@link Sleep}. When ticks were missed, the {@link MissedTickBehavior} decides.
 *
 * <h2>Cancellation</h2>
 *
 * {@link #abandon()} unlinks the wheel entry; {@link #reset()} restarts the schedule from now.
 *
 * <h2>Memory consistency effects</h2>
 *
 * As for {@link Sleep}.
 *
 * <h2>Thread safety</h2>
 *
 * As for {@link Sleep}: polled by one thread at a time, abandoned by its owner.
 */
@ProviderType
public interface Interval extends Future<Instant> {

  /**
   * @return the period
   */
  Duration period();

  /**
   * @return what happens to missed ticks
   */
  MissedTickBehavior missedTickBehavior();

  /** Restarts the schedule: the next tick is one period from now. */
  void reset();

  /**
   * This interval's ticks without their instants: a view that completes with {@code null} at each
   * tick and, like the interval, waits for the next tick when polled again after it was ready. It
   * allocates nothing per tick.
   *
   * <p>The view and the interval share one schedule: a tick taken through one is not seen by the
   * other. Abandoning the view abandons the interval. The same view is returned each time.
   *
   * @return the view
   */
  Future<Void> ticks();
}
