package maitake.impl.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import maitake.future.Futures;
import maitake.future.Poll;
import maitake.impl.scheduler.TestFutures.CountingWaker;
import maitake.impl.scheduler.TestFutures.ExternalEvent;
import maitake.scheduler.StealAttempt;
import maitake.scheduler.Stealer;
import maitake.scheduler.Tick;
import maitake.task.JoinError;
import maitake.task.JoinHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class WorkStealingTest {

  @Test
  void tryStealReportsEmptyAndBusy() {
    MpscScheduler victim = new MpscScheduler();
    assertEquals(StealAttempt.Refusal.EMPTY, victim.trySteal().refusal());
    victim.spawn(Futures.ready(1));
    StealAttempt first = victim.trySteal();
    assertTrue(first.isOk());
    assertEquals(StealAttempt.Refusal.BUSY, victim.trySteal().refusal());
    first.get().close();
    MpscInjector injector = new MpscInjector();
    assertEquals(StealAttempt.Refusal.EMPTY, injector.trySteal().refusal());
  }

  @Test
  void theVictimsTickReturnsAtOnceWhileAStealerIsOpen() {
    MpscScheduler victim = new MpscScheduler();
    victim.spawn(Futures.ready(1));
    Stealer st = victim.trySteal().get();
    Tick t = victim.tick();
    assertEquals(0, t.polled());
    assertTrue(t.hasRemaining());
    st.close();
    assertEquals(1, victim.tick().polled());
  }

  @Test
  void stealManyNeverTakesMoreThanAskedAndStealHalfTakesHalf() {
    MpscScheduler victim = new MpscScheduler();
    MpscScheduler thief = new MpscScheduler();
    for (int i = 0; i < 10; i++) {
      victim.spawn(Futures.ready(i));
    }
    try (Stealer st = victim.trySteal().get()) {
      assertEquals(10, st.initialTaskCount());
      assertEquals(3, st.stealMany(thief, 3));
      assertEquals(7, st.taskCount());
      assertEquals(0, st.stealMany(thief, 0));
      assertEquals(5, st.stealHalf(thief), "half of the 10 seen when stealing began");
      assertEquals(2, st.taskCount());
      assertEquals(2, st.stealMany(thief, 100), "only what is there");
      assertFalse(st.stealOne(thief));
    }
    assertEquals(10, thief.runQueue().queuedCount());
    assertEquals(10, thief.tick().polled());
    assertEquals(0, victim.tick().polled());
  }

  @Test
  void stealHalfOfOneTakesIt() {
    MpscScheduler victim = new MpscScheduler();
    MpscScheduler thief = new MpscScheduler();
    victim.spawn(Futures.ready(1));
    try (Stealer st = victim.trySteal().get()) {
      assertEquals(1, st.stealHalf(thief));
    }
  }

  @Test
  void aCancelledTaskIsTornDownInsteadOfHandedToTheThief() {
    MpscScheduler victim = new MpscScheduler();
    MpscScheduler thief = new MpscScheduler();
    ExternalEvent<String> ev = new ExternalEvent<>();
    JoinHandle<String> cancelled = victim.spawn(ev);
    JoinHandle<Integer> live = victim.spawn(Futures.ready(7));
    cancelled.cancel();
    try (Stealer st = victim.trySteal().get()) {
      assertTrue(st.stealOne(thief), "the live task is stolen");
    }
    assertEquals(1, ev.abandons.get());
    assertTrue(cancelled.isComplete());
    assertTrue(
        assertThrows(JoinError.class, () -> cancelled.poll(new CountingWaker())).isCancelled());
    assertEquals(1, thief.tick().polled());
    assertEquals(7, live.poll(new CountingWaker()).value());
  }

  @Test
  void aStolenTaskIsReboundToTheThiefAndLaterWakesGoThere() {
    MpscScheduler victim = new MpscScheduler();
    MpscScheduler thief = new MpscScheduler();
    ExternalEvent<String> ev = new ExternalEvent<>();
    JoinHandle<String> jh = victim.spawn(ev);
    try (Stealer st = victim.trySteal().get()) {
      st.stealOne(thief);
    }
    assertEquals(1, thief.tick().polled());
    ev.complete("on the thief");
    assertEquals(0, victim.tick().polled(), "the wake did not go to the victim");
    Tick t = thief.tick();
    assertEquals(1, t.polled());
    assertEquals(1, t.completed());
    assertEquals("on the thief", jh.poll(new CountingWaker()).value());
  }

  @Test
  void aStealerRejectsAForeignThief() {
    MpscScheduler victim = new MpscScheduler();
    victim.spawn(Futures.ready(1));
    try (Stealer st = victim.trySteal().get()) {
      assertThrows(NullPointerException.class, () -> st.stealOne(null));
      assertThrows(IllegalArgumentException.class, () -> st.stealMany(victim, -1));
    }
  }

  @Test
  void aCancelledTaskTornDownByAStealerCountsAsCompletedOnTheVictim() {
    MpscScheduler victim = new MpscScheduler();
    JoinHandle<Integer> cancelled = victim.spawn(Futures.ready(1));
    victim.spawn(Futures.ready(2));
    cancelled.cancel();
    MpscScheduler thief = new MpscScheduler();
    try (Stealer st = victim.trySteal().get()) {
      assertEquals(1, st.stealMany(thief, 2), "the cancelled one is torn down, not moved");
    }
    assertEquals(2, victim.stats().spawned());
    assertEquals(1, victim.stats().completed(), "the teardown is an end");
    assertEquals(0, victim.stats().queued());
    assertEquals(1, thief.tick().completed());
  }

  @Test
  void tasksStolenFromAClosedSchedulerAreTornDownNotPolledByTheThief() {
    MpscScheduler victim = new MpscScheduler();
    int[] polls = new int[1];
    JoinHandle<Integer> h =
        victim.spawn(
            cx -> {
              polls[0]++;
              return Poll.ready(1);
            });
    victim.close();
    MpscScheduler thief = new MpscScheduler();
    try (Stealer st = victim.trySteal().get()) {
      assertEquals(0, st.stealOne(thief) ? 1 : 0);
    }
    thief.tick();
    assertEquals(0, polls[0], "the thief polled a task of a closed scheduler");
    assertTrue(assertThrows(JoinError.class, () -> h.poll(new CountingWaker())).isShutdown());
  }

  @Test
  @Timeout(20)
  void aSpawnRacingTheInjectorsCloseIsTornDownNotLeftBehind() throws Exception {
    MpscInjector injector = new MpscInjector();
    CountDownLatch checked = new CountDownLatch(1);
    CountDownLatch go = new CountDownLatch(1);
    AtomicReference<JoinHandle<Integer>> spawned = new AtomicReference<>();
    Thread spawner = new Thread(() -> spawned.set(injector.spawn(Futures.ready(1))), "spawner");
    RaceHooks.injectorSpawnChecked =
        t -> {
          if (Thread.currentThread() == spawner) {
            checked.countDown();
            ConfinedRaceTest.awaitQuietly(go); // it saw the injector open
          }
        };
    try {
      spawner.start();
      checked.await();
      injector.close(); // drains an empty queue
      go.countDown();
      spawner.join();
    } finally {
      RaceHooks.clear();
    }
    assertTrue(spawned.get().isComplete(), "a spawn that raced close was left in the queue");
    assertTrue(
        assertThrows(JoinError.class, () -> spawned.get().poll(new CountingWaker())).isShutdown());
    assertEquals(StealAttempt.Refusal.EMPTY, injector.trySteal().refusal());
  }

  @Test
  void aSchedulerCannotStealFromItselfAndLosesNothingTrying() {
    MpscScheduler victim = new MpscScheduler();
    JoinHandle<Integer> h = victim.spawn(Futures.ready(1));
    try (Stealer st = victim.trySteal().get()) {
      assertThrows(IllegalArgumentException.class, () -> st.stealOne(victim));
      assertThrows(IllegalArgumentException.class, () -> st.stealHalf(victim));
      assertEquals(1, st.taskCount());
    }
    assertEquals(1, victim.tick().completed());
    assertEquals(1, h.poll(new CountingWaker()).value());
  }

  @Test
  void aClosedStealerRefusesToSteal() {
    MpscScheduler victim = new MpscScheduler();
    victim.spawn(Futures.ready(1));
    Stealer st = victim.trySteal().get();
    st.close();
    st.close();
    assertThrows(IllegalStateException.class, () -> st.stealOne(new MpscScheduler()));
    assertEquals(1, victim.tick().completed(), "the victim's queue is free again");
  }

  @Test
  void closingTheInjectorTearsDownWhatIsLeftAndFailsLaterSpawns() {
    MpscInjector injector = new MpscInjector();
    ExternalEvent<String> ev = new ExternalEvent<>();
    JoinHandle<String> left = injector.spawn(ev);
    injector.close();
    assertTrue(assertThrows(JoinError.class, () -> left.poll(new CountingWaker())).isShutdown());
    assertEquals(1, ev.abandons.get());
    assertEquals(0, ev.polls.get());
    assertTrue(injector.spawn(Futures.ready(1)).isComplete());
    assertEquals(0, injector.taskCount());
  }

  @Test
  @Timeout(60)
  void fiveWorkersStealingFromAnInjectorUntilItIsEmptyCompleteEveryTaskExactlyOnce()
      throws Exception {
    MpscInjector injector = new MpscInjector();
    int n = 50_000;
    AtomicIntegerArray runs = new AtomicIntegerArray(n);
    List<JoinHandle<Integer>> handles = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int id = i;
      handles.add(
          injector.spawn(
              new maitake.future.Yield(i % 3)
                  .map(
                      v -> {
                        runs.incrementAndGet(id);
                        return id;
                      })));
    }
    AtomicInteger done = new AtomicInteger();
    List<Thread> workers = new ArrayList<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (int w = 0; w < 5; w++) {
      MpscScheduler mine = new MpscScheduler();
      workers.add(
          new Thread(
              () -> {
                try {
                  while (done.get() < n) {
                    StealAttempt a = injector.trySteal();
                    if (a.isOk()) {
                      try (Stealer st = a.get()) {
                        st.stealMany(mine, 64);
                      }
                    }
                    Tick t;
                    do {
                      t = mine.tick();
                      done.addAndGet(t.completed());
                    } while (t.hasRemaining());
                  }
                } catch (Throwable e) {
                  failure.set(e);
                  done.set(n);
                }
              }));
    }
    workers.forEach(Thread::start);
    for (Thread t : workers) {
      t.join();
    }
    if (failure.get() != null) {
      throw new AssertionError(failure.get());
    }
    assertEquals(0, injector.taskCount());
    for (int i = 0; i < n; i++) {
      assertEquals(1, runs.get(i), "task " + i + " ran exactly once");
      assertEquals(i, handles.get(i).poll(new CountingWaker()).value());
    }
  }

  @Test
  @Timeout(60)
  void anotherWorkerStealsTheQueuedTaskOfAWorkerBlockedInALongPoll() throws Exception {
    MpscScheduler victim = new MpscScheduler();
    MpscScheduler thief = new MpscScheduler();
    CountDownLatch inLongPoll = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    victim.spawn(TestFutures.longPoll(inLongPoll, release));
    JoinHandle<String> queued = victim.spawn(Futures.ready("stolen"));
    AtomicReference<Tick> victimTick = new AtomicReference<>();
    Thread victimThread = new Thread(() -> victimTick.set(victim.tick()));
    victimThread.start();
    inLongPoll.await();
    StealAttempt a = victim.trySteal();
    assertTrue(a.isOk(), "the queue is free while the victim polls: " + a);
    try (Stealer st = a.get()) {
      assertEquals(1, st.initialTaskCount());
      assertEquals(1, st.stealOne(thief) ? 1 : 0);
    }
    Tick t = thief.tick();
    assertEquals(1, t.polled());
    assertEquals(1, t.completed());
    assertEquals("stolen", queued.poll(new CountingWaker()).value());
    release.countDown();
    victimThread.join();
    assertEquals(1, victimTick.get().polled(), "the victim polled only its long task");
    assertEquals(1, victimTick.get().completed());
    assertFalse(victimTick.get().hasRemaining());
  }

  @Test
  @Timeout(60)
  void aLongPollKeepsAtMostHalfOfTheQueueFromStealersAndTheRestIsStolen() throws Exception {
    MpscScheduler victim = new MpscScheduler();
    MpscScheduler thief = new MpscScheduler();
    CountDownLatch inLongPoll = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    victim.spawn(TestFutures.longPoll(inLongPoll, release));
    List<JoinHandle<Integer>> rest = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      rest.add(victim.spawn(Futures.ready(i)));
    }
    AtomicReference<Tick> victimTick = new AtomicReference<>();
    Thread victimThread = new Thread(() -> victimTick.set(victim.tick()));
    victimThread.start();
    inLongPoll.await(); // the victim took a batch of half the queue: the long task and 4 more
    try (Stealer st = victim.trySteal().get()) {
      assertEquals(5, st.initialTaskCount(), "half of the 10 stays stealable");
      assertEquals(5, st.stealMany(thief, 100));
    }
    assertEquals(5, thief.tick().polled());
    release.countDown();
    victimThread.join();
    assertEquals(5, victimTick.get().polled(), "the victim polled its batch, and only that");
    assertFalse(victimTick.get().hasRemaining());
    for (int i = 0; i < 9; i++) {
      assertEquals(i, rest.get(i).poll(new CountingWaker()).value(), "task " + i);
    }
  }

  @Test
  void aStealRightAfterATickTookItsBatchLosesNoTaskOfThatBatch() {
    MpscScheduler victim = new MpscScheduler();
    MpscScheduler thief = new MpscScheduler();
    List<JoinHandle<Integer>> all = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      all.add(victim.spawn(Futures.ready(i)));
    }
    AtomicInteger stolen = new AtomicInteger();
    RaceHooks.tickReleasedConsumer =
        first -> {
          RaceHooks.tickReleasedConsumer = null; // once: the first batch
          try (Stealer st = victim.trySteal().get()) {
            stolen.addAndGet(st.stealMany(thief, 1));
          }
        };
    try {
      Tick t = victim.tick();
      assertEquals(1, stolen.get(), "the stealer took one task behind the batch");
      assertEquals(9, t.polled(), "the victim polled its batch and the rest of its queue");
      assertEquals(1, thief.tick().polled());
    } finally {
      RaceHooks.clear();
    }
    for (int i = 0; i < 10; i++) {
      assertEquals(i, all.get(i).poll(new CountingWaker()).value(), "task " + i);
    }
    assertEquals(0, victim.stats().queued());
  }

  @Test
  @Timeout(120)
  void aWakeRacingWithAStealCompletesTheTaskOnceAndLeavesNothingQueued() throws Exception {
    for (int round = 0; round < 2_000; round++) {
      MpscScheduler victim = new MpscScheduler();
      MpscScheduler thief = new MpscScheduler();
      AtomicInteger polls = new AtomicInteger();
      AtomicReference<maitake.future.Waker> waker = new AtomicReference<>();
      JoinHandle<Integer> jh =
          victim.spawn(
              cx -> {
                waker.set(cx.waker());
                return polls.incrementAndGet() >= 3 ? Poll.ready(polls.get()) : Poll.pending();
              });
      victim.tick(); // polled once, parked
      AtomicBoolean stop = new AtomicBoolean();
      Thread wakerThread =
          new Thread(
              () -> {
                while (!stop.get()) {
                  waker.get().wake();
                }
              });
      wakerThread.start();
      // the thief steals whatever the wakes queue on the victim, and both tick
      while (!jh.isComplete()) {
        StealAttempt a = victim.trySteal();
        if (a.isOk()) {
          try (Stealer st = a.get()) {
            st.stealOne(thief);
          }
        }
        thief.tick();
        victim.tick();
      }
      stop.set(true);
      wakerThread.join();
      thief.tick();
      victim.tick();
      assertEquals(3, polls.get(), "completed at its third poll, polled no more");
      assertEquals(0, victim.runQueue().queuedCount());
      assertEquals(0, thief.runQueue().queuedCount());
      assertSame(Tick.IDLE, victim.tick());
    }
  }
}
