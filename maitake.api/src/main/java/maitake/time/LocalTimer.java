package maitake.time;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A {@link Timer} confined to one thread, its owner: the owner registers, abandons and turns with
 * no lock. The owner is the first thread that turns it ({@link #turn()}, {@link #tryTurn()}, {@link
 * #advance()}, {@link #tryAdvance()} or {@link #ticksToNextDeadline()}); from then on those methods
 * throw {@link IllegalStateException} on any other thread.
 *
 * <p>Sleeps, intervals and timeouts of a local timer may be polled on any thread. A sleep first
 * polled on the owner thread goes into the wheel at once; one first polled on another thread (or
 * before the timer has an owner) is handed to the owner through a thread-safe inbox, which the
 * owner drains at the start of each turn, so it cannot fire before the owner's next turn. The owner
 * must therefore turn the timer after other threads register sleeps: the {@code onEarlierDeadline}
 * notification of {@link maitake.Toolkit#newLocalTimer(Clock, long, Runnable)} runs at each such
 * registration, to wake a parked owner.
 *
 * <pre>{@code
 * TestClock clock = new TestClock(Duration.ofMillis(1));
 * LocalTimer timer = kit.newLocalTimer(clock);
 * timer.turn();                              // this thread is now the owner
 * LocalScheduler local = kit.newLocalScheduler();
 * JoinHandle<Void> nap = local.spawn(timer.sleep(Duration.ofMillis(10)));
 * local.tick();                              // registers on the owner thread: no lock
 * clock.advance(Duration.ofMillis(10));
 * timer.turn();                              // fires it
 * local.tick();                              // nap completes
 * }</pre>
 *
 * <h2>Fairness and firing order</h2>
 *
 * As for {@link Timer}; a sleep handed over from another thread fires no earlier than the owner's
 * first turn after the hand-over.
 *
 * <h2>Cancellation</h2>
 *
 * As for {@link Timer}: an abandoned sleep stays linked until the wheel drops it. On the owner
 * thread a sleep reset and polled again whose new deadline falls in the slot it still occupies
 * keeps its place, so a timeout re-armed for every request is not unlinked and linked again each
 * time.
 *
 * <h2>Memory consistency effects</h2>
 *
 * As for {@link Timer}: actions before registering a sleep (on any thread) happen-before the turn
 * that fires it; the firing happens-before the woken poll.
 *
 * <h2>Thread safety</h2>
 *
 * Owner-only: {@link #turn()}, {@link #tryTurn()}, {@link #advance()}, {@link #tryAdvance()} and
 * {@link #ticksToNextDeadline()}. Everything else, and the sleeps and intervals, may be used from
 * any thread.
 */
@ProviderType
public interface LocalTimer extends Timer {

  /**
   * @return the owner thread, or null before the first turn
   */
  Thread owner();

  /**
   * {@inheritDoc}
   *
   * <p>Owner thread only (the first call makes the calling thread the owner). Never waits: on the
   * owner thread it turns like {@link #turn()}.
   *
   * @throws IllegalStateException if another thread is the owner
   */
  @Override
  Turn tryTurn();

  /**
   * {@inheritDoc}
   *
   * <p>Owner thread only (the first call makes the calling thread the owner). Never returns -1: on
   * the owner thread it advances like {@link #advance()}.
   *
   * @throws IllegalStateException if another thread is the owner
   */
  @Override
  int tryAdvance();
}
