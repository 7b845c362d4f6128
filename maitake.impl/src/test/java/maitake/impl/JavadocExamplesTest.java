package maitake.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import maitake.Toolkit;
import maitake.future.Future;
import maitake.future.Futures;
import maitake.future.Poll;
import maitake.future.Yield;
import maitake.scheduler.LocalScheduler;
import maitake.scheduler.Scheduler;
import maitake.scheduler.Spawner;
import maitake.sync.Channel;
import maitake.sync.Mutex;
import maitake.sync.Outcome;
import maitake.sync.Semaphore;
import maitake.sync.WaitQueue;
import maitake.task.JoinHandle;
import maitake.time.Sleep;
import maitake.time.TestClock;
import maitake.time.Timer;
import org.junit.jupiter.api.Test;

/** The code examples of the api's Javadoc, as written there, so that they stay true. */
class JavadocExamplesTest {
  private final Toolkit kit = Toolkit.load();
  private final Scheduler scheduler = kit.newScheduler();
  private final TestClock clock = new TestClock(Duration.ofMillis(1));
  private final Timer timer = kit.newTimer(clock);

  private void runUntilDone(JoinHandle<?> h) {
    for (int i = 0; i < 1_000 && !h.isComplete(); i++) {
      scheduler.tick();
      clock.advance(Duration.ofMillis(1));
      timer.turn();
    }
    assertTrue(h.isComplete(), "the example's task did not complete");
  }

  @Test
  void theModuleTourRunsAsWritten() {
    Semaphore pool = kit.newSemaphore(4);
    JoinHandle<Outcome<String>> job =
        scheduler.spawn(
            pool.withPermits(
                1,
                permit ->
                    timer.timeout(
                        Duration.ofMillis(50),
                        timer.sleep(Duration.ofMillis(10)).map(v -> "done"))));
    scheduler.tick();
    assertEquals(3, pool.availablePermits());
    clock.advance(Duration.ofMillis(10));
    timer.turn();
    scheduler.tick();
    assertEquals("done", Futures.blockOn(job).value());
    assertEquals(4, pool.availablePermits());
  }

  @Test
  void theSchedulerExampleTicksTheTaskToCompletion() {
    JoinHandle<String> hello = scheduler.spawn(new Yield(2).map(v -> "hello"));
    while (!hello.isComplete()) {
      scheduler.tick();
    }
    assertEquals("hello", Futures.blockOn(hello));
  }

  @Test
  void theLocalSchedulerExampleRunsOnTheOwnerAndTakesRemoteSpawns() throws Exception {
    LocalScheduler local = kit.newLocalScheduler();
    JoinHandle<Integer> here = local.spawn(Futures.ready(1));
    Spawner remote = local.spawner();
    JoinHandle<?>[] there = new JoinHandle<?>[1];
    Thread other = new Thread(() -> there[0] = remote.spawn(Futures.ready(2)));
    other.start();
    other.join();
    local.tick();
    assertEquals(1, Futures.blockOn(here));
    assertEquals(2, Futures.blockOn(there[0]));
  }

  @Test
  void theTimerExampleFiresTheSleepWhenTheClockReachesIt() {
    JoinHandle<Void> nap = scheduler.spawn(timer.sleep(Duration.ofMillis(10)));
    scheduler.tick();
    clock.advance(Duration.ofMillis(9));
    timer.turn();
    scheduler.tick();
    assertTrue(!nap.isComplete(), "fired early");
    clock.advance(Duration.ofMillis(1));
    timer.turn();
    scheduler.tick();
    assertTrue(nap.isComplete());
  }

  @Test
  void theLocalTimerExampleRegistersOnTheOwnerAndFiresAtItsTurn() {
    maitake.time.LocalTimer local = kit.newLocalTimer(clock);
    local.turn(); // this thread is now the owner
    assertSame(Thread.currentThread(), local.owner());
    LocalScheduler tasks = kit.newLocalScheduler();
    JoinHandle<Void> nap = tasks.spawn(local.sleep(Duration.ofMillis(10)));
    tasks.tick();
    assertEquals(10, local.ticksToNextDeadline(), "registered on the owner thread, in the wheel");
    clock.advance(Duration.ofMillis(10));
    local.turn();
    tasks.tick();
    assertTrue(nap.isComplete());
  }

  @Test
  void theSleepExampleNapsFiveTimesOnOneSleep() {
    Sleep nap = timer.sleep(Duration.ofMillis(5));
    Future<Integer> fiveNaps =
        Futures.loop(
            0,
            n -> n < 5,
            n -> {
              if (n > 0) {
                nap.reset(Duration.ofMillis(5));
              }
              return nap.map(v -> n + 1);
            });
    JoinHandle<Integer> h = scheduler.spawn(fiveNaps);
    runUntilDone(h);
    assertEquals(5, Futures.blockOn(h));
    assertTrue(clock.nowTicks() >= 25, "five naps of 5 ms took " + clock.nowTicks() + " ms");
  }

