package maitake.impl.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import maitake.future.Future;
import maitake.future.Futures;
import maitake.future.NonBlockingRegion;
import maitake.future.Poll;
import maitake.scheduler.SchedulerStats;
import maitake.scheduler.Spawner;
import maitake.scheduler.Tick;
import maitake.task.JoinHandle;
import maitake.task.TaskBuilder;
import maitake.task.TaskRef;
import maitake.task.TaskStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class MpscSchedulerTest extends SchedulerContractTest {

  /** A scheduler in a static final field, as a system with one global scheduler keeps it. */
  static final MpscScheduler GLOBAL = new MpscScheduler();

  @Override
  Harness harness() {
    return harnessFor(new MpscScheduler());
  }

  @Test
  @Timeout(20)
  void aTickOverlappingAnotherReturnsIdleAtOnce() throws Exception {
    MpscScheduler s = new MpscScheduler();
    CountDownLatch inPoll = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    s.spawn(TestFutures.longPoll(inPoll, release));
    s.spawn(Futures.ready(2));
    AtomicReference<Tick> first = new AtomicReference<>();
    Thread ticker = new Thread(() -> first.set(s.tick()));
    ticker.start();
    inPoll.await();
    assertSame(Tick.IDLE, s.tick(), "the second ticker polls nothing");
    release.countDown();
    ticker.join();
    assertEquals(2, first.get().polled());
  }

  @Test
  @Timeout(20)
  void ticksFromThreadsInTurnEachMarkTheirOwnThreadNonBlockingForThePollsOnly() throws Exception {
    MpscScheduler s = new MpscScheduler();
    List<String> seen = new CopyOnWriteArrayList<>();
    Future<Void> noting =
        cx -> {
          seen.add(Thread.currentThread().getName() + " " + NonBlockingRegion.isInside());
          return Poll.readyNull();
        };
    for (int round = 0; round < 3; round++) {
      for (String name : new String[] {"a", "b"}) {
        s.spawn(noting);
        Thread t =
            new Thread(
                () -> {
                  s.tick();
                  seen.add(name + " after " + NonBlockingRegion.isInside());
                },
                name);
        t.start();
        t.join();
      }
      s.spawn(noting);
      s.tick(); // and this thread between them
      seen.add("main after " + NonBlockingRegion.isInside());
    }
    String main = Thread.currentThread().getName();
    List<String> round =
        List.of(
            "a true",
            "a after false",
            "b true",
            "b after false",
            main + " true",
            "main after false");
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      expected.addAll(round);
    }
    assertEquals(expected, seen);
  }

  @Test
  void aTickCalledFromInsideAPollReturnsIdle() {
    MpscScheduler s = new MpscScheduler();
    AtomicReference<Tick> nested = new AtomicReference<>();
    s.spawn(
        cx -> {
          nested.set(s.tick());
          return Poll.readyNull();
        });
    s.tick();
    assertSame(Tick.IDLE, nested.get());
  }

  @Test
  void aSchedulerInAStaticFinalFieldRunsTasks() {
    JoinHandle<String> jh = GLOBAL.spawn(Futures.ready("static"));
    runUntilIdle(harnessFor(GLOBAL));
    assertEquals("static", Futures.blockOn(jh));
  }

  @Test
  void spawningOntoAClosedSchedulerFromAnotherThreadEndsTheTaskAtOnce() throws Exception {
    MpscScheduler s = new MpscScheduler();
    s.close();
    JoinHandle<?>[] jh = new JoinHandle<?>[1];
    Thread t = new Thread(() -> jh[0] = s.spawn(Futures.ready(1)));
    t.start();
    t.join();
    assertTrue(jh[0].isComplete());
  }

  private static Harness harnessFor(MpscScheduler s) {
    return new Harness() {
      @Override
      public <T> JoinHandle<T> spawn(Future<T> future) {
        return s.spawn(future);
      }

      @Override
      public Tick tick() {
        return s.tick();
      }

      @Override
      public TaskRef currentTask() {
        return s.currentTask();
      }

      @Override
      public Spawner spawner() {
        return s;
      }

      @Override
      public <T> TaskStorage<T> newStorage() {
        return s.newTaskStorage();
      }

      @Override
      public <T> JoinHandle<T> spawnInto(TaskStorage<T> storage, Future<T> future) {
        return s.spawn(storage, future);
      }

      @Override
      public TaskBuilder buildTask() {
        return s.buildTask();
      }

      @Override
      public SchedulerStats stats() {
        return s.stats();
      }

      @Override
      public void close() {
        s.close();
      }

      @Override
      public void setFailureHandler(maitake.task.FailureHandler handler) {
        s.setFailureHandler(handler);
      }

      @Override
      public <T> TaskStorage<T> foreignStorage() {
        return new ConfinedScheduler().newTaskStorage();
      }
    };
  }
}
