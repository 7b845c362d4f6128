package maitake.impl.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import maitake.Toolkit;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Poll;
import maitake.future.Waker;
import maitake.impl.scheduler.ConfinedScheduler;
import maitake.scheduler.Tick;
import maitake.task.JoinHandle;
import maitake.time.Clock;
import maitake.time.Elapsed;
import maitake.time.LocalTimer;
import maitake.time.Sleep;
import maitake.time.TestClock;
import maitake.time.Timeout;
import maitake.time.Timer;
import maitake.time.TimerError;
import maitake.time.Turn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;

class TimerWheelTest {
  private final TestClock clock = new TestClock(Duration.ofMillis(1));
  private final HierarchicalTimerWheel timer = new HierarchicalTimerWheel(clock);

  /** A waker that counts; its own context. */
  static final class Counting implements Waker, Context {
    final AtomicInteger wakes = new AtomicInteger();

    @Override
    public void wake() {
      wakes.incrementAndGet();
    }

    @Override
    public Waker waker() {
      return this;
    }
  }

  static int drain(ConfinedScheduler s) {
    int completed = 0;
    Tick t;
    do {
      t = s.tick();
      completed += t.completed();
    } while (t.polled() > 0 || t.hasRemaining());
    return completed;
  }

  // --- groups of sleeping tasks ---------------------------------------------------------------

