package maitake.async;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import maitake.Toolkit;
import maitake.future.Future;
import maitake.future.Futures;
import maitake.scheduler.LocalScheduler;
import maitake.scheduler.Scheduler;
import maitake.scheduler.Tick;
import maitake.sync.Channel;
import maitake.sync.Mutex;
import maitake.sync.MutexGuard;
import maitake.sync.Semaphore;
import maitake.task.JoinHandle;
import maitake.time.Elapsed;
import maitake.time.TestClock;
import maitake.time.Timer;
import org.junit.jupiter.api.Test;

/** Async blocks at scale: a deterministic trace, and jobs under timeouts that lose nothing. */
class AsyncScenariosTest {
  private final Toolkit kit = Toolkit.load();

  /** 1,000 blocks that sleep, lock and send on a LocalScheduler and a TestClock. */
  private List<String> traceOfARun() {
    TestClock clock = new TestClock(Duration.ofMillis(1));
    Timer timer = kit.newTimer(clock);
    LocalScheduler local = kit.newLocalScheduler();
    Mutex<long[]> state = kit.newMutex(new long[1]);
    Channel<Integer> ch = kit.newChannel(16);
    Channel.Sender<Integer> tx = ch.sender();
    List<String> trace = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(42);
    List<JoinHandle<Void>> blocks = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      int id = i;
      long nap = 1 + random.nextInt(20);
      blocks.add(
          local.spawn(
              Async.async(
                  () -> {
                    Async.await(timer.sleep(Duration.ofMillis(nap)));
                    trace.add(id + " woke " + clock.nowTicks());
                    try (MutexGuard<long[]> g = Async.await(state.lock())) {
                      g.get()[0]++;
                      trace.add(id + " locked " + g.get()[0]);
                    }
                    Async.await(tx.send(id));
                    return null;
                  })));
    }
    JoinHandle<Long> auditor =
        local.spawn(
            Async.async(
                () -> {
                  long n = 0;
                  while (Async.await(ch.receiver().receive()).isOk()) {
                    n++;
                  }
                  return n;
                }));
    for (int step = 0; step < 100 && !blocks.stream().allMatch(JoinHandle::isComplete); step++) {
      local.tick();
      while (local.tick().polled() > 0) {
        // run what is runnable at this time
      }
      clock.advance(Duration.ofMillis(1));
      timer.turn();
    }
    tx.close();
    while (local.tick().polled() > 0) {
      // the auditor drains the channel
    }
    assertEquals(1_000L, Futures.blockOn(auditor));
    return trace;
  }

  @Test
  void aThousandBlocksThatSleepLockAndSendGiveTheSameTraceOnEveryRun() {
    List<String> first = traceOfARun();
    List<String> second = traceOfARun();
    assertEquals(2_000, first.size());
    assertEquals(first, second);
  }

  @Test
  void tenThousandJobsUnderTimeoutsOnTwoThreadsAllEndOnceAndGiveEveryPermitBack()
      throws InterruptedException {
    int jobs = 10_000;
    TestClock clock = new TestClock(Duration.ofMillis(1));
    Timer timer = kit.newTimer(clock);
    Semaphore sem = kit.newSemaphore(8);
    Scheduler s = kit.newScheduler();
    AtomicIntegerArray ends = new AtomicIntegerArray(jobs);
    SplittableRandom random = new SplittableRandom(20261201);
    List<JoinHandle<String>> handles = new ArrayList<>(jobs);
    for (int i = 0; i < jobs; i++) {
      int job = i;
      long sleepMs = 1 + random.nextInt(40);
      Future<String> work =
          Async.async(
              () -> {
                try {
                  Semaphore.Permit p = Async.await(sem.acquire(1)).value();
                  try (p) {
                    Async.await(
                        timer.timeout(
                            Duration.ofMillis(30), timer.sleep(Duration.ofMillis(sleepMs))));
                    return "done";
                  } catch (Elapsed e) {
                    return "timed out";
                  }
                } finally {
                  ends.incrementAndGet(job);
                }
              });
      handles.add(s.spawn(work));
    }
    AtomicLong idleTicks = new AtomicLong();
    AtomicLong ended = new AtomicLong();
    Thread worker =
        new Thread(
            () -> {
              while (ended.get() < jobs) {
                Tick t = s.tick();
                ended.addAndGet(t.completed());
                if (t.polled() == 0) {
                  idleTicks.incrementAndGet();
                }
              }
            },
            "async-jobs-worker");
    worker.start();
    long seen = idleTicks.get();
    while (ended.get() < jobs) {
      while (idleTicks.get() == seen && ended.get() < jobs) {
        Thread.onSpinWait();
      }
      seen = idleTicks.get();
      clock.advance(Duration.ofMillis(1));
      timer.turn();
      if (clock.nowTicks() > jobs * 40L) {
        ended.set(jobs);
        break;
      }
    }
    worker.join();
    int timedOut = 0;
    for (int i = 0; i < jobs; i++) {
      assertEquals(1, ends.get(i), "job " + i + " ended " + ends.get(i) + " times");
      if (Futures.blockOn(handles.get(i)).equals("timed out")) {
        timedOut++;
      }
    }
    assertEquals(8, sem.availablePermits(), "permits back");
    assertEquals(-1, timer.ticksToNextDeadline(), "no sleep left in the timer");
    assertTrue(timedOut > jobs / 6 && timedOut < jobs / 2.5, timedOut + " timed out");
  }
}
