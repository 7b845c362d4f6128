package maitake.async;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import maitake.Toolkit;
import maitake.future.Futures;
import maitake.scheduler.LocalScheduler;
import maitake.task.JoinHandle;
import org.junit.jupiter.api.Test;

/**
 * The demo's job written as an async block loses nothing under the demo's timeouts: 5,000 jobs,
 * every one finishes exactly once, every increment is counted, every permit is back, every message
 * is received. On a LocalScheduler and a TestClock, so time is the test's.
 */
class AsyncJobTest {
  @Test
  void theDemoJobAsAnAsyncBlockLosesNothingUnderTheDemosTimeouts() {
    Toolkit kit = Toolkit.load();
    int tasks = 5_000;
    AsyncJobWorkload w = new AsyncJobWorkload(kit, tasks);
    LocalScheduler local = kit.newLocalScheduler();
    JoinHandle<Long> auditor =
        local.spawn(
            w.channel.receiver().forEach(v -> Futures.ready(null))); // counts what it receives
    List<JoinHandle<Void>> jobs = new ArrayList<>();
    for (int i = 0; i < tasks; i++) {
      int id = i;
      jobs.add(local.spawn(Async.async(() -> AsyncJob.job(w, id))));
    }
    for (int step = 0; step < 10_000 && !jobs.stream().allMatch(JoinHandle::isComplete); step++) {
      while (local.tick().polled() > 0) {
        // run what is runnable now
      }
      w.clock.advance(Duration.ofMillis(1));
      w.timer.turn();
    }
    assertTrue(jobs.stream().allMatch(JoinHandle::isComplete), "every job ended");
    jobs.forEach(Futures::blockOn);
    w.audit.close();
    while (local.tick().polled() > 0) {
      // the auditor drains the channel and ends
    }
    for (int i = 0; i < tasks; i++) {
      assertEquals(1, w.finishedTimes.get(i), "job " + i + " finished exactly once");
    }
    try (maitake.sync.MutexGuard<long[]> g = w.state.tryLock()) {
      assertEquals(w.increments.get(), g.get()[0], "the shared counter is exact");
    }
    assertEquals(w.poolSize, w.pool.availablePermits(), "every permit is back");
    assertEquals(tasks, w.sent.get());
    assertEquals(tasks, Futures.blockOn(auditor), "every message was received");
    assertTrue(w.timeouts.get() > 0, "the timeouts fired for some: " + w.timeouts.get());
    assertTrue(w.increments.get() > 0 && w.increments.get() < tasks, "and not for others");
  }
}
