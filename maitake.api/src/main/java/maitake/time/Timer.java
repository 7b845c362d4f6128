package maitake.time;

import java.time.Duration;
import maitake.future.Future;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A hierarchical timer wheel driven by the user: {@link #turn()} reads the clock and fires the
 * sleeps that are due. The kit never turns a timer by itself and starts no thread.
 *
 * <p>The wheel has 6 levels of 64 slots (a 64-bit occupancy bitmap per level): level {@code L}
 * slots are 64<sup>L</sup> wheel ticks wide, so one placement covers 2<sup>36</sup> wheel ticks. A
 * longer sleep is placed in the last slot of the top level and placed again when that slot comes
 * up: it is never refused. Sleeps in coarse slots move to finer ones lazily, when their slot comes
 * due. A wheel tick may be several clock ticks ({@link #granularityTicks()}).
 *
 * <pre>{@code
 * TestClock clock = new TestClock(Duration.ofMillis(1));
 * Timer timer = kit.newTimer(clock);
 * JoinHandle<Void> nap = scheduler.spawn(timer.sleep(Duration.ofMillis(10)));
 * scheduler.tick();                          // the sleep registers at its first poll
 * clock.advance(Duration.ofMillis(10));      // time moves only when you say so
 * timer.turn();                              // fires the sleep, wakes the task
 * scheduler.tick();                          // nap completes
 * }</pre>
 *
 * <h2>Fairness and firing order</h2>
 *
 * A sleep fires at the first turn that reaches the wheel tick at or after its deadline (its
 * deadline rounded up to whole wheel ticks: with a granularity of one clock tick, the first turn at
 * or past the deadline), or at its first poll if the clock is already at or past its deadline; none
 * fires before its deadline. Within one turn, sleeps fire slot by slot in deadline order of their
 * slots; no order is promised among sleeps of one slot.
 *
 * <h2>Cancellation</h2>
 *
 * Abandoning a sleep takes no lock; the wheel unlinks it later (see {@link Sleep}). An abandoned
 * sleep never fires, and {@link #ticksToNextDeadline()} and {@link Turn#hasRemaining()} count only
 * sleeps that are not abandoned.
 *
 * <h2>Memory consistency effects</h2>
 *
 * Actions before registering a sleep happen-before the turn that fires it; the firing happens-
 * before the woken poll.
 *
 * <h2>Thread safety</h2>
 *
 * All methods are thread-safe, except on a {@link LocalTimer}, which its owner thread turns. The
 * wheel is guarded by a lock held for the length of a turn (and briefly by registering a sleep);
 * wakers are called after it is released. {@link #tryTurn()} and {@link #tryAdvance()} never wait
 * for it.
 */
@ProviderType
public interface Timer {

  /**
   * @return the clock this timer reads
   */
  Clock clock();

  /**
   * @return the latest time this timer has seen (never earlier than an earlier call's)
   */
  Instant now();

  /**
   * @return clock ticks per wheel tick
   */
  long granularityTicks();

  /**
   * @return the duration of one wheel tick
   */
  default Duration granularity() {
    return clock().tickDuration().multipliedBy(granularityTicks());
  }

  /**
   * A sleep of {@code duration}, measured from now.
   *
   * @param duration not negative
   * @return the sleep, not yet registered
   * @throws IllegalArgumentException if the duration is negative
   * @throws TimerError if the deadline cannot be counted in 63 bits of clock ticks
   */
  Sleep sleep(Duration duration);

  /**
   * A sleep of {@code ticks} clock ticks, measured from now.
   *
   * @param ticks not negative
   * @return the sleep, not yet registered
   */
  Sleep sleepTicks(long ticks);

  /**
   * {@code future}, bounded by {@code duration}: see {@link Timeout}.
   *
   * @param duration not negative
   * @param future the future to bound
   * @param <T> its value type
   * @return the timeout
   */
  default <T> Timeout<T> timeout(Duration duration, Future<T> future) {
    return new Timeout<>(sleep(duration), future);
  }

  /**
   * Periodic ticks every {@code period}, with missed ticks in a {@link MissedTickBehavior#BURST}.
   *
   * @param period positive
   * @return the interval
   */
  default Interval interval(Duration period) {
    return interval(period, MissedTickBehavior.BURST);
  }

  /**
   * Periodic ticks every {@code period}.
   *
   * @param period positive
   * @param behavior what to do with missed ticks
   * @return the interval
   */
  Interval interval(Duration period, MissedTickBehavior behavior);

  /**
   * Advances the wheel to the clock's current time and fires every sleep that is due, waiting for
   * the wheel's lock if another thread holds it.
   *
   * @return what the turn did
   */
  Turn turn();

  /**
   * {@link #turn()} without the {@link Turn}: advances the wheel to the clock's current time, fires
   * what is due, and returns how many sleeps fired. Allocates nothing in steady state; pair it with
   * {@link #ticksToNextDeadline()} in a driver loop that must not allocate.
   *
   * @return how many sleeps fired
   */
  int advance();

  /**
   * Clock ticks until the wheel next needs turning, measured from the latest clock reading this
   * timer has seen; see {@link Turn#ticksToNextDeadline()}. Allocates nothing in steady state.
   *
   * @return the tick count, 0 if a turn is due, or -1 if no sleep is registered
   */
  long ticksToNextDeadline();

  /**
   * {@link #turn()}, unless another thread holds the wheel's lock.
   *
   * @return what the turn did, or null if the wheel was busy
   */
  Turn tryTurn();

  /**
   * {@link #tryTurn()} without the {@link Turn}: {@link #advance()}, unless another thread holds
   * the wheel's lock, in which case it does nothing. Allocates nothing in steady state; pair it
   * with {@link #ticksToNextDeadline()} in a driver loop shared by several threads that must not
   * allocate.
   *
   * @return how many sleeps fired, or -1 if the wheel was busy
   */
  int tryAdvance();
}
