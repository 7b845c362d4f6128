package maitake.impl.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The wheel core on its own, with no clock, no lock and no timer: random sequences of insert,
 * unlink, abandon (marked, left linked), re-arm in place, and advance (up to 2^38 ticks) against a
 * model, a set of live entries. Each advance hands back every live entry whose deadline has come,
 * never one whose deadline has not; nextLiveDue is the due tick of a slot at or before the earliest
 * live deadline (and none when nothing lives); a sweep leaves exactly the live entries linked. A
 * failure names its seed.
 */
class WheelCoreModelTest {
  static final int SEQUENCES = 5_000;
  static final int OPS = 80;

  private static WheelSleep entry(long deadline) {
    WheelSleep s = new WheelSleep(null);
    s.deadline = deadline;
    s.state = WheelSleep.REGISTERED;
    return s;
  }

  @Test
  void theCoreAgreesWithASetOfLiveEntriesOnFiveThousandRandomSequences() {
    for (long seed = 1; seed <= SEQUENCES; seed++) {
      try {
        runSequence(seed);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError("core model failed for seed " + seed + ": " + e.getMessage(), e);
      }
    }
  }

  private static long span(SplittableRandom rnd) {
    return switch (rnd.nextInt(4)) {
      case 0 -> 1 + rnd.nextInt(64);
      case 1 -> 1 + rnd.nextInt(4_096);
      case 2 -> 1 + rnd.nextLong(1L << 24);
      default -> 1 + rnd.nextLong(1L << 40);
    };
  }

  private static void runSequence(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    WheelCore core = new WheelCore();
    core.advance(rnd.nextLong(0, 1L << 40)); // start anywhere: nothing linked yet
    List<WheelSleep> live = new ArrayList<>();
    Set<WheelSleep> abandoned = new HashSet<>();
    for (int op = 0; op < OPS; op++) {
      int kind = rnd.nextInt(10);
      if (kind < 4) {
        WheelSleep s = entry(core.now() + span(rnd));
        core.insert(s);
        live.add(s);
      } else if (kind == 4 && !live.isEmpty()) {
        WheelSleep s = live.remove(rnd.nextInt(live.size()));
        core.unlink(s);
        assertEquals(-1, s.slot);
      } else if (kind == 5 && !live.isEmpty()) {
        WheelSleep s = live.remove(rnd.nextInt(live.size()));
        s.state = WheelSleep.ABANDONED; // marked; the core drops it when it meets it
        abandoned.add(s);
      } else if (kind == 6 && !abandoned.isEmpty()) {
        WheelSleep s = abandoned.iterator().next(); // re-armed and registered again
        abandoned.remove(s);
        s.deadline = core.now() + span(rnd);
        s.state = WheelSleep.REGISTERED;
        core.place(s);
        assertTrue(s.slot >= 0);
        live.add(s);
      } else if (kind == 7) {
        long due = core.nextLiveDue();
        long earliest = live.stream().mapToLong(s -> s.deadline).min().orElse(Long.MAX_VALUE);
        if (live.isEmpty()) {
          assertEquals(Long.MAX_VALUE, due, "nothing lives: no due slot");
        } else {
          assertTrue(
              due <= earliest, "due slot " + due + " after the earliest deadline " + earliest);
          assertTrue(due > core.now(), "due slot " + due + " not after now " + core.now());
        }
      } else {
        long target = core.now() + (rnd.nextBoolean() ? span(rnd) : rnd.nextInt(3));
        Set<WheelSleep> chain = new HashSet<>();
        for (WheelSleep e = core.advance(target); e != null; ) {
          WheelSleep n = e.next;
          e.next = null;
          assertTrue(e.deadline <= target, "handed back before its deadline");
          assertEquals(-1, e.slot);
          assertTrue(chain.add(e), "handed back twice");
          e = n;
        }
        assertEquals(target, core.now());
        for (WheelSleep s : new ArrayList<>(live)) {
          boolean due = s.deadline <= target;
          assertEquals(due, chain.contains(s), "live entry due=" + due);
          if (due) {
            s.state = WheelSleep.FIRED;
            live.remove(s);
          }
        }
        abandoned.removeIf(s -> s.slot < 0); // dropped by the core
      }
      assertTrue(core.linked() >= live.size(), "fewer linked than live");
    }
    core.sweep();
    assertEquals(live.size(), core.linked(), "a sweep leaves exactly the live entries");
    for (WheelSleep s : live) {
      assertTrue(s.slot >= 0, "a live entry was dropped");
    }
  }
}
