package maitake.impl.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import maitake.Toolkit;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Futures;
import maitake.future.Poll;
import maitake.future.Yield;
import maitake.scheduler.Injector;
import maitake.scheduler.LocalScheduler;
import maitake.scheduler.Scheduler;
import maitake.scheduler.StealAttempt;
import maitake.scheduler.Stealer;
import maitake.sync.Semaphore;
import maitake.task.JoinError;
import maitake.task.JoinHandle;
import maitake.task.TaskRegistry;
import maitake.task.TaskSnapshot;
import maitake.task.TaskStorage;
import maitake.time.TestClock;
import maitake.time.Timer;
import org.junit.jupiter.api.Test;

/** {@link TaskRegistry}: who is listed, in which state, and what cancelAll and dump do. */
class TaskRegistryTest {
  private final Toolkit kit = Toolkit.load();
  private final TestClock clock = new TestClock(Duration.ofMillis(1));
  private final Timer timer = kit.newTimer(clock);
  private final TaskRegistry registry = kit.newTaskRegistry(clock, false);

  private static TaskSnapshot only(TaskRegistry r) {
    List<TaskSnapshot> all = r.snapshot();
    assertEquals(1, all.size(), "snapshot: " + all);
    return all.get(0);
  }

  @Test
  void aSchedulerWithoutARegistryListsNothingAndOneWithItListsEachLiveTaskUntilItEnds() {
    Scheduler s = kit.newScheduler();
    s.spawn(new Yield(1)).detach();
    assertEquals(0, registry.size());
    s.setTaskRegistry(registry);
    JoinHandle<Void> h = s.buildTask().name("fetch").kind("io").spawn(new Yield(1));
    assertEquals(1, registry.size());
    TaskSnapshot t = only(registry);
    assertEquals("fetch", t.name());
    assertEquals("io", t.kind());
    assertEquals("queued", t.state());
    assertEquals(h.id(), t.id());
    assertTrue(t.spawnSite().isEmpty());
    while (!h.isComplete()) {
      s.tick();
    }
    assertEquals(0, registry.size());
    assertTrue(registry.snapshot().isEmpty());
    s.setTaskRegistry(null);
    s.spawn(new Yield(0)).detach();
    assertEquals(0, registry.size());
  }

  @Test
  void aTaskParkedOnASleepIsWaitingWithItsAgeAndWhatItWaitsOn() {
    Scheduler s = kit.newScheduler();
    s.setTaskRegistry(registry);
    JoinHandle<Void> h = s.spawn(timer.sleep(Duration.ofMillis(100)));
    s.tick();
    clock.advance(Duration.ofMillis(30));
    TaskSnapshot t = only(registry);
    assertEquals("waiting", t.state());
    assertEquals(Duration.ofMillis(30), t.age());
    assertTrue(t.waitsOn().startsWith("Sleep("), t.waitsOn());
    String dump = registry.dump();
    assertTrue(dump.startsWith("maitake task dump: 1 live task (ages on clock"), dump);
    assertTrue(dump.contains("task " + h.id() + " waiting, age 30 ms\n"), dump);
    assertTrue(dump.contains("    waits on: Sleep("), dump);
    assertTrue(h.cancel());
    assertEquals("cancelled", only(registry).state());
    s.tick();
    assertEquals(0, registry.size());
  }

  @Test
  void aTaskLooksRunningFromInsideItsOwnPoll() {
    Scheduler s = kit.newScheduler();
    s.setTaskRegistry(registry);
    AtomicReference<String> seen = new AtomicReference<>();
    s.spawn(
            (Context cx) -> {
              seen.set(only(registry).state());
              return Poll.ready(null);
            })
        .detach();
    s.tick();
    assertEquals("running", seen.get());
    assertEquals(0, registry.size());
  }

