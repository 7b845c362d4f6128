package maitake.impl.time;

import static maitake.impl.time.WheelCore.PLACEMENT_RANGE;
import static maitake.impl.time.WheelCore.SLOTS;
import static maitake.impl.time.WheelCore.slotFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import maitake.future.Context;
import maitake.time.Clock;
import maitake.time.Sleep;
import maitake.time.TestClock;
import org.junit.jupiter.api.Test;

/** The level and slot index arithmetic, and the next-set-bit search, on their own. */
class WheelArithmeticTest {

  private static int level(int index) {
    return index / SLOTS;
  }

  private static int slot(int index) {
    return index % SLOTS;
  }

  @Test
  void theWheelsFastDurationConversionAgreesWithTheClocksForEveryTickSize() {
    SplittableRandom rnd = new SplittableRandom(7);
    Duration[] ticks = {
      Duration.ofNanos(1),
      Duration.ofNanos(3),
      Duration.ofNanos(1_000),
      Duration.ofMillis(1),
      Duration.ofMillis(7),
      Duration.ofSeconds(1),
      Duration.ofDays(1)
    };
    for (Duration tick : ticks) {
      TestClock clock = new TestClock(tick);
      HierarchicalTimerWheel wheel = new HierarchicalTimerWheel(clock);
      Duration[] fixed = {
        Duration.ZERO,
        Duration.ofNanos(1),
        tick,
        tick.plusNanos(1),
        tick.minusNanos(1),
        Duration.ofSeconds(8_999_999_999L, 999_999_999),
        Duration.ofSeconds(9_000_000_000L),
        Duration.ofSeconds(Long.MAX_VALUE / 2)
      };
      for (Duration d : fixed) {
        assertEquals(
            convert(clock::durationToTicks, d),
            convert(wheel::durationToTicks, d),
            tick + " / " + d);
      }
      for (int i = 0; i < 10_000; i++) {
        Duration d =
            Duration.ofSeconds(rnd.nextLong(1L << rnd.nextInt(34)), rnd.nextInt(1_000_000_000));
        assertEquals(
            convert(clock::durationToTicks, d),
            convert(wheel::durationToTicks, d),
            tick + " / " + d);
      }
    }
  }

  /** The ticks, or the exception's class name when the conversion refuses the duration. */
  private static String convert(java.util.function.ToLongFunction<Duration> f, Duration d) {
    try {
      return Long.toString(f.applyAsLong(d));
    } catch (RuntimeException e) {
      return e.getClass().getName();
    }
  }

  @Test
  void aClockWithItsOwnDurationConversionIsAlwaysAsked() {
    TestClock base = new TestClock(Duration.ofMillis(1));
    Clock floorClock =
        new Clock() {
          @Override
          public Duration tickDuration() {
            return base.tickDuration();
          }

          @Override
          public long nowTicks() {
            return base.nowTicks();
          }

          @Override
          public String name() {
            return "floor";
          }

          @Override
          public long durationToTicks(Duration duration) {
            return duration.toMillis(); // rounds down, unlike the default
          }
        };
    HierarchicalTimerWheel wheel = new HierarchicalTimerWheel(floorClock);
    assertEquals(1, wheel.durationToTicks(Duration.ofNanos(1_999_999)));
    assertEquals(2, new HierarchicalTimerWheel(base).durationToTicks(Duration.ofNanos(1_999_999)));
  }

  @Test
  void deadlinesWithinTheCurrentLevelZeroRotationGoToLevelZeroAtTheirTick() {
    assertEquals(5, slotFor(0, 5));
    assertEquals(63, slotFor(0, 63));
    assertEquals(10, slotFor(64 * 7 + 3, 64 * 7 + 10));
  }

  @Test
  void eachLevelCoversSixMoreBitsOfDifference() {
    for (int l = 0; l < 6; l++) {
      long deadline = 1L << (6 * l);
      int idx = slotFor(0, deadline);
      assertEquals(l, level(idx), "deadline 64^" + l);
      assertEquals(1, slot(idx));
      long almostNext = (1L << (6 * (l + 1))) - 1;
      assertEquals(l, level(slotFor(0, almostNext)), "deadline 64^" + (l + 1) + " - 1");
      assertEquals(63, slot(slotFor(0, almostNext)));
    }
  }

  @Test
  void crossingARotationBoundaryUsesTheLevelOfTheHighestDifferingGroup() {
    // now = 63, deadline = 64: they differ in bit 6, so level 1, slot 1
    assertEquals(SLOTS + 1, slotFor(63, 64));
    // now = 4095, deadline = 4096: level 2, slot 1
    assertEquals(2 * SLOTS + 1, slotFor(4095, 4096));
  }

  @Test
  void deadlinesInTheNextTopRotationGoToTheirOwnTopSlotWhenItComesUpFirst() {
    long now = PLACEMENT_RANGE - 5; // top slot 63
    long deadline = PLACEMENT_RANGE + 3; // next rotation, top slot 0
    int idx = slotFor(now, deadline);
    assertEquals(5, level(idx));
    assertEquals(0, slot(idx));
  }

  @Test
  void deadlinesAWholeRotationAwayGoToTheLastTopSlotToComeUp() {
    long now = 5L << 30; // top slot 5
    assertEquals(5 * SLOTS + 4, slotFor(now, now + PLACEMENT_RANGE));
    assertEquals(5 * SLOTS + 4, slotFor(now, now + (1L << 50)));
    // next rotation, same top slot as now: also the last slot
    assertEquals(5 * SLOTS + 4, slotFor(now, now + PLACEMENT_RANGE - 1));
  }

  @Test
  void aSlotNeverComesDueAfterTheDeadlineItHolds() {
    SplittableRandom rnd = new SplittableRandom(42);
    for (int i = 0; i < 100_000; i++) {
      long now = rnd.nextLong(0, 1L << 45);
      long deadline = now + 1 + rnd.nextLong(0, 1L << rnd.nextInt(1, 44));
      int idx = slotFor(now, deadline);
      int l = level(idx);
      int s = slot(idx);
      int shift = 6 * l;
      int bits = shift + 6;
      int nowSlot = (int) ((now >>> shift) & 63);
      long due = ((now >>> bits) << bits) + ((long) s << shift);
      if (s < nowSlot) {
        due += 1L << bits;
      }
      assertTrue(s != nowSlot, "never placed in now's own slot: " + now + " -> " + deadline);
      assertTrue(due > now, "comes due after now");
      assertTrue(
          due <= deadline,
          "comes due no later than the deadline: "
              + now
              + " -> "
              + deadline
              + " at level "
              + l
              + " slot "
              + s
              + " due "
              + due);
    }
  }

  @Test
  void theNextDueSlotIsFoundAcrossTheWrapOfALevel() {
    TestClock clock = new TestClock(Duration.ofNanos(1));
    HierarchicalTimerWheel t = new HierarchicalTimerWheel(clock);
    clock.setTicks(60);
    t.turn();
    Sleep s = t.sleepTicks(10); // deadline 70: level 1 slot 1, due at 64
    s.poll(Context.NOOP);
    assertEquals(4, t.turn().ticksToNextDeadline().getAsLong());
    clock.setTicks(64);
    t.turn(); // cascades to level 0, slot 6 (70)
    assertEquals(6, t.turn().ticksToNextDeadline().getAsLong());
  }
}
