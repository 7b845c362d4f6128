package maitake.impl.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Poll;
import maitake.future.Yield;
import maitake.impl.lock.BackoffSpinLock;
import maitake.impl.scheduler.ConfinedScheduler;
import maitake.sync.Channel;
import maitake.sync.MutexGuard;
import maitake.sync.Outcome;
import maitake.sync.Semaphore;
import maitake.task.JoinHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Multi-thread stress: tasks on two threads, each ticking its own scheduler. */
class SyncStressTest {

  /** A task written as steps: each step returns the next future to await, or DONE. */
  abstract static class Machine implements Future<Void> {
    static final Future<Object> DONE = cx -> Poll.readyNull();
    private Future<?> awaiting;
    private Object last;

    @Override
    public Poll<Void> poll(Context cx) {
      for (; ; ) {
        if (awaiting != null) {
          Poll<?> p = awaiting.poll(cx);
          if (p.isPending()) {
            return Poll.pending();
          }
          last = p.value();
          awaiting = null;
        }
        Future<?> next = step(last);
        if (next == DONE) {
          return Poll.readyNull();
        }
        awaiting = next;
      }
    }

    /** The current awaited future (for abandoning it). */
    Future<?> awaiting() {
      return awaiting;
    }

    void forget() {
      awaiting = null;
    }

    abstract Future<?> step(Object lastResult);
  }

  /** Runs tasks on two threads, each with its own scheduler, until every task completes. */
  static void runOnTwoThreads(List<Future<Void>> tasks) throws Exception {
    ConfinedScheduler[] s = {new ConfinedScheduler(), new ConfinedScheduler()};
    List<JoinHandle<Void>> handles = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      handles.add(s[i % 2].spawner().spawn(tasks.get(i)));
    }
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      ConfinedScheduler mine = s[t];
      int me = t;
      threads.add(
          new Thread(
              () -> {
                try {
                  while (!allDone(handles, me)) {
                    if (mine.tick().polled() == 0) {
                      // idle: let the other ticker run. Every FIFO hand-off crosses threads, so on
                      // a
                      // loaded machine a busy spin here starves the thread that must run next
                      Thread.yield();
                    }
                  }
                } catch (Throwable e) {
                  failure.set(e);
                }
              }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    if (failure.get() != null) {
      throw new AssertionError(failure.get());
    }
    for (JoinHandle<Void> h : handles) {
      maitake.future.Futures.blockOn(h); // rethrows a task's failure
    }
  }

  private static boolean allDone(List<JoinHandle<Void>> handles, int thread) {
    for (int i = thread; i < handles.size(); i += 2) {
      if (!handles.get(i).isComplete()) {
        return false;
      }
    }
    return true;
  }

  @Test
  @Timeout(120)
  void eightTasksOnTwoThreadsBehindAFourPermitSemaphoreNeverHaveMoreThanFourInside()
      throws Exception {
    FairSemaphore sem = new FairSemaphore(new BackoffSpinLock(), 4);
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger maxInside = new AtomicInteger();
    AtomicLong entries = new AtomicLong();
    List<Future<Void>> tasks = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      tasks.add(
          new Machine() {
            int left = 20_000;
            int state;
            Semaphore.Permit permit;

            @Override
            @SuppressWarnings("unchecked")
            Future<?> step(Object last) {
              switch (state) {
                case 0:
                  if (left-- == 0) {
                    return DONE;
                  }
                  state = 1;
                  return sem.acquire(1);
                case 1:
                  permit = ((Outcome<Semaphore.Permit>) last).value();
                  int now = inside.incrementAndGet();
                  maxInside.accumulateAndGet(now, Math::max);
                  entries.incrementAndGet();
                  state = 2;
                  return new Yield(1);
                default:
                  inside.decrementAndGet();
                  permit.close();
                  state = 0;
                  return new Yield(0);
              }
            }
          });
    }
    runOnTwoThreads(tasks);
    assertTrue(maxInside.get() <= 4, "at most 4 inside, saw " + maxInside.get());
    assertEquals(8 * 20_000, entries.get());
    assertEquals(4, sem.availablePermits());
  }

