package maitake.jfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import maitake.Toolkit;
import maitake.future.Futures;
import maitake.future.Poll;
import maitake.future.Yield;
import maitake.runtime.Runtime;
import maitake.task.JoinHandle;
import maitake.time.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records a run of a runtime with the JFR observer and reads the events back with {@link
 * RecordingFile}. Time comes from a {@link TestClock} that the test advances; nothing sleeps.
 */
class MaitakeJfrTest {
  private final Toolkit kit = Toolkit.load();
  private final TestClock clock = new TestClock(Duration.ofMillis(1));

  private static List<RecordedEvent> record(Path file, Runnable run) throws Exception {
    try (Recording r = new Recording()) {
      for (String e :
          List.of(
              "maitake.TaskSpawn",
              "maitake.TaskEnd",
              "maitake.LongPoll",
              "maitake.TimerTurn",
              "maitake.Steal",
              "maitake.LockProviderSwap")) {
        r.enable(e);
      }
      r.start();
      run.run();
      r.stop();
      r.dump(file);
    }
    return RecordingFile.readAllEvents(file);
  }

  private static Map<String, Integer> count(List<RecordedEvent> events) {
    Map<String, Integer> n = new TreeMap<>();
    for (RecordedEvent e : events) {
      n.merge(e.getEventType().getName(), 1, Integer::sum);
    }
    return n;
  }

  @Test
  void aRecordedRunHasEveryKindOfEventAndTheirFieldsReadBack(@TempDir Path dir) throws Exception {
    int tasks = 200;
    Path file = dir.resolve("run.jfr");
    List<RecordedEvent> events =
        record(
            file,
            () -> {
              try (Runtime rt =
                  Runtime.builder(kit)
                      .workers(2)
                      .clock(clock)
                      .observer(MaitakeJfr.observer(kit, 1, Duration.ZERO))
                      .build()) {
                List<JoinHandle<Integer>> hs = new ArrayList<>();
                for (int i = 0; i < tasks; i++) {
                  int id = i;
                  hs.add(
                      rt.buildTask()
                          .name("job-" + i)
                          .spawn(
                              i % 2 == 0
                                  ? new Yield(1).map(v -> id)
                                  : rt.timer().sleep(Duration.ofMillis(3)).map(v -> id)));
                }
                String before = kit.activeLockProvider();
                kit.pinLockProvider("ticket");
                assertTrue(!before.equals(kit.activeLockProvider()), "the pin swapped providers");
                // every sleep registers before the clock moves: each fires through a timer turn
                while (rt.tasks().size() != tasks / 2
                    || !rt.tasks().snapshot().stream().allMatch(t -> t.state().equals("waiting"))) {
                  Thread.yield();
                }
                clock.advance(Duration.ofMillis(3));
                for (int i = 0; i < tasks; i++) {
                  assertEquals(i, Futures.blockOn(hs.get(i)));
                }
              } finally {
                kit.pinLockProvider(null);
              }
            });
    Map<String, Integer> n = count(events);
    assertEquals(tasks, n.get("maitake.TaskSpawn"), n.toString());
    assertEquals(tasks, n.get("maitake.TaskEnd"), n.toString());
    assertTrue(n.get("maitake.LongPoll") >= tasks, n.toString()); // threshold zero: every poll
    assertTrue(n.get("maitake.TimerTurn") >= 1, n.toString());
    assertTrue(n.get("maitake.Steal") >= 1, n.toString());
    assertTrue(n.get("maitake.LockProviderSwap") >= 1, n.toString());

    RecordedEvent spawn = first(events, "maitake.TaskSpawn");
    assertTrue(spawn.getString("name").startsWith("job-"), spawn.toString());
    assertEquals("task", spawn.getString("kind"));
    assertTrue(spawn.getLong("taskId") != 0);
    RecordedEvent poll = first(events, "maitake.LongPoll");
    assertTrue(poll.getString("future").startsWith("map("), poll.toString());
    assertTrue(poll.getLong("pollNanos") >= 0);
    assertTrue(poll.getStackTrace() != null && !poll.getStackTrace().getFrames().isEmpty());
    assertTrue(
        events.stream()
                .filter(e -> e.getEventType().getName().equals("maitake.TimerTurn"))
                .mapToInt(e -> e.getInt("fired"))
                .sum()
            == tasks / 2,
        "every sleep fired through a turn");
    assertTrue(
        events.stream()
            .filter(e -> e.getEventType().getName().equals("maitake.Steal"))
            .anyMatch(e -> e.getBoolean("fromInjector") && e.getInt("tasks") > 0));
    RecordedEvent swap = first(events, "maitake.LockProviderSwap");
    assertEquals("ticket", swap.getString("provider"));
    Files.deleteIfExists(file);
  }

  @Test
  void sampledSpawnsEmitOneEventInEveryNPerThreadAndLongPollsOnlyAboveTheThreshold(
      @TempDir Path dir) throws Exception {
    List<RecordedEvent> events =
        record(
            dir.resolve("sampled.jfr"),
            () -> {
              try (Runtime rt =
                  Runtime.builder(kit)
                      .workers(1)
                      .clock(clock)
                      .observer(MaitakeJfr.observer(kit, 10, Duration.ofDays(1)))
                      .build()) {
                List<JoinHandle<Void>> hs = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                  hs.add(rt.spawn(new Yield(0)));
                }
                hs.forEach(rt::blockOn);
              }
            });
    Map<String, Integer> n = count(events);
    assertEquals(10, n.get("maitake.TaskSpawn"), n.toString()); // one thread spawned them all
    assertEquals(10, n.get("maitake.TaskEnd"), n.toString()); // one worker ended them all
    assertEquals(null, n.get("maitake.LongPoll"), n.toString());
  }

  @Test
  void aLongPollIsTimedOnTheClockTheObserverWasGiven(@TempDir Path dir) throws Exception {
    List<RecordedEvent> events =
        record(
            dir.resolve("timed.jfr"),
            () -> {
              try (Runtime rt =
                  Runtime.builder(kit)
                      .workers(1)
                      .clock(clock)
                      .observer(MaitakeJfr.observer(kit, clock, 1, Duration.ofMillis(5)))
                      .build()) {
                JoinHandle<Integer> slow =
                    rt.buildTask()
                        .name("slow")
                        .spawn(
                            Futures.pollFn(
                                cx -> {
                                  clock.advance(Duration.ofMillis(7)); // the poll "takes" 7 ms
                                  return Poll.ready(7);
                                }));
                JoinHandle<Void> quick = rt.buildTask().name("quick").spawn(new Yield(2));
                assertEquals(7, rt.blockOn(slow));
                rt.blockOn(quick);
              }
            });
    List<RecordedEvent> longPolls =
        events.stream().filter(e -> e.getEventType().getName().equals("maitake.LongPoll")).toList();
    assertEquals(1, longPolls.size(), longPolls.toString());
    assertEquals("slow", longPolls.get(0).getString("name"));
    assertEquals(7_000_000L, longPolls.get(0).getLong("pollNanos"));
  }

  @Test
  void badSettingsAreRefusedClearly() {
    assertThrows(
        NullPointerException.class, () -> MaitakeJfr.observer(kit, null, 1, Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> MaitakeJfr.observer(kit, 0, Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class, () -> MaitakeJfr.observer(kit, 1, Duration.ofNanos(-1)));
    assertThrows(NullPointerException.class, () -> MaitakeJfr.observer(null, 1, Duration.ZERO));
  }

  private static RecordedEvent first(List<RecordedEvent> events, String type) {
    return events.stream()
        .filter(e -> e.getEventType().getName().equals(type))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type));
  }
}
