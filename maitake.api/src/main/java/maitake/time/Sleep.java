package maitake.time;

import java.time.Duration;
import maitake.future.Future;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A future that completes (with {@code null}) once its deadline has passed.
 *
 * <p>The deadline is fixed when the sleep is made (or {@link #reset}). The first poll registers the
 * sleep in its timer's wheel, and advances the wheel to the clock's current time first, so a sleep
 * whose deadline has already passed completes at its first poll. Later polls only update the waker.
 * A sleep is reusable: {@link #reset(Duration)} arms it again, relinking the same wheel entry, so a
 * loop that sleeps allocates nothing in steady state. Polled again after it completed, without a
 * reset in between, it throws {@link IllegalStateException} (see {@link maitake.future.Future}).
 *
 * <pre>{@code
 * Sleep nap = timer.sleep(Duration.ofMillis(5));
 * Future<Integer> fiveNaps = Futures.loop(0, n -> n < 5, n -> {
 *   if (n > 0) {
 *     nap.reset(Duration.ofMillis(5));       // the same wheel entry again
 *   }
 *   return nap.map(v -> n + 1);
 * });
 * }</pre>
 *
 * <h2>Fairness</h2>
 *
 * Every sleep due in a turn fires in that turn; see {@link Timer#turn()} for the order.
 *
 * <h2>Cancellation</h2>
 *
 * {@link #abandon()} of a registered sleep takes no lock: one atomic operation marks it abandoned
 * (if it has not fired: firing and abandoning race on that one operation, and exactly one wins),
 * and clears its waker, so the wheel no longer reaches the task. The wheel unlinks it later: when
 * its slot comes due, when it registers again after a {@link #reset}, when it is the next due
 * entry, or in a sweep that runs once abandoned sleeps outnumber half the linked ones (and 64); so
 * a wheel keeps about as many abandoned sleeps as live ones at most. Abandoning a sleep that
 * already fired changes nothing: the turn that fired it wakes its task, even when the abandonment
 * races with that turn.
 *
 * <h2>Memory consistency effects</h2>
 *
 * The turn that fires a sleep happens-before the poll that sees it complete.
 *
 * <h2>Thread safety</h2>
 *
 * A sleep may be made, polled and abandoned on any thread while another thread turns the timer; one
 * thread at a time polls it, as for every future.
 */
@ProviderType
public interface Sleep extends Future<Void> {

  /**
   * @return the deadline fixed when the sleep was made or last reset
   */
  Instant deadline();

  /**
   * @return the duration asked for
   */
  Duration duration();

  /**
   * @return true once the deadline has passed and the sleep fired
   */
  boolean isElapsed();

  /**
   * Arms this sleep again: a new deadline of now plus {@code duration}, unregistered until the next
   * poll. A registered sleep is unlinked first.
   *
   * @param duration the new duration, not negative
   * @return this sleep
   * @throws TimerError if the duration is too long
   */
  Sleep reset(Duration duration);
}