  @Test
  void groupsOfSleepingTasksCompleteExactlyWhenTheirDeadlinePassesNeverBefore() {
    ConfinedScheduler s = new ConfinedScheduler();
    long[] groups = {100, 65_535, 6_000_000};
    List<List<JoinHandle<Void>>> handles = new ArrayList<>();
    for (long ticks : groups) {
      List<JoinHandle<Void>> g = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        g.add(s.spawn(timer.sleepTicks(ticks)));
      }
      handles.add(g);
    }
    assertEquals(0, drain(s), "all registered, none complete");
    long at = 0;
    for (int gi = 0; gi < groups.length; gi++) {
      clock.advanceTicks(groups[gi] - 1 - at);
      timer.turn();
      assertEquals(0, drain(s), "one tick before " + groups[gi] + ": nothing completes");
      handles.get(gi).forEach(h -> assertFalse(h.isComplete()));
      clock.advanceTicks(1);
      Turn t = timer.turn();
      assertEquals(50, t.expired());
      assertEquals(50, drain(s), "at " + groups[gi] + " exactly this group completes");
      handles.get(gi).forEach(h -> assertTrue(h.isComplete()));
      at = groups[gi];
    }
  }

  @Test
  void sleepsCreatedLaterMeasureFromTheirOwnCreation() {
    Counting w = new Counting();
    Sleep first = timer.sleepTicks(100);
    first.poll(w);
    clock.advanceTicks(60);
    Sleep second = timer.sleepTicks(100);
    second.poll(w);
    clock.advanceTicks(40);
    assertEquals(1, timer.turn().expired());
    assertTrue(first.isElapsed());
    assertFalse(second.isElapsed());
    clock.advanceTicks(59);
    assertEquals(0, timer.turn().expired());
    clock.advanceTicks(1);
    assertEquals(1, timer.turn().expired());
    assertTrue(second.isElapsed());
    assertEquals(2, w.wakes.get());
  }

  @Test
  void theDeadlineIsFixedWhenTheSleepIsCreatedNotWhenPolled() {
    Sleep s = timer.sleepTicks(10);
    clock.advanceTicks(10);
    assertTrue(s.poll(new Counting()).isReady(), "first poll after the deadline: ready");
    assertEquals(10, s.deadline().ticks());
  }

  @Test
  void theFirstPollOfASleepAdvancesTheWheel() {
    Counting w = new Counting();
    Sleep a = timer.sleepTicks(5);
    a.poll(w);
    clock.advanceTicks(5);
    Sleep b = timer.sleepTicks(5);
    b.poll(new Counting());
    assertTrue(a.isElapsed(), "registering b turned the wheel and fired a");
    assertEquals(1, w.wakes.get());
  }

  @Test
  void ticksToNextDeadlineReportsASoonerSleepOnceItIsAdded() {
    Counting w = new Counting();
    timer.sleepTicks(5_000).poll(w);
    Turn t = timer.turn();
    assertTrue(t.ticksToNextDeadline().isPresent());
    assertTrue(t.ticksToNextDeadline().getAsLong() <= 5_000);
    timer.sleepTicks(7).poll(w);
    t = timer.turn();
    assertEquals(7, t.ticksToNextDeadline().getAsLong());
    assertEquals(Duration.ofMillis(7), t.timeToNextDeadline().orElseThrow());
    assertTrue(t.hasRemaining());
  }

  @Test
  void turningAtTheReportedTimesFiresEverySleepOnTimeAndNeverEarly() {
    Counting w = new Counting();
    long[] durations = {3, 64, 65, 4_095, 4_097, 300_000, 20_000_000, (1L << 40) + 12_345};
    List<Sleep> sleeps = new ArrayList<>();
    for (long d : durations) {
      Sleep s = timer.sleepTicks(d);
      s.poll(w);
      sleeps.add(s);
    }
    int turns = 0;
    Turn t = timer.turn();
    while (t.hasRemaining() && turns < 1_000) {
      assertTrue(t.ticksToNextDeadline().getAsLong() > 0, "after a turn nothing is due at once");
      clock.advanceTicks(t.ticksToNextDeadline().getAsLong());
      t = timer.turn();
      turns++;
      for (int i = 0; i < durations.length; i++) {
        assertEquals(
            clock.nowTicks() >= durations[i],
            sleeps.get(i).isElapsed(),
            "sleep of " + durations[i] + " at " + clock.nowTicks());
      }
    }
    assertTrue(turns < 300, "cascading needs few turns: " + turns);
    assertFalse(t.hasRemaining());
    assertEquals(durations.length, w.wakes.get());
  }

  @Test
  void advanceFiresWhatIsDueAndAgreesWithTurnOnTheNextDeadline() {
    Counting w = new Counting();
    assertEquals(-1, timer.ticksToNextDeadline(), "nothing registered");
    Sleep a = timer.sleepTicks(3);
    Sleep b = timer.sleepTicks(10);
    a.poll(w);
    b.poll(w);
    assertEquals(0, timer.advance(), "nothing is due yet");
    assertEquals(3, timer.ticksToNextDeadline());
    clock.advanceTicks(3);
    assertEquals(3, timer.ticksToNextDeadline(), "measured from the last reading, not the clock");
    assertEquals(1, timer.advance());
    assertTrue(a.isElapsed());
    assertFalse(b.isElapsed());
    assertEquals(1, w.wakes.get(), "the waker ran after advance returned the lock");
    assertEquals(timer.turn().ticksToNextDeadline().getAsLong(), timer.ticksToNextDeadline());
    clock.advanceTicks(100);
    assertEquals(1, timer.advance());
    assertEquals(-1, timer.ticksToNextDeadline());
    assertEquals(2, w.wakes.get());
  }

  @Test
  void aTurnWithNothingRegisteredReportsNoDeadline() {
    Turn t = timer.turn();
    assertEquals(0, t.expired());
    assertTrue(t.ticksToNextDeadline().isEmpty());
    assertTrue(t.timeToNextDeadline().isEmpty());
    assertFalse(t.hasRemaining());
  }

  // --- long sleeps ----------------------------------------------------------------------------

  @Test
  void sleepsOfTheMaximumPlacementAndLongerFireCorrectlyAlongsideShortOnes() {
    long max = WheelCore.PLACEMENT_RANGE - 1;
    long[] durations = {1, 63, max - 1, max, max + 1, 3 * max + 17, 1L << 40};
    List<Sleep> sleeps = new ArrayList<>();
    for (long d : durations) {
      Sleep s = timer.sleepTicks(d);
      s.poll(new Counting());
      sleeps.add(s);
    }
    long[] checkpoints = {
      0,
      1,
      62,
      63,
      max - 2,
      max - 1,
      max,
      max + 1,
      3 * max + 16,
      3 * max + 17,
      (1L << 40) - 1,
      1L << 40
    };
    for (long at : checkpoints) {
      clock.setTicks(at);
      timer.turn();
      for (int i = 0; i < durations.length; i++) {
        assertEquals(
            at >= durations[i],
            sleeps.get(i).isElapsed(),
            "sleep of " + durations[i] + " at " + at);
      }
    }
  }

  @Test
  void aSleepInTheNextTopRotationDoesNotMakeTheWheelSpin() {
    clock.setTicks(5);
    HierarchicalTimerWheel t = new HierarchicalTimerWheel(clock);
    long d = WheelCore.PLACEMENT_RANGE - 2;
    Sleep s = t.sleepTicks(d);
    s.poll(new Counting());
    Turn turn = t.turn();
    assertTrue(turn.ticksToNextDeadline().getAsLong() > 0, turn.toString());
    assertFalse(s.isElapsed());
  }

  // --- abandonment ----------------------------------------------------------------------------

  @Test
  void abandoningARegisteredSleepMarksItAndItNeverFires() {
    Counting w = new Counting();
    Sleep s = timer.sleepTicks(10);
    s.poll(w);
    assertEquals(1, timer.linkedForTest());
    s.abandon();
    s.abandon();
    assertEquals(1, timer.linkedForTest(), "marked, not unlinked: no lock taken");
    assertEquals(-1, timer.ticksToNextDeadline(), "an abandoned sleep is no deadline");
    assertEquals(0, timer.linkedForTest(), "dropped as the head of the next due slot");
    clock.advanceTicks(20);
    assertEquals(0, timer.turn().expired());
    assertEquals(0, w.wakes.get());
    assertFalse(timer.turn().hasRemaining());
    assertThrows(IllegalStateException.class, () -> s.poll(w));
  }

  @Test
  void aFiredSleepPolledAgainThrowsUntilItIsReset() {
    Counting w = new Counting();
    Sleep s = timer.sleepTicks(2);
    assertTrue(s.poll(w).isPending());
    clock.advanceTicks(2);
    timer.turn();
    assertTrue(s.poll(w).isReady());
    assertTrue(s.isElapsed(), "a delivered sleep is still elapsed");
    assertThrows(IllegalStateException.class, () -> s.poll(w));
    assertTrue(s.isElapsed(), "a refused poll changes nothing");
    s.reset(Duration.ofMillis(2));
    assertFalse(s.isElapsed());
    assertTrue(s.poll(w).isPending());
    Sleep due = timer.sleepTicks(0);
    assertTrue(due.poll(w).isReady(), "a sleep already due completes at its first poll");
    assertThrows(IllegalStateException.class, () -> due.poll(w));
  }

  @Test
  void aSleepIsReusedByResetWithoutANewEntry() {
    Counting w = new Counting();
    Sleep s = timer.sleepTicks(5);
    for (int round = 0; round < 3; round++) {
      assertTrue(s.poll(w).isPending());
      clock.advanceTicks(5);
      timer.turn();
      assertTrue(s.poll(w).isReady());
      assertSame(s, s.reset(Duration.ofMillis(5)));
      assertFalse(s.isElapsed());
    }
    s.poll(w);
    s.reset(Duration.ofMillis(50));
    assertEquals(0, timer.registeredForTest(), "reset of a registered sleep abandons its entry");
    assertEquals(clock.nowTicks() + 50, s.deadline().ticks());
  }

  @Test
  void aResetSleepFirstPolledWithAnotherWakerWakesOnlyTheNewOne() {
    for (LocalTimer local : new LocalTimer[] {null, kitLocalTimer()}) {
      Timer t = local == null ? timer : local;
      Counting a = new Counting();
      Counting b = new Counting();
      Duration d = Duration.ofMillis(3);
      Sleep s = t.sleep(d);
      assertTrue(s.poll(a).isPending());
      clock.advanceTicks(3);
      t.turn();
      assertEquals(1, a.wakes.get());
      assertTrue(s.poll(a).isReady());
      s.reset(d); // the same Duration object: its tick count is reused
      assertEquals(clock.nowTicks() + 3, s.deadline().ticks());
      assertTrue(s.poll(b).isPending(), "armed again, first polled with b");
      clock.advanceTicks(3);
      t.turn();
      assertEquals(1, a.wakes.get(), "the waker of the previous round is not woken again");
      assertEquals(1, b.wakes.get());
      s.poll(b);
      s.reset(Duration.ofMillis(7)); // another Duration: counted anew
      assertEquals(clock.nowTicks() + 7, s.deadline().ticks());
    }
  }

  @Test
  void resettingASleepArmedByTicksWithNullIsRefused() {
    Sleep s = timer.sleepTicks(2);
    assertThrows(NullPointerException.class, () -> s.reset(null));
  }

  private LocalTimer kitLocalTimer() {
    LocalTimer local = Toolkit.load().newLocalTimer(clock);
    local.turn(); // this thread owns it
    return local;
  }

  @Test
  void aLaterPollWithAnotherWakerWakesOnlyTheNewOne() {
    Counting a = new Counting();
    Counting b = new Counting();
    Sleep s = timer.sleepTicks(3);
    s.poll(a);
    s.poll(b);
    clock.advanceTicks(3);
    timer.turn();
    assertEquals(0, a.wakes.get());
    assertEquals(1, b.wakes.get());
  }

  @Test
  @org.junit.jupiter.api.Timeout(value = 30, threadMode = ThreadMode.SEPARATE_THREAD)
  void sleepsAbandonedOnAnotherThreadWhileTurnsRunNeverFireAndLeaveNothingLinked()
      throws Exception {
    int n = 20_000;
    Sleep[] sleeps = new Sleep[n];
    Counting kept = new Counting(); // the odd sleeps: never abandoned
    Counting abandoned = new Counting(); // the even ones
    for (int i = 0; i < n; i++) {
      sleeps[i] = timer.sleepTicks(1 + (i % 5_000));
      sleeps[i].poll(i % 2 == 0 ? abandoned : kept);
    }
    CountDownLatch go = new CountDownLatch(1);
    Thread abandoner =
        new Thread(
            () -> {
              try {
                go.await();
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
              for (int i = 0; i < n; i += 2) {
                sleeps[i].abandon();
              }
            });
    abandoner.start();
    go.countDown();
    int fired = 0;
    while (abandoner.isAlive() || clock.nowTicks() < 5_001) {
      clock.advanceTicks(1);
      fired += timer.turn().expired();
    }
    abandoner.join();
    clock.advanceTicks(10_000);
    fired += timer.turn().expired();
    int elapsed = 0;
    for (Sleep s : sleeps) {
      elapsed += s.isElapsed() ? 1 : 0;
    }
    assertEquals(elapsed, fired, "every fired sleep is counted once");
    assertEquals(n / 2, kept.wakes.get(), "every sleep never abandoned wakes its task once");
    // an even sleep fired before its abandonment (even one abandoned between the turn's firing CAS
    // and its read of the waker) wakes its task all the same, once
    assertEquals(fired - n / 2, abandoned.wakes.get(), "every fired sleep wakes its task once");
    assertTrue(fired >= n / 2, "the odd sleeps all fire: " + fired);
    assertEquals(0, timer.linkedForTest(), "every entry came due: abandoned ones dropped too");
  }

  // --- timeout --------------------------------------------------------------------------------

  @Test
  void aTimeoutWhoseSleepAndFutureAreReadyInTheSamePollTimesOut() {
    AtomicInteger abandons = new AtomicInteger();
    Future<String> ready =
        new Future<>() {
          @Override
          public Poll<String> poll(Context context) {
            return Poll.ready("too late");
          }

          @Override
          public void abandon() {
            abandons.incrementAndGet();
          }
        };
    Timeout<String> t = timer.timeout(Duration.ZERO, ready);
    Elapsed e = assertThrows(Elapsed.class, () -> t.poll(new Counting()));
    assertEquals(Duration.ZERO, e.duration());
    assertEquals(1, abandons.get(), "the inner future is abandoned");
  }

  @Test
  void aTimeoutCompletesWithTheValueAndReleasesItsSleep() {
    AtomicReference<Waker> inner = new AtomicReference<>();
    AtomicInteger calls = new AtomicInteger();
    Future<String> f =
        cx -> {
          inner.set(cx.waker());
          return calls.incrementAndGet() < 2 ? Poll.pending() : Poll.ready("value");
        };
    Timeout<String> t = timer.timeout(Duration.ofMillis(100), f);
    Counting w = new Counting();
    assertTrue(t.poll(w).isPending());
    assertEquals(1, timer.registeredForTest());
    assertEquals("value", t.poll(w).value());
    assertEquals(0, timer.registeredForTest(), "the sleep left the wheel");
  }

  @Test
  void aTimeoutExpiresAndCarriesItsDuration() {
    Timeout<Object> t = timer.timeout(Duration.ofMillis(30), maitake.future.Futures.pending());
    Counting w = new Counting();
    assertTrue(t.poll(w).isPending());
    clock.advance(Duration.ofMillis(30));
    timer.turn();
    assertEquals(1, w.wakes.get());
    assertEquals(Duration.ofMillis(30), assertThrows(Elapsed.class, () -> t.poll(w)).duration());
  }

  // --- granularity, clocks and bad input ------------------------------------------------------

  @Test
  void aCoarseWheelTickNeverFiresEarly() {
    HierarchicalTimerWheel coarse = new HierarchicalTimerWheel(clock, 10);
    assertEquals(Duration.ofMillis(10), coarse.granularity());
    Sleep s = coarse.sleepTicks(25);
    s.poll(new Counting());
    clock.advanceTicks(24);
    coarse.turn();
    assertFalse(s.isElapsed());
    clock.advanceTicks(1);
    coarse.turn();
    assertFalse(s.isElapsed(), "the deadline 25 rounds up to the wheel tick at 30");
    clock.advanceTicks(5);
    coarse.turn();
    assertTrue(s.isElapsed());
  }

  @Test
  void aSleepWhoseDeadlineHasPassedCompletesAtItsFirstPollAtACoarseGranularity() {
    HierarchicalTimerWheel coarse = new HierarchicalTimerWheel(clock, 10);
    clock.advanceTicks(3); // inside the first wheel tick
    assertTrue(coarse.sleepTicks(0).poll(new Counting()).isReady(), "a zero sleep waited");
    Sleep s = coarse.sleepTicks(20); // due at clock 23, wheel tick 30
    clock.advanceTicks(22); // clock 25: past the deadline, before the wheel tick
    assertTrue(s.poll(new Counting()).isReady(), "a passed deadline waited for its wheel tick");
    Sleep later = coarse.sleepTicks(1); // due at 26: not yet
    assertTrue(later.poll(new Counting()).isPending(), "never early");
  }

  @Test
  void aClockThatGoesBackwardsIsTreatedAsNoProgress() {
    clock.setTicks(100);
    timer.turn();
    Sleep s = timer.sleepTicks(10);
    s.poll(new Counting());
    clock.setTicks(50);
    Turn t = timer.turn();
    assertEquals(100, t.nowTicks(), "the timer keeps its latest reading");
    assertEquals(0, t.expired());
    Sleep later = timer.sleepTicks(10);
    assertEquals(110, later.deadline().ticks(), "new sleeps measure from the latest reading");
    clock.setTicks(109);
    timer.turn();
    assertFalse(s.isElapsed());
    clock.setTicks(110);
    timer.turn();
    assertTrue(s.isElapsed());
    assertEquals(110, timer.now().ticks());
  }

  @Test
  void badInputFailsAtOnceWithAClearException() {
    assertThrows(IllegalArgumentException.class, () -> timer.sleep(Duration.ofMillis(-1)));
    assertThrows(IllegalArgumentException.class, () -> timer.sleepTicks(-1));
    assertThrows(NullPointerException.class, () -> timer.sleep(null));
    assertThrows(NullPointerException.class, () -> timer.timeout(Duration.ZERO, null));
    assertThrows(NullPointerException.class, () -> new HierarchicalTimerWheel(null));
    assertThrows(IllegalArgumentException.class, () -> new HierarchicalTimerWheel(clock, 0));
    assertThrows(IllegalArgumentException.class, () -> timer.interval(Duration.ZERO));
    assertThrows(NullPointerException.class, () -> timer.interval(Duration.ofMillis(1), null));
    TimerError tooLong =
        assertThrows(
            TimerError.class,
            () ->
                new HierarchicalTimerWheel(new TestClock(Duration.ofNanos(1)))
                    .sleep(Duration.ofDays(365L * 1000)));
    assertEquals(TimerError.Kind.DURATION_TOO_LONG, tooLong.kind());
    clock.advanceTicks(10);
    assertEquals(
        TimerError.Kind.DURATION_TOO_LONG,
        assertThrows(TimerError.class, () -> timer.sleepTicks(Long.MAX_VALUE)).kind(),
        "a deadline past 63 bits");
  }

  @Test
  void durationsRoundUpToWholeTicks() {
    Clock c = new TestClock(Duration.ofMillis(10));
    assertEquals(0, c.durationToTicks(Duration.ZERO));
    assertEquals(1, c.durationToTicks(Duration.ofMillis(1)));
    assertEquals(1, c.durationToTicks(Duration.ofMillis(10)));
    assertEquals(2, c.durationToTicks(Duration.ofMillis(11)));
    assertEquals(Duration.ofMillis(30), c.ticksToDuration(3));
  }

  @Test
  void tryTurnReturnsNothingWhileAnotherThreadTurns() throws Exception {
    CountDownLatch inWake = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Sleep s = timer.sleepTicks(1);
    // the waker runs after the lock is released, so block inside the clock read instead
    AtomicReference<Turn> during = new AtomicReference<>();
    TestClock blockingSource = new TestClock(Duration.ofMillis(1));
    Clock gated =
        Clock.of(
            "gated",
            Duration.ofMillis(1),
            () -> {
              if (Thread.currentThread().getName().equals("turner")) {
                inWake.countDown();
                try {
                  release.await();
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              }
              return blockingSource.nowTicks();
            });
    HierarchicalTimerWheel t = new HierarchicalTimerWheel(gated);
    Thread turner = new Thread(t::turn, "turner");
    turner.start();
    inWake.await();
    during.set(t.tryTurn());
    int advancedDuring = t.tryAdvance();
    release.countDown();
    turner.join();
    assertNull(during.get(), "the wheel was busy");
    assertEquals(-1, advancedDuring, "the wheel was busy");
    assertNotNull(t.tryTurn());
    assertEquals(0, t.tryAdvance(), "free again: it advanced");
    s.abandon();
  }

  @Test
  void tryAdvanceOnAFreeWheelFiresWhatIsDueAsAdvanceDoes() {
    Counting w = new Counting();
    Sleep a = timer.sleepTicks(3);
    Sleep b = timer.sleepTicks(10);
    a.poll(w);
    b.poll(w);
    assertEquals(0, timer.tryAdvance(), "nothing is due yet");
    clock.advanceTicks(3);
    assertEquals(1, timer.tryAdvance());
    assertTrue(a.isElapsed());
    assertFalse(b.isElapsed());
    assertEquals(1, w.wakes.get(), "the waker ran after tryAdvance returned the lock");
    assertEquals(7, timer.ticksToNextDeadline(), "measured from the reading it advanced to");
    b.abandon();
  }
}