  @Test
  void aFutureWhoseToStringThrowsIsNamedInsteadAndTheSnapshotGoesOn() {
    Scheduler s = kit.newScheduler();
    s.setTaskRegistry(registry);
    s.spawn(
            new Future<Void>() {
              @Override
              public Poll<Void> poll(Context cx) {
                return Poll.pending();
              }

              @Override
              public String toString() {
                throw new IllegalStateException("no words");
              }
            })
        .detach();
    s.spawn(new Yield(5)).detach();
    List<TaskSnapshot> all = registry.snapshot();
    assertEquals(2, all.size());
    assertTrue(
        all.stream()
            .anyMatch(
                t ->
                    t.waitsOn()
                        .equals(
                            "(its toString() threw java.lang.IllegalStateException: no words)")),
        all.toString());
    s.close();
    while (s.tick().hasRemaining()) {
      // tear down
    }
    assertEquals(0, registry.size());
  }

  @Test
  void aTaskStolenFromAnInjectorStaysListedUntilItEndsOnTheWorker() {
    Injector injector = kit.newInjector();
    injector.setTaskRegistry(registry);
    Scheduler worker = kit.newScheduler(); // no registry of its own
    JoinHandle<Void> h = injector.buildTask().name("job").spawn(timer.sleep(Duration.ofMillis(1)));
    assertEquals("queued", only(registry).state());
    StealAttempt a = injector.trySteal();
    try (Stealer st = a.get()) {
      assertEquals(1, st.stealMany(worker, 8));
    }
    worker.tick();
    assertEquals("job", only(registry).name());
    assertEquals("waiting", only(registry).state());
    clock.advance(Duration.ofMillis(1));
    timer.turn();
    worker.tick();
    assertTrue(h.isComplete());
    assertEquals(0, registry.size());
  }

  @Test
  void aLocalSchedulerListsLocalAndRemoteSpawns() throws Exception {
    LocalScheduler local = kit.newLocalScheduler();
    local.setTaskRegistry(registry);
    JoinHandle<Void> here = local.spawn(timer.sleep(Duration.ofMillis(5)));
    JoinHandle<?>[] there = new JoinHandle<?>[1];
    Thread other = new Thread(() -> there[0] = local.spawner().spawn(new Yield(1)));
    other.start();
    other.join();
    assertEquals(2, registry.size());
    local.tick();
    assertEquals(
        List.of("waiting"), registry.snapshot().stream().map(TaskSnapshot::state).toList());
    clock.advance(Duration.ofMillis(5));
    timer.turn();
    local.tick();
    assertTrue(here.isComplete() && there[0].isComplete());
    assertEquals(0, registry.size());
  }

  @Test
  void cancelAllTearsDownEveryWaitingTaskAndItsPermitsComeBack() {
    Scheduler s = kit.newScheduler();
    s.setTaskRegistry(registry);
    Semaphore pool = kit.newSemaphore(2);
    JoinHandle<?>[] jobs = new JoinHandle<?>[3];
    for (int i = 0; i < jobs.length; i++) {
      jobs[i] = s.spawn(pool.withPermits(1, p -> timer.sleep(Duration.ofSeconds(1))));
    }
    s.tick();
    assertEquals(0, pool.availablePermits()); // two hold a permit and sleep, one waits for one
    assertEquals(3, registry.cancelAll());
    assertEquals(0, registry.cancelAll()); // nothing left to cancel
    s.tick();
    assertEquals(0, registry.size());
    assertEquals(2, pool.availablePermits());
    for (JoinHandle<?> j : jobs) {
      JoinError e = assertThrows(JoinError.class, () -> Futures.blockOn(j));
      assertTrue(e.isCancelled());
    }
  }

  @Test
  void aRegistryThatCapturesSpawnSitesStartsTheSiteAtTheCaller() {
    TaskRegistry sites = kit.newTaskRegistry(clock, true);
    Scheduler s = kit.newScheduler();
    s.setTaskRegistry(sites);
    s.spawn(new Yield(1)).detach();
    List<StackTraceElement> site = only(sites).spawnSite();
    assertEquals(getClass().getName(), site.get(0).getClassName());
    assertEquals(
        "aRegistryThatCapturesSpawnSitesStartsTheSiteAtTheCaller", site.get(0).getMethodName());
    assertTrue(sites.dump().contains("    spawned at:\n        at " + getClass().getName()));
  }