  @Test
  @Timeout(120)
  void aMillionContendedMutexLocksWithHandOffsLeaveAnExactCount() throws Exception {
    HandoffMutex<long[]> mutex = new HandoffMutex<>(new BackoffSpinLock(), new long[1]);
    int perTask = 250_000;
    List<Future<Void>> tasks = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      tasks.add(lockLoop(mutex, perTask));
    }
    runOnTwoThreads(tasks);
    MutexGuard<long[]> g = mutex.tryLock();
    assertEquals(4L * perTask, g.get()[0]);
    g.close();
    assertFalse(mutex.isLocked());
  }

  private static Future<Void> lockLoop(HandoffMutex<long[]> mutex, int n) {
    return new Machine() {
      int left = n;
      int state;
      MutexGuard<long[]> guard;

      @Override
      @SuppressWarnings("unchecked")
      Future<?> step(Object last) {
        switch (state) {
          case 0:
            if (left-- == 0) {
              return DONE;
            }
            state = 1;
            return mutex.lock();
          case 1:
            guard = (MutexGuard<long[]>) last;
            long before = guard.get()[0];
            state = 2;
            guard.get()[0] = before + 1;
            return new Yield(left % 64 == 0 ? 1 : 0); // hold the lock across a suspension
          default:
            guard.close();
            guard = null;
            state = 0;
            return new Yield(0);
        }
      }
    };
  }

  @Test
  @Timeout(120)
  void randomlyAbandonedAcquiresLeaveEveryPermitAvailable() throws Exception {
    FairSemaphore sem = new FairSemaphore(new BackoffSpinLock(), 5);
    List<Future<Void>> tasks = new ArrayList<>();
    for (int t = 0; t < 6; t++) {
      SplittableRandom rnd = new SplittableRandom(t);
      tasks.add(
          new Future<Void>() {
            int left = 2_000; // each acquire may cross threads: sized for a loaded 2-core machine
            Future<Outcome<Semaphore.Permit>> acquire;
            Semaphore.Permit held;

            @Override
            public Poll<Void> poll(Context cx) {
              for (; ; ) {
                if (held != null) {
                  held.close();
                  held = null;
                }
                if (acquire == null) {
                  if (left-- == 0) {
                    return Poll.readyNull();
                  }
                  acquire = sem.acquire(1 + rnd.nextInt(4));
                }
                Poll<Outcome<Semaphore.Permit>> p = acquire.poll(cx);
                if (p.isReady()) {
                  acquire = null;
                  held = p.value().value();
                  if (rnd.nextBoolean()) {
                    cx.waker().wake(); // hold it across a yield
                    return Poll.pending();
                  }
                  continue;
                }
                if (rnd.nextInt(3) == 0) {
                  acquire.abandon(); // give up while queued (possibly partially assigned)
                  acquire = null;
                  continue;
                }
                return Poll.pending();
              }
            }
          });
    }
    runOnTwoThreads(tasks);
    assertEquals(5, sem.availablePermits());
  }

  @Test
  @Timeout(120)
  void aChannelPassesAMillionValuesInOrderWithNothingLostOrDuplicated() throws Exception {
    BoundedChannel<Integer> ch = new BoundedChannel<>(new BackoffSpinLock(), 64);
    Channel.Sender<Integer> tx = ch.sender();
    int n = 1_000_000;
    AtomicLong received = new AtomicLong();
    AtomicReference<String> error = new AtomicReference<>();
    Future<Void> producer =
        new Machine() {
          int next;

          @Override
          Future<?> step(Object last) {
            if (last instanceof Outcome<?> o && !o.isOk()) {
              error.set("send failed: " + o);
              return DONE;
            }
            if (next == n) {
              tx.close();
              return DONE;
            }
            return tx.send(next++);
          }
        };
    Consumer<Integer> check =
        new Consumer<>() {
          int expected;

          @Override
          public void accept(Integer v) {
            if (v != expected) {
              error.compareAndSet(null, "expected " + expected + " got " + v);
            }
            expected++;
            received.incrementAndGet();
          }
        };
    Future<Void> consumer =
        new Machine() {
          boolean started;

          @Override
          @SuppressWarnings("unchecked")
          Future<?> step(Object last) {
            if (started) {
              Outcome<Integer> o = (Outcome<Integer>) last;
              if (o.isClosed()) {
                return DONE;
              }
              check.accept(o.value());
            }
            started = true;
            return ch.receiver().receive();
          }
        };
    runOnTwoThreads(List.of(producer, consumer));
    assertEquals(null, error.get());
    assertEquals(n, received.get());
  }
}
