package maitake.impl;

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
import maitake.scheduler.Scheduler;
import maitake.scheduler.Tick;
import maitake.sync.Semaphore;
import maitake.task.JoinHandle;
import maitake.time.Elapsed;
import maitake.time.TestClock;
import maitake.time.Timer;
import org.junit.jupiter.api.Test;

/**
 * Jobs that take a permit, sleep under a timeout and give the permit back: written with {@code
 * withPermits}, every job ends once and every permit comes back, however many time out. The chain a
 * new user writes first ({@code acquire(1).andThen(p -> ...)}) does not, as {@code Future.andThen}
 * documents.
 */
class CancelSafeJobsTest {
  private static final int JOBS = 10_000;
  private static final int PERMITS = 8;
  private static final long TIMEOUT_MS = 30;

  private final Toolkit kit = Toolkit.load();
  private final TestClock clock = new TestClock(Duration.ofMillis(1));
  private final Timer timer = kit.newTimer(clock);
  private final Semaphore sem = kit.newSemaphore(PERMITS);

  @Test
  void aPermitCapturedByAnAndThenLambdaIsLostWhenTheTimeoutFiresAsAndThenDocuments() {
    Scheduler s = kit.newScheduler();
    JoinHandle<String> job =
        s.spawn(
            sem.acquire(1)
                .andThen(
                    o -> {
                      Semaphore.Permit p = o.value();
                      return timer
                          .timeout(
                              Duration.ofMillis(TIMEOUT_MS), timer.sleep(Duration.ofMillis(50)))
                          .map(
                              v -> {
                                p.close();
                                return "done";
                              });
                    }));
    s.tick();
    clock.advance(Duration.ofMillis(TIMEOUT_MS));
    timer.turn();
    s.tick();
    assertTrue(job.isComplete());
    assertEquals(PERMITS - 1, sem.availablePermits(), "the captured permit is never closed");
  }

  @Test
  void tenThousandJobsUnderTimeoutsOnTwoThreadsAllEndOnceAndGiveEveryPermitBack()
      throws InterruptedException {
    Scheduler s = kit.newScheduler();
    AtomicIntegerArray ends = new AtomicIntegerArray(JOBS);
    SplittableRandom random = new SplittableRandom(20261201);
    List<JoinHandle<String>> handles = new ArrayList<>(JOBS);
    for (int i = 0; i < JOBS; i++) {
      int job = i;
      long sleepMs = 1 + random.nextInt(40); // a timeout at 30 ms: about a quarter time out
      Future<String> work =
          sem.withPermits(
                  1,
                  permit ->
                      timer.timeout(
                          Duration.ofMillis(TIMEOUT_MS),
                          timer.sleep(Duration.ofMillis(sleepMs)).map(v -> "done")))
              .map(o -> o.value())
              .recover(e -> e instanceof Elapsed ? "timed out" : "failed: " + e)
              .andFinally(() -> ends.incrementAndGet(job));
      handles.add(s.spawn(work));
    }

    // The worker ticks the scheduler; this thread moves time and turns the timer, one
    // millisecond after each tick in which the worker found nothing to run.
    AtomicLong idleTicks = new AtomicLong();
    AtomicLong ended = new AtomicLong();
    Thread worker =
        new Thread(
            () -> {
              while (ended.get() < JOBS) {
                Tick t = s.tick();
                ended.addAndGet(t.completed());
                if (t.polled() == 0) {
                  idleTicks.incrementAndGet();
                }
              }
            },
            "jobs-worker");
    worker.start();
    long limitMs = JOBS * 40L; // every job sleeping one after another: time enough for all
    long seen = idleTicks.get();
    while (ended.get() < JOBS) {
      while (idleTicks.get() == seen && ended.get() < JOBS) {
        Thread.onSpinWait();
      }
      seen = idleTicks.get();
      clock.advance(Duration.ofMillis(1));
      timer.turn();
      if (clock.nowTicks() > limitMs) {
        ended.set(JOBS); // stops the worker; the assertions below say what was left
        break;
      }
    }
    worker.join();

    int done = 0;
    int timedOut = 0;
    for (int i = 0; i < JOBS; i++) {
      assertEquals(1, ends.get(i), "job " + i + " ended " + ends.get(i) + " times");
      String r = Futures.blockOn(handles.get(i));
      if (r.equals("done")) {
        done++;
      } else {
        assertEquals("timed out", r);
        timedOut++;
      }
    }
    assertEquals(PERMITS, sem.availablePermits(), "permits back");
    assertEquals(-1, timer.ticksToNextDeadline(), "no sleep left in the timer");
    assertTrue(
        timedOut > JOBS / 6 && timedOut < JOBS / 2.5,
        "about a quarter timed out: " + timedOut + " timed out, " + done + " done");
  }
}
