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
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Lincheck: sleeps registered (first poll), abandoned and fired by turns on different threads,
 * while the clock advances. Registering reads the clock before it takes the wheel lock, so the
 * instantaneous results are not linearizable by design (a registration that finds its deadline
 * passed fires itself instead of the turn); the invariants are checked after each scenario: no
 * sleep fires before its deadline, a sleep that was not abandoned fires once the clock is past its
 * deadline, each waker is woken at most once, an abandoned sleep that did not fire is never woken,
 * and nothing is left linked.
 */
@Param(name = "ticks", gen = IntGen.class, conf = "0:3")
@Param(name = "index", gen = IntGen.class, conf = "0:3")
public class TimerLincheckTest {
  private static final int MAX = 16;

  private final TestClock clock = new TestClock(Duration.ofMillis(1));
  private final HierarchicalTimerWheel timer = new HierarchicalTimerWheel(clock);
  private final AtomicReferenceArray<Sleep> sleeps = new AtomicReferenceArray<>(MAX);
  private final AtomicReferenceArray<CheckingWaker> wakers = new AtomicReferenceArray<>(MAX);
  private final AtomicInteger created = new AtomicInteger();
  private final boolean[] abandoned = new boolean[MAX];
  private final AtomicBoolean early = new AtomicBoolean();

  /** Counts its wakes and flags one that comes before the deadline. */
  final class CheckingWaker implements Waker {
    final AtomicInteger wakes = new AtomicInteger();
    volatile long deadline;

    @Override
    public void wake() {
      wakes.incrementAndGet();
      if (clock.nowTicks() < deadline) {
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
    CheckingWaker w = new CheckingWaker();
    w.deadline = s.deadline().ticks();
    if (s.poll(Context.of(w)).isReady() && clock.nowTicks() < w.deadline) {
      early.set(true);
    }
    wakers.set(i, w);
    sleeps.set(i, s);
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
      if (w.wakes.get() > 1) {
        throw new AssertionError("sleep " + i + " woken " + w.wakes.get() + " times");
      }
      if (s != null && !s.isElapsed()) {
        throw new AssertionError("sleep " + i + " never fired: " + s);
      }
      if (wasAbandoned && w.wakes.get() != 0) {
        throw new AssertionError("abandoned sleep " + i + " was woken");
      }
    }
    if (timer.registeredForTest() != 0) {
      throw new AssertionError("left linked: " + timer.registeredForTest());
    }
  }

  @Test
  public void modelChecking() {
    new ModelCheckingOptions()
        .iterations(12)
        .invocationsPerIteration(500)
        .threads(3)
        .actorsPerThread(3)
        .check(getClass());
  }

  @Test
  public void stress() {
    new StressOptions()
        .iterations(12)
        .invocationsPerIteration(500)
        .threads(3)
        .actorsPerThread(3)
        .check(getClass());
  }
}
