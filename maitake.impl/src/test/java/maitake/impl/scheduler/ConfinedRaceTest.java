package maitake.impl.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Futures;
import maitake.future.Poll;
import maitake.future.Waker;
import maitake.impl.lock.BackoffSpinLock;
import maitake.impl.scheduler.TestFutures.CountingWaker;
import maitake.impl.scheduler.TestFutures.ExternalEvent;
import maitake.impl.sync.FairSemaphore;
import maitake.task.JoinHandle;
import maitake.task.TaskStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Races between the LocalScheduler's owner, stale wakers and respawns of a task storage, each
 * forced into one interleaving by parking a thread at a {@link RaceHooks} point.
 */
class ConfinedRaceTest {

  @AfterEach
  void clearHooks() {
    RaceHooks.clear();
  }

  /** Parks one thread, once, at a hook until the test releases it. */
  static final class Gate implements Consumer<Task<?>> {
    private final Thread target;
    private final Runnable inside; // run on the target thread at the hook, or null
    final CountDownLatch reached = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private boolean fired;

    Gate(Thread target, Runnable inside) {
      this.target = target;
      this.inside = inside;
    }

    @Override
    public void accept(Task<?> task) {
      if (Thread.currentThread() != target || fired) {
        return;
      }
      fired = true;
      if (inside != null) {
        inside.run();
      }
      reached.countDown();
      awaitQuietly(release);
    }
  }

