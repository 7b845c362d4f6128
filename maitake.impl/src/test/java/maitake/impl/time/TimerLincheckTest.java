package maitake.impl.time;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import maitake.future.Context;
import maitake.future.Waker;
import maitake.time.Sleep;
import maitake.time.TestClock;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Options;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Lincheck: sleeps registered (first poll), abandoned, re-armed and fired by turns on different
 * threads, while the clock advances. Registering reads the clock before it takes the wheel lock, so
 * the instantaneous results are not linearizable by design (a registration that finds its deadline
 * passed fires itself instead of the turn); the invariants are checked after each scenario: no
 * sleep fires before its deadline, a sleep that was not abandoned fires once the clock is past its
 * deadline, each waker is woken at most once (twice for a re-armed sleep's: a turn that fired the
 * previous arm may read the new waker, a spurious wake), an abandoned sleep that did not fire is
 * never fires and is never woken (the wake not checked for a re-armed one, for the same spurious
 * wake), and nothing is left linked.
 */
@Param(name = "ticks", gen = IntGen.class, conf = "0:3")
@Param(name = "index", gen = IntGen.class, conf = "0:3")
public class TimerLincheckTest {
  private static final int MAX = 16;

  private final TestClock clock = new TestClock(Duration.ofMillis(1));
  final WheelTimer timer = newTimer(clock);
  private final AtomicReferenceArray<Sleep> sleeps = new AtomicReferenceArray<>(MAX);
  private final AtomicReferenceArray<Sleep> made = new AtomicReferenceArray<>(MAX); // never cleared
  private final AtomicReferenceArray<CheckingWaker> wakers = new AtomicReferenceArray<>(MAX);
  private final AtomicInteger created = new AtomicInteger();
  private final boolean[] abandoned = new boolean[MAX];
  private final AtomicBoolean early = new AtomicBoolean();

  /** The timer under test. */
  WheelTimer newTimer(TestClock clock) {
    return new HierarchicalTimerWheel(clock);
  }

  /** How many sleeps its wheel links, abandoned ones included. */
  int linked() {
    return ((HierarchicalTimerWheel) timer).linkedForTest();
  }

  /** Runs first in the check, on the checking thread, once every other thread is done. */
  void beforeCheck() {}

  /** Counts its wakes and flags one that finds its sleep fired before the deadline. */
  final class CheckingWaker implements Waker {
    final AtomicInteger wakes = new AtomicInteger();
    final Sleep sleep;
    final long deadline;
    final boolean rearmed;

    CheckingWaker(Sleep sleep, boolean rearmed) {
      this.sleep = sleep;
      this.deadline = sleep.deadline().ticks();
      this.rearmed = rearmed;
    }

    @Override
    public void wake() {
      wakes.incrementAndGet();
      if (clock.nowTicks() < deadline && sleep.isElapsed()) {
        early.set(true);
      }
    }
  }

  @Operation
  public void sleep(@Param(name = "ticks") int ticks) {
    int i = created.getAndIncrement();
    if (i >= MAX) {
      return;
    }
    Sleep s = timer.sleepTicks(ticks);
    CheckingWaker w = new CheckingWaker(s, false);
    if (s.poll(Context.of(w)).isReady() && clock.nowTicks() < w.deadline) {
      early.set(true);
    }
    wakers.set(i, w);
    made.set(i, s);
    sleeps.set(i, s);
  }

  @Operation
  public void rearm(@Param(name = "index") int index, @Param(name = "ticks") int ticks) {
    Sleep s = sleeps.getAndSet(index, null); // this thread polls it now
    if (s == null) {
      return;
    }
    s.reset(Duration.ofMillis(ticks));
    CheckingWaker w = new CheckingWaker(s, true);
    wakers.set(index, w);
    synchronized (abandoned) {
      abandoned[index] = false;
    }
    if (s.poll(Context.of(w)).isReady() && clock.nowTicks() < w.deadline) {
      early.set(true);
    }
    sleeps.set(index, s);
  }

  @Operation
  public void abandon(@Param(name = "index") int index) {
    Sleep s = sleeps.getAndSet(index, null);
    if (s != null) {
      s.abandon();
      synchronized (abandoned) {
        abandoned[index] = !s.isElapsed(); // not fired when abandon returned: must never fire
      }
    }
  }

  @Operation
  public void advance() {
    clock.advanceTicks(1);
  }

  @Operation
  public int turn() {
    return timer.turn().expired() >= 0 ? 0 : 1;
  }

  @Validate
  public void check() {
    beforeCheck();
    clock.advanceTicks(100);
    timer.turn();
    if (early.get()) {
      throw new AssertionError("a sleep fired before its deadline");
    }
    int n = Math.min(created.get(), MAX);
    for (int i = 0; i < n; i++) {
      CheckingWaker w = wakers.get(i);
      Sleep s = sleeps.get(i);
      boolean wasAbandoned;
      synchronized (abandoned) {
        wasAbandoned = abandoned[i];
      }
      if (w.wakes.get() > (w.rearmed ? 2 : 1)) {
        throw new AssertionError("sleep " + i + " woken " + w.wakes.get() + " times");
      }
      if (s != null && !s.isElapsed()) {
        throw new AssertionError("sleep " + i + " never fired: " + s);
      }
      if (wasAbandoned && made.get(i).isElapsed()) {
        throw new AssertionError("sleep " + i + " fired after it was abandoned");
      }
      if (wasAbandoned && !w.rearmed && w.wakes.get() != 0) { // (a rearmed one: see above)
        throw new AssertionError("abandoned sleep " + i + " was woken");
      }
    }
    if (linked() != 0) { // every deadline has passed: abandoned entries too
      throw new AssertionError("left linked: " + linked());
    }
  }

  /** The scenario shape both modes run; a subclass may narrow it. */
  <O extends Options<O, ?>> O shape(O options) {
    return options.iterations(12).invocationsPerIteration(500).threads(3).actorsPerThread(3);
  }

  @Test
  public void modelChecking() {
    shape(new ModelCheckingOptions()).check(getClass());
  }

  @Test
  public void stress() {
    shape(new StressOptions()).check(getClass());
  }
}
