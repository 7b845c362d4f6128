package maitake.demo;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Futures;
import maitake.future.Poll;
import maitake.time.Elapsed;

/**
 * The demo's job of {@link Job} and {@link Work}, written with the kit's combinators instead of
 * state machines: the same steps, the same counters, and the same cancel safety, because the permit
 * and the guard are held by {@link Futures#bracket}, which releases them on every exit (a timeout
 * abandoning the work included).
 */
final class CombinedJob {
  private CombinedJob() {}

  /** Sleep, work under a timeout, report: as {@link Job}. */
  static Future<Void> job(Workload w, int id) {
    long napNanos = Duration.ofMillis(1 + ThreadLocalRandom.current().nextInt(50)).toNanos();
    long[] napStart = new long[1];
    return Futures.defer(
            () -> {
              napStart[0] = System.nanoTime();
              return w.timer.sleep(Duration.ofNanos(napNanos));
            })
        .andThen(
            v -> {
              w.recordLateness(id, System.nanoTime() - napStart[0] - napNanos);
              return w.timer
                  .timeout(w.workTimeout, work(w))
                  .recover(
                      Elapsed.class,
                      e -> {
                        w.timeouts.incrementAndGet();
                        return null;
                      });
            })
        .andThen(v -> w.audit.send(id))
        .map(
            sent -> {
              if (sent.isOk()) {
                w.sent.incrementAndGet();
              }
              w.finished(id);
              return null;
            });
  }

  /** Borrow a connection, query, update the shared state under the mutex: as {@link Work}. */
  static Future<Void> work(Workload w) {
    return Futures.bracket(
        countWait(w.pool.acquire(1), w.semaphoreWaits),
        connection ->
            w.timer
                .sleep(Duration.ofMillis(ThreadLocalRandom.current().nextInt(w.queryMaxMillis)))
                .andThen(
                    v ->
                        Futures.bracket(
                            countWait(w.state.lock(), w.handoffs),
                            guard -> {
                              guard.get()[0]++;
                              w.increments.incrementAndGet();
                              w.locks.incrementAndGet();
                              return Futures.ready((Void) null);
                            })));
  }

  /** {@code future}, counting in {@code waits} whether it had to wait (was pending once). */
  static <T> Future<T> countWait(Future<T> future, AtomicLong waits) {
    return new Future<>() {
      private boolean waited;

      @Override
      public Poll<T> poll(Context cx) {
        Poll<T> p = future.poll(cx);
        if (p.isPending()) {
          waited = true;
        } else if (waited) {
          waits.incrementAndGet();
        }
        return p;
      }

      @Override
      public void abandon() {
        future.abandon();
      }
    };
  }
}
