package maitake.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import maitake.Toolkit;
import maitake.future.Future;
import maitake.future.Futures;
import maitake.future.Yield;
import maitake.scheduler.Scheduler;
import maitake.scheduler.Tick;
import maitake.sync.Channel;
import maitake.sync.Mutex;
import maitake.sync.Outcome;
import maitake.sync.Semaphore;
import maitake.task.JoinError;
import maitake.task.JoinHandle;
import maitake.time.Elapsed;
import maitake.time.TestClock;
import maitake.time.Timer;
import maitake.time.Turn;
import org.junit.jupiter.api.Test;

/** The README's tour, step by step, so the README stays true. */
class ReadmeTourTest {

  @Test
  void theReadmeTourRunsAsDescribed() {
    Toolkit kit = Toolkit.load();
    assertInstanceOf(StandardToolkit.class, kit);
    Scheduler scheduler = kit.newScheduler();

    JoinHandle<String> hello = scheduler.spawn(new Yield(2).map(v -> "hello"));
    Tick tick = scheduler.tick();
    assertEquals(3, tick.polled());
    assertEquals(1, tick.completed());

    assertEquals("hello", Futures.blockOn(hello));
    CompletableFuture<String> cf = scheduler.spawn(Futures.ready("x")).toCompletableFuture();
    scheduler.tick();
    assertEquals("x", cf.join());

    JoinHandle<Object> idle = scheduler.spawn(Futures.pending());
    scheduler.tick();
    assertTrue(idle.cancel());
    assertEquals(1, scheduler.tick().completed());
    JoinError e = assertThrows(JoinError.class, () -> Futures.blockOn(idle));
    assertTrue(e.isCancelled());
  }

  @Test
  void theReadmeTimeTourRunsAsDescribed() {
    Toolkit kit = Toolkit.load();
    Scheduler scheduler = kit.newScheduler();
    TestClock clock = new TestClock(Duration.ofMillis(1));
    Timer timer = kit.newTimer(clock);
    JoinHandle<Void> nap = scheduler.spawn(timer.sleep(Duration.ofMillis(50)));
    JoinHandle<String> bounded =
        scheduler.spawn(timer.timeout(Duration.ofMillis(10), Futures.pending()));
    scheduler.tick();
    clock.advance(Duration.ofMillis(50));
    Turn turn = timer.turn();
    assertEquals(2, turn.expired());
    scheduler.tick();
    assertTrue(nap.isComplete());
    JoinError e = assertThrows(JoinError.class, () -> Futures.blockOn(bounded));
    assertInstanceOf(Elapsed.class, e.getCause());
    assertTrue(turn.timeToNextDeadline().isEmpty());
  }

  @Test
  void theReadmeSyncTourRunsAsDescribed() {
    Toolkit kit = Toolkit.load();
    Mutex<Map<String, Integer>> state = kit.newMutex(new HashMap<>());
    Semaphore pool = kit.newSemaphore(4);
    Channel<String> ch = kit.newChannel(64);
    Future<Integer> update =
        state
            .lock()
            .map(
                guard -> {
                  try (guard) {
                    return guard.get().merge("hits", 1, Integer::sum);
                  }
                });
    Future<Outcome<Semaphore.Permit>> permit = pool.acquire(1);
    Future<Outcome<String>> sent = ch.sender().send("hello");
    assertEquals(1, Futures.blockOn(update));
    assertEquals(1, Futures.blockOn(permit).value().permits());
    assertTrue(Futures.blockOn(sent).isOk());
    assertEquals("hello", ch.receiver().tryReceive().value());
    assertFalse(state.isLocked());
  }

  @Test
  void toolkitFactoriesReturnIndependentSchedulers() {
    Toolkit kit = Toolkit.load();
    assertTrue(kit.newScheduler() != kit.newScheduler());
    assertTrue(kit.newLocalScheduler() != kit.newLocalScheduler());
  }
}