  @Test
  void aReusedStorageIsListedOncePerSpawnAndTheOldEntryNeverCancelsTheNewTask() {
    Scheduler s = kit.newScheduler();
    s.setTaskRegistry(registry);
    TaskStorage<Void> storage = s.newTaskStorage();
    for (int i = 0; i < 3; i++) {
      JoinHandle<Void> h = s.spawn(storage, new Yield(1));
      assertEquals(1, registry.size());
      while (!h.isComplete()) {
        s.tick();
      }
      assertEquals(0, registry.size());
      Futures.blockOn(h);
    }
    JoinHandle<Void> h = s.spawn(storage, new Yield(1));
    TaskSnapshot t = only(registry);
    assertEquals(h.id(), t.id());
    assertFalse(h.isCancelled());
  }

  @Test
  void aSpawnOntoAClosedSchedulerIsNotLeftListed() {
    Scheduler s = kit.newScheduler();
    s.setTaskRegistry(registry);
    s.close();
    JoinHandle<Void> h = s.spawn(new Yield(1));
    assertTrue(h.isComplete());
    assertEquals(0, registry.size());
    Injector injector = kit.newInjector();
    injector.setTaskRegistry(registry);
    injector.spawn(new Yield(1)).detach();
    assertEquals(1, registry.size());
    injector.close();
    assertEquals(0, registry.size());
  }

  @Test
  void aRegistryOfAnotherImplementationIsRefusedClearly() {
    TaskRegistry foreign =
        new TaskRegistry() {
          @Override
          public int size() {
            return 0;
          }

          @Override
          public List<TaskSnapshot> snapshot() {
            return List.of();
          }

          @Override
          public int cancelAll() {
            return 0;
          }

          @Override
          public String dump() {
            return "";
          }
        };
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> kit.newScheduler().setTaskRegistry(foreign));
    assertTrue(e.getMessage().contains("another toolkit implementation"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> kit.newInjector().setTaskRegistry(foreign));
    assertThrows(
        IllegalArgumentException.class, () -> kit.newLocalScheduler().setTaskRegistry(foreign));
    assertThrows(NullPointerException.class, () -> kit.newTaskRegistry(null, false));
  }

  @Test
  void theJavadocExampleDumpsTheNamedTask() {
    Scheduler scheduler = kit.newScheduler();
    scheduler.setTaskRegistry(registry);
    JoinHandle<Void> h =
        scheduler.buildTask().name("fetch").spawn(timer.sleep(Duration.ofSeconds(1)));
    scheduler.tick();
    String dump = registry.dump();
    assertTrue(dump.contains("task " + h.id() + " 'fetch' waiting, age 0 ms"), dump);
  }

  @Test
  void whatATaskWaitsOnIsTheChainOfItsCombinatorsDownToTheWaitingPrimitive() {
    Scheduler s = kit.newScheduler();
    s.setTaskRegistry(registry);
    Semaphore pool = kit.newSemaphore(1);
    s.spawn(pool.withPermits(1, p -> timer.sleep(Duration.ofMillis(5))).map(o -> 1)).detach();
    s.spawn(
            Futures.join(
                    pool.acquire(1).map(o -> 2), timer.sleep(Duration.ofMillis(7)), new Yield(0))
                .andThen(l -> Futures.ready(3)))
        .detach();
    s.tick();
    List<String> waits = registry.snapshot().stream().map(TaskSnapshot::waitsOn).sorted().toList();
    assertEquals(2, waits.size(), waits.toString());
    assertTrue(
        waits.get(0).startsWith("andThen(join(2 of 3 pending: [map(Semaphore.acquire(1)(queued"),
        waits.get(0));
    assertTrue(waits.get(0).contains(", Sleep(PT0.007S"), waits.get(0));
    assertTrue(
        waits.get(1).startsWith("map(bracket(holding Ok(Permit(1)), running map(Sleep(PT0.005S"),
        waits.get(1));
    s.close();
    while (s.tick().hasRemaining()) {
      // tear down
    }
  }
}
