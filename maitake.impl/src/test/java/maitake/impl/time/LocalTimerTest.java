package maitake.impl.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import maitake.future.Context;
import maitake.future.Poll;
import maitake.impl.time.TimerWheelTest.Counting;
import maitake.time.Interval;
import maitake.time.Sleep;
import maitake.time.TestClock;
import maitake.time.Turn;
import org.junit.jupiter.api.Test;

class LocalTimerTest {
  private final TestClock clock = new TestClock(Duration.ofMillis(1));
  private final AtomicInteger notified = new AtomicInteger();
  private final LocalTimerWheel timer =
      new LocalTimerWheel(clock, 1, () -> notified.incrementAndGet());

  /** Runs {@code r} on a new thread and waits for it; rethrows what it threw. */
  static void onAnotherThread(Runnable r) throws InterruptedException {
    AtomicReference<Throwable> failed = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              try {
                r.run();
              } catch (Throwable e) {
                failed.set(e);
              }
            },
            "other");
    t.start();
    t.join();
    if (failed.get() != null) {
      throw new AssertionError(failed.get());
    }
  }

  @Test
  void theFirstThreadThatTurnsItBecomesItsOwner() {
    assertNull(timer.owner());
    timer.turn();
    assertSame(Thread.currentThread(), timer.owner());
  }

  @Test
  void turningItFromAnotherThreadThanTheOwnerThrowsNamingBothThreads() throws Exception {
    timer.turn();
    String me = Thread.currentThread().getName();
    onAnotherThread(
        () -> {
          IllegalStateException e = assertThrows(IllegalStateException.class, timer::turn);
          assertTrue(e.getMessage().contains("other"), e.getMessage());
          assertTrue(e.getMessage().contains(me), e.getMessage());
          assertThrows(IllegalStateException.class, timer::tryTurn);
          assertThrows(IllegalStateException.class, timer::advance);
          assertThrows(IllegalStateException.class, timer::tryAdvance);
          assertThrows(IllegalStateException.class, timer::ticksToNextDeadline);
        });
  }

  @Test
  void aSleepPolledOnTheOwnerThreadGoesIntoTheWheelAtOnceAndAbandonedThereNeverFires() {
    timer.turn();
    Counting w = new Counting();
    Sleep s = timer.sleepTicks(10);
    assertTrue(s.poll(w).isPending());
    assertEquals(1, timer.linkedForTest());
    assertEquals(10, timer.ticksToNextDeadline());
    s.abandon();
    assertEquals(1, timer.linkedForTest(), "left linked: the wheel drops it later");
    assertNull(((WheelSleep) s).waker, "the wheel no longer reaches the task");
    assertEquals(-1, timer.ticksToNextDeadline(), "it is not a deadline any more");
    clock.advanceTicks(10);
    assertEquals(0, timer.turn().expired());
    assertEquals(0, timer.linkedForTest());
    assertEquals(0, w.wakes.get());
  }

  @Test
  void aSleepResetAndPolledAgainOnTheOwnerThreadInTheSameSlotKeepsItsPlaceAndFiresOnce() {
    timer.turn();
    Counting w = new Counting();
    Sleep s = timer.sleepTicks(10);
    assertTrue(s.poll(w).isPending());
    WheelSleep ws = (WheelSleep) s;
    int slot = ws.slot;
    s.abandon();
    clock.advanceTicks(1);
    s.reset(Duration.ofMillis(9)); // deadline 10 again: the same slot
    assertTrue(s.poll(w).isPending());
    assertEquals(slot, ws.slot, "kept its place");
    assertEquals(1, timer.linkedForTest());
    assertEquals(w, ws.waker);
    clock.advanceTicks(8);
    assertEquals(0, timer.turn().expired());
    clock.advanceTicks(1);
    assertEquals(1, timer.turn().expired());
    assertEquals(1, w.wakes.get());
    assertEquals(0, timer.linkedForTest());
  }

  @Test
  void aSleepResetOnTheOwnerThreadToAnotherSlotMovesAndDoesNotFireAtItsOldDeadline() {
    timer.turn();
    Counting w = new Counting();
    Sleep s = timer.sleepTicks(10);
    assertTrue(s.poll(w).isPending());
    s.abandon();
    s.reset(Duration.ofMillis(200));
    assertTrue(s.poll(w).isPending());
    assertEquals(1, timer.linkedForTest(), "moved, not linked twice");
    clock.advanceTicks(10);
    assertEquals(0, timer.turn().expired());
    assertEquals(0, w.wakes.get());
    clock.advanceTicks(190);
    assertEquals(1, timer.turn().expired());
    assertEquals(1, w.wakes.get());
  }

  @Test
  void sleepsAbandonedOnTheOwnerThreadAreSweptOnceTheyOutnumberHalfTheLinkedOnes() {
    timer.turn();
    Sleep[] live = new Sleep[100];
    for (int i = 0; i < live.length; i++) {
      live[i] = timer.sleepTicks(2_000 + i);
      live[i].poll(Context.NOOP);
    }
    for (int i = 0; i < 64; i++) {
      Sleep s = timer.sleepTicks(1_000 + i);
      s.poll(Context.NOOP);
      s.abandon();
    }
    timer.sleepTicks(5).poll(Context.NOOP); // a registration checks for a sweep first
    assertEquals(165, timer.linkedForTest(), "64 abandoned of 164: not yet half");
    for (int i = 0; i < 36; i++) {
      live[i].abandon();
    }
    timer.sleepTicks(6).poll(Context.NOOP);
    assertEquals(66, timer.linkedForTest(), "100 abandoned of 165: swept");
  }

  @Test
  void aSleepFirstPolledOnAnotherThreadFiresAtTheOwnersFirstTurnAfterItsDeadline()
      throws Exception {
    timer.turn();
    Counting w = new Counting();
    Sleep s = timer.sleepTicks(5);
    onAnotherThread(() -> assertTrue(s.poll(w).isPending()));
    assertEquals(0, timer.linkedForTest(), "handed over, not yet taken in");
    assertEquals(1, notified.get(), "the owner is told at every registration from elsewhere");
    assertEquals(5, timer.ticksToNextDeadline(), "the owner takes it in to answer");
    clock.advanceTicks(4);
    assertEquals(0, timer.turn().expired());
    clock.advanceTicks(1);
    assertEquals(1, timer.turn().expired());
    assertEquals(1, w.wakes.get());
    onAnotherThread(() -> assertTrue(s.poll(w).isReady()));
  }

  @Test
  void aSleepHandedOverWhoseDeadlinePassedFiresAtTheNextTurn() throws Exception {
    timer.turn();
    Counting w = new Counting();
    Sleep s = timer.sleepTicks(2);
    onAnotherThread(() -> assertTrue(s.poll(w).isPending()));
    clock.advanceTicks(50);
    Turn t = timer.turn();
    assertEquals(1, t.expired());
    assertFalse(t.hasRemaining());
    assertEquals(1, w.wakes.get());
  }

  @Test
  void tryAdvanceOnTheOwnerThreadNeverFindsTheWheelBusyAndTakesInHandedOverSleeps()
      throws Exception {
    assertEquals(0, timer.tryAdvance(), "the first call makes this thread the owner");
    assertSame(Thread.currentThread(), timer.owner());
    Counting w = new Counting();
    Sleep s = timer.sleepTicks(2);
    onAnotherThread(() -> assertTrue(s.poll(w).isPending()));
    assertEquals(0, timer.tryAdvance(), "taken in, not due yet");
    assertEquals(2, timer.ticksToNextDeadline());
    clock.advanceTicks(2);
    assertEquals(1, timer.tryAdvance());
    assertEquals(1, w.wakes.get());
    assertEquals(-1, timer.ticksToNextDeadline());
  }

  @Test
  void sleepsPolledBeforeTheTimerHasAnOwnerAreTakenInByItsFirstTurn() {
    Counting w = new Counting();
    Sleep s = timer.sleepTicks(3);
    assertTrue(s.poll(w).isPending());
    assertNull(timer.owner());
    Turn t = timer.turn();
    assertTrue(t.hasRemaining());
    assertEquals(3, t.ticksToNextDeadline().getAsLong());
    clock.advanceTicks(3);
    assertEquals(1, timer.advance());
    assertEquals(1, w.wakes.get());
  }

  @Test
  void aSleepAbandonedOnAnotherThreadBeforeTheOwnerTakesItInNeverFires() throws Exception {
    timer.turn();
    Counting w = new Counting();
    Sleep s = timer.sleepTicks(2);
    onAnotherThread(
        () -> {
          s.poll(w);
          s.abandon();
        });
    assertNull(((WheelSleep) s).waker, "queued in the inbox: the timer no longer reaches the task");
    clock.advanceTicks(5);
    assertEquals(0, timer.turn().expired());
    assertEquals(0, timer.linkedForTest());
    assertEquals(0, w.wakes.get());
  }

  @Test
  void aSleepAbandonedOnAnotherThreadAfterTheOwnerTookItInNeverFires() throws Exception {
    timer.turn();
    Counting w = new Counting();
    Sleep s = timer.sleepTicks(4);
    onAnotherThread(() -> s.poll(w));
    timer.turn(); // taken in
    assertEquals(1, timer.linkedForTest());
    onAnotherThread(s::abandon);
    assertNull(((WheelSleep) s).waker, "left linked: the wheel no longer reaches the task");
    clock.advanceTicks(4);
    assertEquals(0, timer.turn().expired(), "its slot came due: dropped, not fired");
    assertFalse(s.isElapsed());
    assertEquals(0, w.wakes.get());
  }

  @Test
  void aSleepAbandonedResetAndPolledAgainElsewhereBeforeTheDrainFiresOnceAtItsNewDeadline()
      throws Exception {
    timer.turn();
    Counting w = new Counting();
    Sleep s = timer.sleepTicks(2);
    onAnotherThread(
        () -> {
          s.poll(w); // handed over: one inbox node
          s.reset(Duration.ofMillis(20)); // abandons it
          s.poll(w); // handed over again: a second node for the same sleep
        });
    clock.advanceTicks(2);
    assertEquals(0, timer.turn().expired(), "not at the first deadline");
    assertEquals(1, timer.linkedForTest(), "one entry for the two hand-overs");
    clock.advanceTicks(18);
    assertEquals(1, timer.turn().expired());
    assertEquals(1, w.wakes.get());
  }

  @Test
  void theOwnerIsNotifiedWhenItsOwnRegistrationIsEarlierThanItKnew() {
    timer.turn();
    Counting w = new Counting();
    timer.sleepTicks(50).poll(w);
    assertEquals(1, notified.get(), "earlier than none");
    timer.turn();
    timer.sleepTicks(80).poll(w);
    assertEquals(1, notified.get(), "later than what it knows: no notification");
    timer.sleepTicks(10).poll(w);
    assertEquals(2, notified.get());
  }

  @Test
  void anIntervalOnALocalTimerTicksOnTheOwnersTurns() {
    timer.turn();
    Interval every = timer.interval(Duration.ofMillis(5));
    Counting w = new Counting();
    Poll<maitake.time.Instant> first = every.poll(w);
    assertTrue(first.isReady(), "the first tick is immediate");
    assertTrue(every.poll(w).isPending());
    clock.advanceTicks(5);
    timer.turn();
    assertEquals(1, w.wakes.get());
    assertTrue(every.poll(w).isReady());
  }

  @Test
  void badInputFailsAtOnceWithAClearException() {
    assertThrows(NullPointerException.class, () -> new LocalTimerWheel(null, 1, null));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new LocalTimerWheel(clock, 0, null));
    assertTrue(e.getMessage().contains("granularity"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> timer.sleepTicks(-1));
  }
}
