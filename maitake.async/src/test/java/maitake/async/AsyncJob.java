package maitake.async;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import maitake.sync.MutexGuard;
import maitake.sync.Semaphore;
import maitake.time.Elapsed;

/**
 * The demo's job (maitake.demo's Job and Work as state machines, CombinedJob with combinators)
 * written a third way, as an async block: sleep a random while, then under a timeout borrow a
 * connection, query, and update the shared state under the mutex, then report to the auditor. The
 * same steps and counters as the demo's; the permit and the guard are released by
 * try-with-resources on every exit, a timeout that abandons the work included.
 */
final class AsyncJob {
  private AsyncJob() {}

  /** Sleep, work under a timeout, report. */
  static Void job(AsyncJobWorkload w, int id) {
    Duration nap = Duration.ofMillis(1 + ThreadLocalRandom.current().nextInt(50));
    long napStart = w.clock.nowTicks();
    Async.await(w.timer.sleep(nap));
    w.recordLateness(id, w.clock.nowTicks() - napStart - nap.toMillis());
    try {
      Async.await(w.timer.timeout(w.workTimeout, Async.async(() -> work(w))));
    } catch (Elapsed e) {
      w.timeouts.incrementAndGet();
    }
    if (Async.await(w.audit.send(id)).isOk()) {
      w.sent.incrementAndGet();
    }
    w.finished(id);
    return null;
  }

  /** Borrow a connection, query, update the shared state under the mutex. */
  static Void work(AsyncJobWorkload w) {
    try (Semaphore.Permit connection = Async.await(w.pool.acquire(1)).value()) {
      Async.await(
          w.timer.sleep(Duration.ofMillis(ThreadLocalRandom.current().nextInt(w.queryMaxMillis))));
      try (MutexGuard<long[]> guard = Async.await(w.state.lock())) {
        guard.get()[0]++;
        w.increments.incrementAndGet();
        w.locks.incrementAndGet();
      }
    }
    return null;
  }
}
