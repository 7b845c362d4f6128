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
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Futures;
import maitake.future.Poll;
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

  /** The README's state-machine job, as written there. */
  static final class Job implements Future<String> {
    private final Timer timer;
    private final Duration nap;
    private Future<Outcome<Semaphore.Permit>> acquire; // step 1, until granted
    private Semaphore.Permit permit; // held through step 2
    private Future<Void> work; // step 2

    Job(Semaphore pool, Timer timer, Duration nap) {
      this.timer = timer;
      this.nap = nap;
      this.acquire = pool.acquire(1);
    }

    @Override
    public Poll<String> poll(Context cx) {
      if (acquire != null) {
        Poll<Outcome<Semaphore.Permit>> p = acquire.poll(cx);
        if (p.isPending()) {
          return Poll.pending();
        }
        acquire = null;
        permit = p.value().value();
        work = timer.timeout(Duration.ofMillis(30), timer.sleep(nap));
      }
      String result;
      try {
        if (work.poll(cx).isPending()) {
          return Poll.pending();
        }
        result = "done";
      } catch (Elapsed e) {
        result = "timed out";
      }
      release();
      return Poll.ready(result);
    }

    @Override
    public void abandon() { // at any step: nothing stays held
      if (acquire != null) {
        acquire.abandon();
        acquire = null;
      }
      if (work != null) {
        work.abandon();
      }
      release();
    }

    private void release() {
      work = null;
      if (permit != null) {
        permit.close();
        permit = null;
      }
    }
  }

  @Test
  void theReadmeStateMachineJobAndItsCombinatorTwinAgreeAndGiveEveryPermitBack() {
    Toolkit kit = Toolkit.load();
    Scheduler scheduler = kit.newScheduler();
    TestClock clock = new TestClock(Duration.ofMillis(1));
    Timer timer = kit.newTimer(clock);
    Semaphore pool = kit.newSemaphore(2);
    java.util.List<JoinHandle<String>> machines = new java.util.ArrayList<>();
    java.util.List<JoinHandle<String>> combined = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Duration nap = Duration.ofMillis(i % 2 == 0 ? 5 : 50); // half of them time out
      machines.add(scheduler.spawn(new Job(pool, timer, nap)));
      combined.add(
          scheduler.spawn(
              pool.withPermits(
                      1,
                      permit ->
                          timer.timeout(Duration.ofMillis(30), timer.sleep(nap).map(v -> "done")))
                  .map(o -> o.value())
                  .recover(e -> e instanceof Elapsed ? "timed out" : "failed")));
    }
    JoinHandle<String> abandoned = scheduler.spawn(new Job(pool, timer, Duration.ofDays(1)));
    scheduler.tick();
    abandoned.cancel(); // queued for a permit, or holding one: either way it gives it back
    for (int step = 0; step < 10_000; step++) {
      scheduler.tick();
      if (machines.stream().allMatch(JoinHandle::isComplete)
          && combined.stream().allMatch(JoinHandle::isComplete)) {
        break;
      }
      clock.advance(Duration.ofMillis(1));
      timer.turn();
    }
    for (int i = 0; i < 40; i++) {
      String expected = i % 2 == 0 ? "done" : "timed out";
      assertEquals(expected, Futures.blockOn(machines.get(i)), "machine " + i);
      assertEquals(expected, Futures.blockOn(combined.get(i)), "combined " + i);
    }
    assertEquals(2, pool.availablePermits());
  }
}
