package maitake.impl.time;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import maitake.time.Sleep;
import maitake.time.TestClock;
import maitake.time.Turn;
import org.junit.jupiter.api.Test;

/**
 * A randomized model test of the wheel against a reference: a priority queue of deadlines. Random
 * sequences of create-sleep (up to 2^40 ticks), abandon, and advance (up to 2^38 ticks) check that
 * each sleep fires in the first turn at or after its deadline and never before, and that each turn
 * fires as many sleeps as the model says. A failure names its seed; rerun one seed with {@code
 * -Dmaitake.model.seed=N}.
 */
class TimerWheelModelTest {
  static final int SEQUENCES = 10_000;
  static final int OPS = 60;

  /** One live sleep in the model. */
  record Entry(long deadline, int id) {}

  @Test
  void theWheelAgreesWithAPriorityQueueOnTenThousandRandomSequences() {
    String only = System.getProperty("maitake.model.seed");
    long first = only != null ? Long.parseLong(only) : 1;
    long count = only != null ? 1 : SEQUENCES;
    long turnsChecked = 0;
    for (long seed = first; seed < first + count; seed++) {
      try {
        turnsChecked += runSequence(seed);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(
            "model test failed for seed "
                + seed
                + " (rerun with -Dmaitake.model.seed="
                + seed
                + "): "
                + e.getMessage(),
            e);
      }
    }
    System.out.println(
        "TimerWheelModelTest: " + count + " sequences, " + turnsChecked + " turns checked");
  }

  private static long runSequence(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    TestClock clock = new TestClock(Duration.ofNanos(1));
    clock.setTicks(rnd.nextLong(0, 1L << 40));
    long granularity = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(1000) : 1;
    HierarchicalTimerWheel timer = new HierarchicalTimerWheel(clock, granularity);
    long origin = clock.nowTicks();
    List<Sleep> sleeps = new ArrayList<>();
    List<Long> clockDeadlines = new ArrayList<>();
    boolean[] abandoned = new boolean[OPS + 1];
    boolean[] fired = new boolean[OPS + 1];
    PriorityQueue<Entry> model =
        new PriorityQueue<>((a, b) -> Long.compare(a.deadline, b.deadline));
    long turns = 0;
    for (int op = 0; op < OPS; op++) {
      int kind = rnd.nextInt(10);
      if (kind < 5) {
        long ticks =
            rnd.nextInt(3) == 0
                ? rnd.nextLong(0, 1L << 40)
                : rnd.nextLong(0, 1L << rnd.nextInt(1, 37));
        Sleep s = timer.sleepTicks(ticks);
        int id = sleeps.size();
        sleeps.add(s);
        long d = clock.nowTicks() + ticks;
        clockDeadlines.add(d);
        // a sleep fires at the first wheel tick at or after its clock deadline, or at its first
        // poll if the clock is already at or past the deadline
        long wheelDeadline = ceilDiv(d - origin, granularity);
        long fireAt = origin + wheelDeadline * granularity;
        boolean immediately = s.poll(maitake.future.Context.NOOP).isReady();
        assertEquals(d <= clock.nowTicks(), immediately, "sleep " + id + " of " + ticks);
        if (immediately) {
          fired[id] = true;
        } else {
          model.add(new Entry(fireAt, id));
        }
      } else if (kind < 7 && !sleeps.isEmpty()) {
        int id = rnd.nextInt(sleeps.size());
        if (!fired[id] && !abandoned[id]) {
          abandoned[id] = true;
          model.removeIf(e -> e.id == id);
          sleeps.get(id).abandon();
        }
      } else {
        long by =
            rnd.nextInt(3) == 0
                ? rnd.nextLong(0, 1L << 38)
                : rnd.nextLong(0, 1L << rnd.nextInt(1, 30));
        clock.advanceTicks(by);
        Turn t = timer.turn();
        turns++;
        int expected = 0;
        while (!model.isEmpty() && model.peek().deadline <= clock.nowTicks()) {
          Entry e = model.poll();
          fired[e.id] = true;
          expected++;
        }
        assertEquals(expected, t.expired(), "fired in the turn to " + clock.nowTicks());
        for (int id = 0; id < sleeps.size(); id++) {
          assertEquals(
              fired[id],
              sleeps.get(id).isElapsed(),
              "sleep "
                  + id
                  + " with deadline "
                  + clockDeadlines.get(id)
                  + " at "
                  + clock.nowTicks());
        }
        if (!model.isEmpty()) {
          long next = t.ticksToNextDeadline().orElseThrow();
          long earliest = model.peek().deadline - clock.nowTicks();
          if (next <= 0) {
            throw new AssertionError("a turn left a slot due at once (the wheel would spin): " + t);
          }
          if (next > earliest) {
            throw new AssertionError(
                "next deadline reported in " + next + " ticks, but a sleep is due in " + earliest);
          }
        }
      }
    }
    // drain: everything left fires, each exactly when due
    while (!model.isEmpty()) {
      long target = model.peek().deadline;
      clock.setTicks(target - 1);
      assertEquals(0, timer.turn().expired(), "nothing fires one tick early");
      clock.setTicks(target);
      int expected = 0;
      while (!model.isEmpty() && model.peek().deadline <= target) {
        fired[model.poll().id] = true;
        expected++;
      }
      assertEquals(expected, timer.turn().expired());
      turns++;
    }
    assertEquals(0, timer.registeredForTest());
    return turns;
  }

  private static long ceilDiv(long a, long b) {
    return a <= 0 ? 0 : a / b + (a % b == 0 ? 0 : 1);
  }
}
