package maitake.impl.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import maitake.impl.time.TimerWheelTest.Counting;
import maitake.time.Sleep;
import maitake.time.TestClock;
import maitake.time.Turn;
import org.junit.jupiter.api.Test;

/**
 * Abandoning a sleep of the shared timer takes no lock: the sleep is marked, and the wheel drops it
 * later (when its slot comes due, when it registers again, when it heads the next due slot, or in a
 * sweep once abandoned sleeps pass half the linked ones and 64).
 */
class AbandonmentTest {
  private final TestClock clock = new TestClock(Duration.ofMillis(1));
  private final HierarchicalTimerWheel timer = new HierarchicalTimerWheel(clock);

  private Sleep registered(long ticks, Counting w) {
    Sleep s = timer.sleepTicks(ticks);
    assertTrue(s.poll(w).isPending());
    return s;
  }

  @Test
  void anAbandonedSleepStaysLinkedUntilItsSlotComesDueAndThenLeavesWithoutFiring() {
    Counting w = new Counting();
    Sleep live = registered(3, w);
    Sleep gone = registered(3, w);
    gone.abandon();
    assertEquals(2, timer.linkedForTest());
    clock.advanceTicks(3);
    Turn t = timer.turn();
    assertEquals(1, t.expired(), "only the live sleep fires");
    assertEquals(1, w.wakes.get());
    assertTrue(live.isElapsed());
    assertFalse(gone.isElapsed());
    assertEquals(0, timer.linkedForTest());
  }

  @Test
  void aSleepAbandonedAfterATurnFiredItButBeforeTheTurnReadItsWakerStillWakesItsTask() {
    Counting w = new Counting();
    Sleep s = registered(3, w);
    WheelTimer.firedBeforeWakerRead = fired -> fired.abandon(); // the abandoning thread's window
    try {
      clock.advanceTicks(3);
      assertEquals(1, timer.turn().expired(), "the turn's firing CAS won: the sleep fired");
    } finally {
      WheelTimer.firedBeforeWakerRead = null;
    }
    assertTrue(s.isElapsed());
    assertEquals(1, w.wakes.get(), "the abandonment lost the race: the task is woken");
    assertEquals(0, timer.linkedForTest());
    s.reset(Duration.ofMillis(2));
    assertTrue(s.poll(w).isPending(), "the sleep is reusable after reset");
    clock.advanceTicks(2);
    assertEquals(1, timer.turn().expired());
    assertEquals(2, w.wakes.get());
  }

  @Test
  void anAbandonedSleepLeftLinkedDropsItsWakerSoTheWheelNoLongerReachesTheTask() {
    Counting w = new Counting();
    WheelSleep s = (WheelSleep) registered(3, w);
    s.abandon();
    assertEquals(1, timer.linkedForTest(), "still linked");
    assertNull(s.waker, "the linked sleep no longer holds the waker");
    Sleep fired = registered(1, w);
    clock.advanceTicks(1);
    timer.turn();
    fired.abandon();
    assertEquals(
        w, ((WheelSleep) fired).waker, "a fired sleep is not in the wheel: nothing to drop");
  }

  @Test
  void theNextDeadlineAndRemainingCountOnlySleepsThatAreNotAbandoned() {
    Counting w = new Counting();
    Sleep soon = registered(5, w);
    registered(40, w);
    soon.abandon();
    assertEquals(40, timer.ticksToNextDeadline(), "the abandoned sleep at 5 is skipped");
    Sleep only = registered(100, w);
    timer.turn();
    Sleep alone = timer.sleepTicks(1);
    alone.poll(w);
    alone.abandon();
    only.abandon();
    // the sleep at 40 remains
    assertTrue(timer.turn().hasRemaining());
  }

  @Test
  void aTurnReportsNoRemainingSleepsWhenEveryLinkedOneIsAbandoned() {
    Counting w = new Counting();
    Sleep a = registered(5, w);
    Sleep b = registered(5_000, w);
    a.abandon();
    b.abandon();
    Turn t = timer.turn();
    assertFalse(t.hasRemaining());
    assertTrue(t.ticksToNextDeadline().isEmpty());
  }

  @Test
  void aResetSleepRegistersAgainInPlaceAndFiresOnceAtItsNewDeadline() {
    Counting w = new Counting();
    Sleep s = registered(10, w);
    for (int i = 0; i < 5; i++) {
      s.abandon();
      s.reset(Duration.ofMillis(10));
      assertTrue(s.poll(w).isPending());
      assertEquals(1, timer.linkedForTest(), "the same entry, not a second one");
    }
    s.reset(Duration.ofMillis(200)); // abandons the registration; moves at the next poll
    assertTrue(s.poll(w).isPending());
    assertEquals(1, timer.linkedForTest());
    clock.advanceTicks(199);
    assertEquals(0, timer.turn().expired(), "never at the old deadline, never early");
    clock.advanceTicks(1);
    assertEquals(1, timer.turn().expired());
    assertEquals(1, w.wakes.get());
    assertEquals(0, timer.linkedForTest());
  }

  @Test
  void aSweepDropsAbandonedSleepsOnceTheyPassHalfTheLinkedOnes() {
    Counting w = new Counting();
    Sleep[] s = new Sleep[300];
    for (int i = 0; i < s.length; i++) {
      s[i] = registered(1_000 + i, w);
    }
    // abandon from the back: the front slot's live head keeps nextLiveDue from dropping any
    for (int i = 299; i >= 200; i--) {
      s[i].abandon();
    }
    timer.turn();
    assertEquals(300, timer.linkedForTest(), "100 of 300: below half, no sweep");
    for (int i = 199; i >= 100; i--) {
      s[i].abandon();
    }
    timer.turn();
    assertEquals(100, timer.linkedForTest(), "200 of 300: swept");
    clock.advanceTicks(2_000);
    assertEquals(100, timer.turn().expired());
    assertEquals(100, w.wakes.get());
  }

  @Test
  void aFewAbandonedSleepsAreNotSwept() {
    Counting w = new Counting();
    registered(10, w); // live, at the head: nextLiveDue drops nothing behind it
    Sleep[] s = new Sleep[WheelTimer.SWEEP_MIN - 1];
    for (int i = 0; i < s.length; i++) {
      s[i] = registered(1_000 + i, w);
      s[i].abandon();
    }
    timer.turn();
    assertEquals(1 + s.length, timer.linkedForTest(), "fewer than 64: left for their slots");
  }

  @Test
  void abandoningASleepThatFiredDoesNothing() {
    Counting w = new Counting();
    Sleep s = registered(2, w);
    clock.advanceTicks(2);
    assertEquals(1, timer.turn().expired());
    s.abandon();
    assertTrue(s.isElapsed(), "it fired first: the fire and the abandonment race on one CAS");
    assertEquals(1, w.wakes.get());
  }
}
