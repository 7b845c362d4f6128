package maitake.impl.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import maitake.future.Future;
import maitake.future.Futures;
import maitake.future.Poll;
import maitake.impl.scheduler.TestFutures.CountingWaker;
import maitake.impl.scheduler.TestFutures.ExternalEvent;
import maitake.scheduler.SchedulerStats;
import maitake.scheduler.Spawner;
import maitake.scheduler.Tick;
import maitake.task.JoinError;
import maitake.task.JoinHandle;
import maitake.task.TaskBuilder;
import maitake.task.TaskRef;
import maitake.task.TaskStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ConfinedSchedulerTest extends SchedulerContractTest {

  @Override
  Harness harness() {
    ConfinedScheduler s = new ConfinedScheduler();
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
        return s.spawner();
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
        return new MpscScheduler().newTaskStorage();
      }
    };
  }

  @Test
  @Timeout(20)
  void ownerOnlyMethodsRejectOtherThreads() throws Exception {
    ConfinedScheduler s = new ConfinedScheduler();
    s.tick(); // binds this thread as the owner
    AtomicReference<Throwable> tickError = new AtomicReference<>();
    AtomicReference<Throwable> spawnError = new AtomicReference<>();
    Thread other =
        new Thread(
            () -> {
              try {
                s.tick();
              } catch (Throwable e) {
                tickError.set(e);
              }
              try {
                s.spawn(Futures.ready(1));
              } catch (Throwable e) {
                spawnError.set(e);
              }
            });
    other.start();
    other.join();
    assertTrue(tickError.get() instanceof IllegalStateException);
    assertTrue(spawnError.get() instanceof IllegalStateException);
    assertTrue(tickError.get().getMessage().contains("spawner()"));
  }

  @Test
  @Timeout(20)
  void theOwnerIsTheFirstThreadThatTicks() throws Exception {
    ConfinedScheduler s = new ConfinedScheduler();
    JoinHandle<String> jh = s.spawner().spawn(Futures.ready("from main"));
    AtomicReference<Tick> seen = new AtomicReference<>();
    Thread worker = new Thread(() -> seen.set(s.tick()));
    worker.start();
    worker.join();
    assertEquals(1, seen.get().polled());
    assertEquals(1, seen.get().spawned());
    assertThrows(IllegalStateException.class, s::tick);
    assertEquals("from main", jh.poll(new CountingWaker()).value());
  }

  @Test
  @Timeout(20)
  void aWakeFromAnotherThreadGoesThroughTheRemoteQueue() throws Exception {
    ConfinedScheduler s = new ConfinedScheduler();
    ExternalEvent<String> ev = new ExternalEvent<>();
    JoinHandle<String> jh = s.spawn(ev);
    s.tick();
    Thread other = new Thread(() -> ev.complete("remote"));
    other.start();
    other.join();
    Tick t = s.tick();
    assertEquals(1, t.polled());
    assertEquals(1, t.wokenExternal());
    assertEquals("remote", jh.poll(new CountingWaker()).value());
  }

  @Test
  @Timeout(20)
  void aRemoteCancelOfAnIdleTaskTearsItDownAtTheNextTick() throws Exception {
    ConfinedScheduler s = new ConfinedScheduler();
    ExternalEvent<String> ev = new ExternalEvent<>();
    JoinHandle<String> jh = s.spawn(ev);
    s.tick();
    Thread other = new Thread(jh::cancel);
    other.start();
    other.join();
    Tick t = s.tick();
    assertEquals(1, t.completed());
    assertEquals(1, ev.abandons.get());
    assertTrue(assertThrows(JoinError.class, () -> jh.poll(new CountingWaker())).isCancelled());
  }

  @Test
  void closeOnTheOwnerTearsDownQueuedTasksAtOnce() {
    ConfinedScheduler s = new ConfinedScheduler();
    ExternalEvent<String> ev = new ExternalEvent<>();
    JoinHandle<String> jh = s.spawn(ev);
    s.close();
    assertTrue(jh.isComplete());
    assertEquals(1, ev.abandons.get());
    assertTrue(assertThrows(JoinError.class, () -> jh.poll(new CountingWaker())).isShutdown());
  }

  @Test
  void aTickCalledFromInsideAPollReturnsIdle() {
    ConfinedScheduler s = new ConfinedScheduler();
    AtomicReference<Tick> nested = new AtomicReference<>();
    s.spawn(
        cx -> {
          nested.set(s.tick());
          return Poll.readyNull();
        });
    assertEquals(1, s.tick().completed());
    assertSame(Tick.IDLE, nested.get());
  }

  @Test
  void theSpawnerOnTheOwnerThreadSpawnsLocally() {
    ConfinedScheduler s = new ConfinedScheduler();
    s.tick();
    JoinHandle<Integer> jh = s.spawner().spawn(Futures.ready(3));
    Tick t = s.tick();
    assertEquals(1, t.spawned());
    assertEquals(3, jh.poll(new CountingWaker()).value());
  }

  @Test
  void closingAnUnusedSchedulerFromAnotherThreadDoesNotMakeThatThreadItsOwner() throws Exception {
    ConfinedScheduler s = new ConfinedScheduler();
    Thread other = new Thread(s::close);
    other.start();
    other.join();
    assertTrue(s.isClosed());
    s.tick(); // the intended owner: no IllegalStateException
    JoinHandle<Integer> h = s.spawn(Futures.ready(1));
    assertTrue(assertThrows(JoinError.class, () -> h.poll(new CountingWaker())).isShutdown());
  }
}
