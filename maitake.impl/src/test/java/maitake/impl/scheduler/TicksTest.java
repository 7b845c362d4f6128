package maitake.impl.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import maitake.scheduler.Tick;
import org.junit.jupiter.api.Test;

/** Ticks in a steady state come back as the same instance, so ticking allocates nothing. */
class TicksTest {

  @Test
  void aTickOfSmallCountsIsTheSameInstanceWhateverTicksCameBetween() {
    // a scheduler woken from another thread alternates between such ticks
    Tick a = Ticks.reuse(Tick.IDLE, 1, 0, 0, 1, 0, false);
    Tick b = Ticks.reuse(a, 0, 0, 0, 1, 0, true);
    Tick c = Ticks.reuse(b, 1, 0, 0, 0, 0, false);
    assertSame(a, Ticks.reuse(c, 1, 0, 0, 1, 0, false));
    assertSame(b, Ticks.reuse(a, 0, 0, 0, 1, 0, true));
    assertSame(c, Ticks.reuse(b, 1, 0, 0, 0, 0, false));
  }

  @Test
  void aTickOfLargeCountsEqualToTheLastIsTheLastItself() {
    Tick last = new Tick(256, 3, 1000, 500, 7, true);
    assertSame(last, Ticks.reuse(last, 256, 3, 1000, 500, 7, true));
  }

  @Test
  void everyTickCarriesItsOwnCounts() {
    Tick last = Tick.IDLE;
    for (int polled = 0; polled <= 5; polled++) {
      for (int completed = 0; completed <= polled; completed++) {
        for (long spawned = 0; spawned <= 5; spawned++) {
          for (long external = 0; external <= 5; external++) {
            for (long internal = 0; internal <= 5; internal++) {
              for (boolean remaining : new boolean[] {false, true}) {
                Tick t =
                    Ticks.reuse(last, polled, completed, spawned, external, internal, remaining);
                assertEquals(
                    new Tick(polled, completed, spawned, external, internal, remaining), t);
                last = t;
              }
            }
          }
        }
      }
    }
  }

  @Test
  void aTickWithCountsUnlikeTheLastIsANewOne() {
    Tick last = new Tick(256, 3, 1000, 500, 7, true);
    Tick t = Ticks.reuse(last, 256, 3, 1000, 501, 7, true);
    assertNotSame(last, t);
    assertEquals(new Tick(256, 3, 1000, 501, 7, true), t);
  }
}
