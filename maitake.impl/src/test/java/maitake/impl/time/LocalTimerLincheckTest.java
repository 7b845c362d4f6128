package maitake.impl.time;

import java.util.concurrent.atomic.AtomicReference;
import maitake.time.TestClock;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Options;

/**
 * {@link TimerLincheckTest}'s scenarios and invariants on a {@link LocalTimerWheel}: the first
 * thread that turns becomes the owner and turns on the other threads do nothing, while the other
 * threads register, abandon and re-arm sleeps through the inbox and the owner's thread registers
 * and abandons directly. No actors run before the parallel part, so the owner is a thread of the
 * parallel part; the check takes the timer over once every thread is done.
 */
public class LocalTimerLincheckTest extends TimerLincheckTest {
  private final AtomicReference<Thread> turner = new AtomicReference<>();

  @Override
  WheelTimer newTimer(TestClock clock) {
    return new LocalTimerWheel(clock, 1, null);
  }

  @Override
  int linked() {
    return ((LocalTimerWheel) timer).linkedForTest();
  }

  @Override
  void beforeCheck() {
    ((LocalTimerWheel) timer).takeOverForTest();
  }

  /** Turns on the owner thread (the first that turns); on any other thread it does nothing. */
  @Override
  @Operation
  public int turn() {
    Thread me = Thread.currentThread();
    if (!turner.compareAndSet(null, me) && turner.get() != me) {
      return 0; // the same result as a turn: the sequential run turns on one thread
    }
    return super.turn();
  }

  @Override
  <O extends Options<O, ?>> O shape(O options) {
    return super.shape(options).actorsBefore(0).actorsAfter(0);
  }
}
