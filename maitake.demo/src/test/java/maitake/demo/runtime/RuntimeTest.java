package maitake.demo.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import maitake.Toolkit;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Futures;
import maitake.future.Poll;
import maitake.future.Yield;
import maitake.sync.Mutex;
import maitake.sync.MutexGuard;
import maitake.task.JoinHandle;
import maitake.time.Clock;
import maitake.time.Sleep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The runtime under a mixed load: yields, short sleeps on the shared timer, a contended mutex and
 * tasks that spawn tasks. Every task completes and close() joins every worker thread. (The sleeps
 * use the system clock: the runtime is a real program; the test asserts no timing.)
 */
class RuntimeTest {

  private static Future<Long> mixed(Runtime rt, Mutex<long[]> mutex, int i, AtomicLong spawned) {
    Future<Void> first =
        switch (i % 3) {
          case 0 -> new Yield(i % 5);
          case 1 -> rt.timer().sleep(Duration.ofMillis(i % 4));
          default ->
              mutex
                  .lock()
                  .map(
                      g -> {
                        try (MutexGuard<long[]> guard = g) {
                          guard.get()[0]++;
                        }
                        return null;
                      });
        };
    return first.andThen(
        v -> {
          if (i % 7 == 0) {
            spawned.incrementAndGet();
            return rt.spawn(Futures.ready((long) i)); // a task that spawns a task and joins it
          }
          return Futures.ready((long) i);
        });
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 4})
  @Timeout(120)
  void aMixedLoadCompletesEveryTaskAndCloseJoinsEveryWorker(int workers) {
    Toolkit kit = Toolkit.load();
    Runtime rt = new Runtime(kit, workers, Clock.system());
    Mutex<long[]> mutex = kit.newMutex(new long[1]);
    AtomicLong spawned = new AtomicLong();
    int n = 5_000;
    List<JoinHandle<Long>> handles = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      handles.add(rt.spawn(mixed(rt, mutex, i, spawned)));
    }
    long sum = 0;
    for (JoinHandle<Long> h : handles) {
      sum += Futures.blockOn(h);
    }
    assertEquals((long) n * (n - 1) / 2, sum);
    try (MutexGuard<long[]> g = mutex.tryLock()) {
      assertEquals(
          java.util.stream.IntStream.range(0, n).filter(i -> i % 3 == 2).count(), g.get()[0]);
    }
    RuntimeStats stats = rt.stats();
    assertEquals(workers, stats.workers());
    assertTrue(stats.polled() >= n + spawned.get(), stats.toString());
    rt.close();
    assertEquals(0, rt.liveWorkers(), "close joins every worker thread");
    assertThrows(IllegalStateException.class, () -> rt.spawn(Futures.ready(1)));
  }

  @Test
  @Timeout(60)
  void anIdleRuntimeWakesForASpawnAndForATimer() {
    Toolkit kit = Toolkit.load();
    try (Runtime rt = new Runtime(kit, 2, Clock.system())) {
      // nothing to do: the workers park; a spawn must unpark one
      assertEquals(7, Futures.blockOn(rt.spawn(Futures.ready(7))));
      Sleep s = rt.timer().sleep(Duration.ofMillis(20));
      JoinHandle<Void> sleeper = rt.spawn(s);
      Futures.blockOn(sleeper);
      assertTrue(s.isElapsed());
      JoinHandle<Integer> chain =
          rt.spawn(
              new Future<Integer>() {
                int polls;

                @Override
                public Poll<Integer> poll(Context cx) {
                  if (++polls < 100) {
                    cx.waker().wake();
                    return Poll.pending();
                  }
                  return Poll.ready(polls);
                }
              });
      assertEquals(100, Futures.blockOn(chain));
    }
  }
}