  static void awaitQuietly(CountDownLatch l) {
    try {
      l.await();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  static void join(Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** Yields once, then is woken from another thread just before it completes. */
  static final class RemotelyWokenAsItEnds implements Future<String> {
    int polls;

    @Override
    public Poll<String> poll(Context cx) {
      if (polls++ == 0) {
        cx.waker().wake();
        return Poll.pending();
      }
      Thread remote = new Thread(cx.waker()::wake, "remote-waker");
      remote.start();
      join(remote); // in the remote queue now, and ending
      return Poll.ready("first");
    }
  }

  @Test
  @Timeout(20)
  void drainingARemoteWakeOfAnEndedTaskNeverTouchesTheStorageAfterItIsFree() {
    ConfinedScheduler s = new ConfinedScheduler();
    TaskStorage<String> storage = s.newTaskStorage();
    JoinHandle<String> first = s.spawn(storage, new RemotelyWokenAsItEnds());
    JoinHandle<String> joiner = s.spawn(first); // takes the output before the drain

    Thread owner = Thread.currentThread();
    AtomicReference<JoinHandle<String>> second = new AtomicReference<>();
    CountDownLatch claimed = new CountDownLatch(1);
    CountDownLatch fill = new CountDownLatch(1);
    Thread respawner =
        new Thread(
            () -> second.set(s.spawner().buildTask().spawn(storage, Futures.ready("second"))),
            "respawner");
    RaceHooks.storageClaimed =
        t -> {
          if (Thread.currentThread() == respawner) {
            claimed.countDown();
            awaitQuietly(fill); // claimed, not yet filled
          }
        };
    RaceHooks.drainReleased =
        t -> {
          if (Thread.currentThread() == owner
              && t == storage
              && storage.isFree()
              && respawner.getState() == Thread.State.NEW) {
            respawner.start(); // the storage is free: another thread respawns it now
            awaitQuietly(claimed);
          }
        };
    s.tick(); // the task ends, the joiner takes its output, the drain meets the stale wake
    assertEquals(0, claimed.getCount(), "the race was not set up");
    fill.countDown();
    join(respawner);
    while (s.tick().polled() > 0) {
      // run the respawned task
    }
    assertEquals("first", joiner.poll(new CountingWaker()).value());
    assertEquals("second", second.get().poll(new CountingWaker()).value());
  }

  @Test
  void aTaskWokenByItsOwnTeardownIsNotQueuedAndItsRespawnLosesNoQueuedTask() {
    ConfinedScheduler s = new ConfinedScheduler();
    FairSemaphore sem = new FairSemaphore(new BackoffSpinLock(), 0);
    TaskStorage<Object> storage = s.newTaskStorage();
    JoinHandle<Object> dying =
        s.spawn(storage, Futures.join(sem.acquire(2), sem.acquire(1)).map(l -> null));
    s.tick(); // both acquires queue
    sem.addPermits(1); // the first holds one of its two
    dying.cancel();
    List<JoinHandle<String>> behind = new ArrayList<>();
    // the next task runs after the teardown: it spawns two tasks, then reuses the dead storage
    s.spawn(
        cx -> {
          behind.add(s.spawn(Futures.ready("z")));
          behind.add(s.spawn(Futures.ready("w")));
          dying.detach();
          s.spawn(storage, Futures.ready("again"));
          return Poll.ready("x");
        });
    int ticks = 0;
    while (s.tick().hasRemaining()) {
      assertTrue(++ticks < 10, "ticks keep reporting work but poll nothing: " + s);
    }
    assertEquals(2, behind.size());
    for (JoinHandle<String> h : behind) {
      assertTrue(h.isComplete(), "a task queued behind the respawned storage was lost");
    }
    assertEquals("again", storage.poll(new CountingWaker()).value());
    assertEquals(1, sem.availablePermits(), "the teardown returned the permit");
  }

  @Test
  @Timeout(20)
  void aStaleWakerOfAStorageMovedToAnotherLocalSchedulerNeverRunsItOnTheOldOne() {
    ConfinedScheduler a = new ConfinedScheduler();
    ConfinedScheduler b = new ConfinedScheduler();
    TaskStorage<String> storage = a.newTaskStorage();
    ExternalEvent<String> old = new ExternalEvent<>();
    JoinHandle<String> first = a.spawn(storage, old);
    a.tick();
    Waker stale = old.waker();
    Thread waker = new Thread(stale::wake, "stale-waker");
    Gate gate = new Gate(waker, null);
    RaceHooks.wakeReadScheduler = gate; // the stale waker has read scheduler A
    waker.start();
    awaitQuietly(gate.reached);
    first.cancel();
    a.tick(); // the first task is torn down on A
    first.detach();
    assertTrue(storage.isFree());
    ParkedOn onB = new ParkedOn(a);
    b.spawn(storage, onB);
    b.tick(); // parked on B
    gate.release.countDown();
    join(waker);
    assertEquals(0, a.tick().polled(), "scheduler A ran a task of scheduler B");
    assertEquals(0, onB.pollsOnOther);
    onB.finish();
    b.tick();
    assertEquals("second", storage.poll(new CountingWaker()).value());
  }

  /** Parks until finished; counts the polls made while another scheduler was ticking. */
  static final class ParkedOn implements Future<String> {
    private final ConfinedScheduler other;
    private Waker waker;
    private boolean done;
    int pollsOnOther;

    ParkedOn(ConfinedScheduler other) {
      this.other = other;
    }

    void finish() {
      done = true;
      waker.wake();
    }

    @Override
    public Poll<String> poll(Context cx) {
      if (other.currentTask() != null) {
        pollsOnOther++;
      }
      waker = cx.waker();
      return done ? Poll.ready("second") : Poll.pending();
    }
  }

  @Test
  @Timeout(20)
  void aStorageReportedFreeCanBeSpawnedIntoWhileAStaleWakerFires() {
    ConfinedScheduler s = new ConfinedScheduler();
    TaskStorage<String> storage = s.newTaskStorage();
    ExternalEvent<String> ev = new ExternalEvent<>();
    JoinHandle<String> first = s.spawn(storage, ev);
    s.tick();
    Waker stale = ev.waker();
    ev.complete("first"); // a local wake: the owner polls it to the end
    s.tick();
    assertEquals("first", first.poll(new CountingWaker()).value());
    assertTrue(storage.isFree());
    Thread waker = new Thread(stale::wake, "stale-waker");
    Gate gate = new Gate(waker, null);
    RaceHooks.wakeTouchedState = gate;
    waker.start();
    awaitQuietly(gate.reached); // the stale wake is in progress
    Throwable refused = null;
    try {
      s.spawn(storage, Futures.ready("second"));
    } catch (IllegalStateException e) {
      refused = e;
    }
    gate.release.countDown();
    join(waker);
    assertNull(refused, "a storage that isFree() reported free refused a spawn");
    s.tick();
    assertEquals("second", storage.poll(new CountingWaker()).value());
  }

  @Test
  @Timeout(20)
  void aTickEndsWhileAnotherThreadKeepsRefillingTheRemoteQueue() {
    ConfinedScheduler s = new ConfinedScheduler();
    ExternalEvent<String> ev = new ExternalEvent<>();
    JoinHandle<String> parked = s.spawn(ev);
    s.tick();
    Thread owner = Thread.currentThread();
    int[] drained = new int[1];
    RaceHooks.drainReleased =
        t -> {
          if (Thread.currentThread() == owner && t == parked) {
            drained[0]++;
            Thread again = new Thread(ev::wakeOnly, "rewaker"); // back in the remote queue at once
            again.start();
            join(again);
          }
        };
    ev.wakeOnly(); // a local wake: queued locally; polled, pending
    Thread first = new Thread(ev::wakeOnly, "waker");
    first.start();
    join(first);
    assertTrue(s.tick().hasRemaining(), "the endless remote wakes are reported as remaining");
    assertTrue(drained[0] > 0);
    RaceHooks.clear();
    ev.complete("done");
    while (s.tick().hasRemaining()) {
      // the last wakes drain
    }
    assertEquals("done", parked.poll(new CountingWaker()).value());
  }
}
