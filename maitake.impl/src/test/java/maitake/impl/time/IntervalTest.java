package maitake.impl.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Poll;
import maitake.time.Instant;
import maitake.time.Interval;
import maitake.time.MissedTickBehavior;
import maitake.time.TestClock;
import org.junit.jupiter.api.Test;

/** Intervals under each missed-tick policy, with a manual clock. */
class IntervalTest {
  private final TestClock clock = new TestClock(Duration.ofMillis(1));
  private final HierarchicalTimerWheel timer = new HierarchicalTimerWheel(clock);

  private long tickNow(Interval i) {
    Poll<Instant> p = i.poll(Context.NOOP);
    assertTrue(p.isReady(), "a tick is due at " + clock.nowTicks());
    return p.value().ticks();
  }

  private boolean pending(Interval i) {
    return i.poll(Context.NOOP).isPending();
  }

  @Test
  void theFirstTickIsImmediateAndLaterTicksComeEachPeriod() {
    Interval i = timer.interval(Duration.ofMillis(10));
    assertEquals(0, tickNow(i));
    assertTrue(pending(i));
    clock.advanceTicks(9);
    timer.turn();
    assertTrue(pending(i));
    clock.advanceTicks(1);
    timer.turn();
    assertEquals(10, tickNow(i));
    clock.advanceTicks(10);
    timer.turn();
    assertEquals(20, tickNow(i));
    assertTrue(pending(i));
    assertEquals(1, timer.registeredForTest(), "one wheel entry, re-armed");
  }

  @Test
  void theFirstTickIsImmediateAtACoarseGranularityToo() {
    HierarchicalTimerWheel coarse = new HierarchicalTimerWheel(clock, 4);
    clock.advanceTicks(1); // not on a wheel-tick boundary
    Interval i = coarse.interval(Duration.ofMillis(8));
    assertEquals(1, tickNow(i));
    assertTrue(pending(i));
  }

  @Test
  void burstCatchesUpOnEveryMissedTick() {
    Interval i = timer.interval(Duration.ofMillis(10), MissedTickBehavior.BURST);
    tickNow(i);
    clock.advanceTicks(35);
    timer.turn();
    assertEquals(10, tickNow(i));
    assertEquals(20, tickNow(i));
    assertEquals(30, tickNow(i));
    assertTrue(pending(i));
    clock.advanceTicks(5);
    timer.turn();
    assertEquals(40, tickNow(i), "back on the original schedule");
  }

  @Test
  void delayRestartsTheScheduleFromWhenTheMissedTickWasSeen() {
    Interval i = timer.interval(Duration.ofMillis(10), MissedTickBehavior.DELAY);
    tickNow(i);
    clock.advanceTicks(35);
    timer.turn();
    assertEquals(10, tickNow(i));
    assertTrue(pending(i));
    clock.advanceTicks(9);
    timer.turn();
    assertTrue(pending(i));
    clock.advanceTicks(1);
    timer.turn();
    assertEquals(45, tickNow(i), "35 + one period");
  }

  @Test
  void skipFiresOnceThenResumesAtTheNextPointOfTheOriginalSchedule() {
    Interval i = timer.interval(Duration.ofMillis(10), MissedTickBehavior.SKIP);
    tickNow(i);
    clock.advanceTicks(35);
    timer.turn();
    assertEquals(10, tickNow(i));
    assertTrue(pending(i));
    clock.advanceTicks(4);
    timer.turn();
    assertTrue(pending(i));
    clock.advanceTicks(1);
    timer.turn();
    assertEquals(40, tickNow(i), "20 and 30 were skipped");
  }

  @Test
  void anIntervalReusesOneWheelEntryAndAbandonUnlinksIt() {
    Interval i = timer.interval(Duration.ofMillis(3));
    tickNow(i);
    for (int n = 1; n <= 100; n++) {
      assertTrue(pending(i));
      assertEquals(1, timer.registeredForTest());
      clock.advanceTicks(3);
      timer.turn();
      assertEquals(3L * n, tickNow(i));
    }
    pending(i);
    i.abandon();
    assertEquals(0, timer.registeredForTest());
  }

  @Test
  void resetRestartsThePeriodFromNow() {
    Interval i = timer.interval(Duration.ofMillis(10));
    tickNow(i);
    clock.advanceTicks(7);
    i.reset();
    clock.advanceTicks(9);
    timer.turn();
    assertTrue(pending(i));
    clock.advanceTicks(1);
    timer.turn();
    assertEquals(17, tickNow(i));
  }

  @Test
  void theTicksViewSharesTheScheduleAndCompletesWithNoValue() {
    Interval i = timer.interval(Duration.ofMillis(10));
    Future<Void> ticks = i.ticks();
    assertSame(ticks, i.ticks());
    Poll<Void> first = ticks.poll(Context.NOOP);
    assertTrue(first.isReady());
    assertNull(first.value());
    assertTrue(pending(i), "the first tick was taken through the view");
    clock.advanceTicks(10);
    timer.turn();
    assertEquals(10, tickNow(i));
    assertTrue(ticks.poll(Context.NOOP).isPending(), "the tick at 10 was taken by the interval");
    clock.advanceTicks(10);
    timer.turn();
    assertTrue(ticks.poll(Context.NOOP).isReady());
    ticks.abandon();
    assertEquals(0, timer.registeredForTest(), "abandoning the view abandons the interval");
  }

  @Test
  void anIntervalRefillsOnePollResult() {
    Interval i = timer.interval(Duration.ofMillis(10));
    Poll<Instant> first = i.poll(Context.NOOP);
    clock.advanceTicks(10);
    timer.turn();
    Poll<Instant> second = i.poll(Context.NOOP);
    assertSame(first, second);
    assertEquals(10, second.value().ticks());
  }
}