  @Test
  void theChannelExampleReceivesUntilTheLastSenderCloses() {
    Channel<String> ch = kit.newChannel(64);
    Channel.Sender<String> tx = ch.sender();
    JoinHandle<Boolean> sent =
        scheduler.spawn(
            tx.send("hello")
                .map(
                    s -> {
                      tx.close();
                      return s.isOk();
                    }));
    JoinHandle<Long> received =
        scheduler.spawn(
            ch.receiver()
                .forEach(
                    s -> {
                      System.out.println(s);
                      return Futures.ready(null);
                    }));
    runUntilDone(received);
    assertTrue(Futures.blockOn(sent));
    assertEquals(1L, Futures.blockOn(received));
  }

  @Test
  void theWaitQueueExampleCompletesTheWaitOnceTheConditionHolds() {
    WaitQueue changed = kit.newWaitQueue();
    AtomicInteger stock = new AtomicInteger();
    JoinHandle<Outcome<Void>> buyer = scheduler.spawn(changed.waitFor(() -> stock.get() > 0));
    scheduler.tick();
    assertTrue(!buyer.isComplete());
    stock.incrementAndGet();
    changed.wakeAll();
    scheduler.tick();
    assertTrue(Futures.blockOn(buyer).isOk());
  }

  @Test
  void theMutexAndSemaphoreExamplesReleaseWhatTheyTook() {
    Mutex<java.util.Map<String, Integer>> state = kit.newMutex(new java.util.HashMap<>());
    Future<Integer> hits =
        state.withLock(guard -> Futures.ready(guard.get().merge("hits", 1, Integer::sum)));
    assertEquals(1, Futures.blockOn(hits));
    assertTrue(!state.isLocked());

    Semaphore pool = kit.newSemaphore(1);
    Future<Outcome<String>> job =
        pool.withPermits(
            1, permit -> timer.timeout(Duration.ofMillis(50), Futures.ready("fetched")));
    Poll<Outcome<String>> p = job.poll(maitake.future.Context.NOOP);
    assertEquals("fetched", p.value().value());
    assertEquals(1, pool.availablePermits());
  }

  @Test
  void theLoopAndBracketExamplesOfFuturesRun() {
    Future<Integer> tenNaps =
        Futures.loop(0, n -> n < 10, n -> timer.sleep(Duration.ofMillis(5)).map(v -> n + 1));
    JoinHandle<Integer> h = scheduler.spawn(tenNaps);
    runUntilDone(h);
    assertEquals(10, Futures.blockOn(h));

    Semaphore pool = kit.newSemaphore(1);
    Future<String> job =
        Futures.bracket(
            pool.acquire(1), permit -> timer.timeout(Duration.ofMillis(50), Futures.ready("work")));
    assertEquals("work", Futures.blockOn(job));
    assertEquals(1, pool.availablePermits());
  }

  /** Sends 0..4 through one reusable send, as Channel.Sender.reusableSend's example. */
  private static final class ReusableSender implements Future<Void> {
    private final Channel.ReusableSend<Integer> send;
    private Future<Outcome<Integer>> sending;
    private int next;

    ReusableSender(Channel.Sender<Integer> tx) {
      send = tx.reusableSend();
    }

    @Override
    public Poll<Void> poll(maitake.future.Context cx) {
      while (next < 5) {
        if (sending == null) sending = send.reset(next);
        if (sending.poll(cx).isPending()) return Poll.pending();
        sending = null;
        next++;
      }
      return Poll.readyNull();
    }
  }

  @Test
  void theReusableSendExampleSendsEveryValueInOrder() {
    Channel<Integer> ch = kit.newChannel(1);
    JoinHandle<Void> h = scheduler.spawn(new ReusableSender(ch.sender()));
    java.util.List<Integer> got = new java.util.ArrayList<>();
    for (int i = 0; i < 100 && got.size() < 5; i++) {
      scheduler.tick();
      Outcome<Integer> o = ch.receiver().tryReceive();
      if (o.isOk()) {
        got.add(o.value());
      }
    }
    runUntilDone(h);
    assertEquals(java.util.List.of(0, 1, 2, 3, 4), got);
  }

  @Test
  void theReusableLockExampleUpdatesUnderTheLockEachRound() {
    Mutex<long[]> mutex = kit.newMutex(new long[1]);
    Mutex.ReusableLock<long[]> lock = mutex.reusableLock();
    Future<Void> threeUpdates =
        new Future<>() {
          int rounds;

          @Override
          public Poll<Void> poll(maitake.future.Context cx) {
            while (rounds < 3) {
              Poll<maitake.sync.MutexGuard<long[]>> p = lock.poll(cx);
              if (p.isPending()) return Poll.pending();
              try (maitake.sync.MutexGuard<long[]> g = p.value()) {
                g.get()[0]++;
              }
              lock.reset();
              rounds++;
            }
            return Poll.readyNull();
          }
        };
    runUntilDone(scheduler.spawn(threeUpdates));
    assertEquals(3, mutex.tryLock().get()[0]);
  }
}
