package maitake.impl.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Poll;
import maitake.future.Waker;
import maitake.scheduler.Tick;
import maitake.task.JoinError;
import maitake.task.JoinHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Four threads wake, cancel and join 100,000 tasks while one thread ticks: every task ends exactly
 * once, none is polled after it ended, and every output is delivered at most once.
 */
class SchedulerStressTest {
  private static final int TASKS = 100_000;

  @Test
  @Timeout(120)
  void mpscSchedulerEndsEveryTaskExactlyOnceUnderConcurrentWakesCancelsAndJoins() throws Exception {
    MpscScheduler s = new MpscScheduler();
    run(s::spawn, s::tick);
  }

  @Test
  @Timeout(120)
  void confinedSchedulerEndsEveryTaskExactlyOnceUnderConcurrentWakesCancelsAndJoins()
      throws Exception {
    ConfinedScheduler s = new ConfinedScheduler();
    run(f -> s.spawner().spawn(f), s::tick);
  }

  private static void run(Function<Future<Integer>, JoinHandle<Integer>> spawn, Supplier<Tick> tick)
      throws Exception {
    StressFuture[] futures = new StressFuture[TASKS];
    List<JoinHandle<Integer>> handles = new ArrayList<>(TASKS);
    for (int i = 0; i < TASKS; i++) {
      futures[i] = new StressFuture(i);
      handles.add(spawn.apply(futures[i]));
    }
    AtomicInteger ended = new AtomicInteger();
    for (StressFuture f : futures) {
      f.endedCounter = ended;
    }
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    threads.add(
        new Thread(
            () -> {
              while (ended.get() < TASKS) {
                tick.get();
              }
            },
            "ticker"));
    for (int w = 0; w < 2; w++) {
      int offset = w;
      threads.add(
          new Thread(
              () -> {
                while (ended.get() < TASKS) {
                  for (int i = offset; i < TASKS; i += 2) {
                    Waker k = futures[i].waker;
                    if (k != null) {
                      k.wake();
                    }
                  }
                }
              },
              "waker-" + w));
    }
    threads.add(
        new Thread(
            () -> {
              ThreadLocalRandom rnd = ThreadLocalRandom.current();
              for (int n = 0; n < TASKS / 10; n++) {
                handles.get(rnd.nextInt(TASKS)).cancel();
              }
            },
            "canceller"));
    int[] joined = new int[TASKS];
    threads.add(
        new Thread(
            () -> {
              Context cx = Context.of(() -> {});
              ThreadLocalRandom rnd = ThreadLocalRandom.current();
              while (ended.get() < TASKS) {
                int i = rnd.nextInt(TASKS);
                if (joined[i] != 0) {
                  continue;
                }
                try {
                  Poll<Integer> p = handles.get(i).poll(cx);
                  if (p.isReady()) {
                    if (p.value() != i) {
                      failure.compareAndSet(null, new AssertionError("wrong output for " + i));
                    }
                    joined[i] = 1;
                  }
                } catch (JoinError e) {
                  joined[i] = 2;
                }
              }
            },
            "joiner"));
    for (Thread t : threads) {
      t.setUncaughtExceptionHandler((th, e) -> failure.compareAndSet(null, e));
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    if (failure.get() != null) {
      throw new AssertionError(failure.get());
    }
    Context cx = Context.of(() -> {});
    int completed = 0;
    int cancelled = 0;
    for (int i = 0; i < TASKS; i++) {
      StressFuture f = futures[i];
      assertEquals(1, f.ends.get(), "task " + i + " ended exactly once");
      assertEquals(0, f.pollsAfterEnd.get(), "task " + i + " never polled after it ended");
      assertTrue(handles.get(i).isComplete());
      if (joined[i] == 0) {
        try {
          assertEquals(i, handles.get(i).poll(cx).value());
          joined[i] = 1;
        } catch (JoinError e) {
          assertTrue(e.isCancelled(), e.toString());
          joined[i] = 2;
        }
      }
      if (joined[i] == 1) {
        completed++;
        assertTrue(f.completed);
      } else {
        cancelled++;
      }
    }
    assertEquals(TASKS, completed + cancelled);
  }

  /** Completes at its third poll; counts ends (completion or abandon) and late polls. */
  static final class StressFuture implements Future<Integer> {
    final int value;
    volatile Waker waker;
    volatile boolean completed;
    AtomicInteger endedCounter;
    final AtomicInteger polls = new AtomicInteger();
    final AtomicInteger ends = new AtomicInteger();
    final AtomicInteger pollsAfterEnd = new AtomicInteger();

    StressFuture(int value) {
      this.value = value;
    }

    @Override
    public Poll<Integer> poll(Context context) {
      if (ends.get() != 0) {
        pollsAfterEnd.incrementAndGet();
      }
      waker = context.waker();
      if (polls.incrementAndGet() == 3) {
        completed = true;
        end();
        return Poll.ready(value);
      }
      return Poll.pending();
    }

    @Override
    public void abandon() {
      end();
    }

    private void end() {
      if (ends.incrementAndGet() == 1) {
        endedCounter.incrementAndGet();
      }
    }
  }
}
