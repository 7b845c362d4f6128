package maitake.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClockAndInstantTest {

  @Test
  void theSystemClockCountsNanosecondsOrCoarserTicksAndNeverGoesBack() {
    Clock nanos = Clock.system();
    assertEquals(Duration.ofNanos(1), nanos.tickDuration());
    long a = nanos.nowTicks();
    long b = nanos.nowTicks();
    assertTrue(b >= a);
    Clock millis = Clock.system(Duration.ofMillis(1));
    assertEquals(Duration.ofMillis(1), millis.tickDuration());
    assertEquals("system/PT0.001S", millis.name());
    assertTrue(Math.abs(millis.nowTicks() - System.nanoTime() / 1_000_000) <= 1);
    assertEquals(nanos, Clock.system(Duration.ofNanos(1)));
  }

  @Test
  void badClockInputIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> Clock.system(Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class, () -> Clock.of("x", Duration.ofNanos(-1), () -> 0));
    assertThrows(NullPointerException.class, () -> Clock.of("x", Duration.ofNanos(1), null));
    assertThrows(IllegalArgumentException.class, () -> new TestClock().advanceTicks(-1));
    assertThrows(
        IllegalArgumentException.class,
        () -> new TestClock().durationToTicks(Duration.ofNanos(-5)));
    assertThrows(IllegalArgumentException.class, () -> new TestClock().ticksToDuration(-1));
  }

  @Test
  void aSuppliedClockReadsItsSource() {
    long[] t = {41};
    Clock c = Clock.of("counter", Duration.ofNanos(10_000), () -> ++t[0]);
    assertEquals(42, c.nowTicks());
    assertEquals("counter", c.name());
    assertEquals(Duration.ofNanos(30_000), c.ticksToDuration(3));
  }

  @Test
  void instantArithmeticIsCheckedAndElapsedIsTheTimeSinceTheInstant() {
    TestClock clock = new TestClock(Duration.ofMillis(1));
    clock.advanceTicks(100);
    Instant then = Instant.now(clock);
    clock.advanceTicks(25);
    assertEquals(Duration.ofMillis(25), then.elapsed());
    Instant later = then.plus(Duration.ofMillis(10));
    assertEquals(110, later.ticks());
    assertEquals(Duration.ofMillis(10), later.durationSince(then));
    assertEquals(Duration.ZERO, then.durationSince(later), "saturates at zero");
    assertTrue(then.checkedDurationSince(later).isEmpty());
    assertTrue(then.isBefore(later));
    Instant max = Instant.ofTicks(clock, Long.MAX_VALUE);
    assertThrows(ArithmeticException.class, () -> max.plus(Duration.ofMillis(1)));
    assertTrue(max.checkedPlus(Duration.ofMillis(1)).isEmpty());
    assertTrue(Instant.ofTicks(clock, Long.MIN_VALUE).checkedMinus(Duration.ofMillis(1)).isEmpty());
    assertThrows(
        IllegalArgumentException.class,
        () -> then.compareTo(Instant.now(new TestClock())),
        "different clocks");
    assertEquals(Duration.ofMillis(100), then.sinceZero());
  }
}
