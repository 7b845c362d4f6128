package maitake.mutex.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Poll;
import maitake.impl.StandardToolkit;
import maitake.impl.lock.LockRegistry;
import maitake.scheduler.LocalScheduler;
import maitake.spi.RawMutexProvider;
import maitake.sync.Mutex;
import maitake.sync.MutexGuard;
import maitake.sync.Outcome;
import maitake.sync.Semaphore;
import maitake.sync.blocking.RawMutex;
import maitake.sync.blocking.RawRwLock;
import maitake.task.JoinHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Swapping the lock provider while threads hammer locks made through the registry: mutual exclusion
 * holds across every swap, and nobody is stranded.
 */
class HotSwapTest {
  private static final RawMutexProvider[] PROVIDERS = {
    new SpinProvider(), new TicketProvider(), new MonitorProvider(), new CriticalSectionProvider()
  };

  /** Cycles through adding, pinning, unpinning and removing providers until told to stop. */
  private static Thread swapper(LockRegistry registry, AtomicBoolean stop, int minSwaps) {
    return new Thread(
        () -> {
          int step = 0;
          while (!stop.get() || registry.swaps() < minSwaps) {
            RawMutexProvider p = PROVIDERS[step % PROVIDERS.length];
            switch ((step / PROVIDERS.length) % 3) {
              case 0 -> registry.add(p, p.ranking());
              case 1 -> registry.pinConfigured(step % 5 == 0 ? LockRegistry.BUILT_IN : p.name());
              default -> {
                registry.pin(null);
                registry.remove(p);
              }
            }
            step++;
            Thread.yield();
          }
        },
        "swapper");
  }

  @Test
  @Timeout(120)
  void twoThreadsHammeringARawMutexKeepAnExactCountAcrossThousandsOfSwaps() throws Exception {
    hammer(false);
  }

  @Test
  @Timeout(120)
  void twoThreadsHammeringALeafMutexKeepAnExactCountAcrossThousandsOfSwaps() throws Exception {
    hammer(true);
  }

  private static void hammer(boolean leaf) throws Exception {
    LockRegistry registry = new LockRegistry();
    RawMutex lock = leaf ? registry.newLeafMutex() : registry.newRawMutex();
    long[] counter = {0};
    AtomicBoolean inside = new AtomicBoolean();
    AtomicBoolean overlap = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    int perThread = 300_000;
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      workers.add(
          new Thread(
              () -> {
                for (int i = 0; i < perThread; i++) {
                  lock.lock();
                  if (!inside.compareAndSet(false, true)) {
                    overlap.set(true);
                  }
                  counter[0]++;
                  inside.set(false);
                  lock.unlock();
                }
              }));
    }
    Thread swapper = swapper(registry, stop, 2_000);
    swapper.start();
    workers.forEach(Thread::start);
    for (Thread w : workers) {
      w.join();
    }
    stop.set(true);
    swapper.join();
    System.out.println(
        "HotSwapTest raw mutex: swaps=" + registry.swaps() + ", count=" + counter[0]);
    assertFalse(overlap.get(), "two holders across a swap");
    assertEquals(2L * perThread, counter[0]);
    assertTrue(registry.swaps() >= 2_000, "swaps: " + registry.swaps());
    assertFalse(lock.isLocked());
  }

  @Test
  @Timeout(120)
  void readersAndWritersOfARawRwLockStayConsistentAcrossSwaps() throws Exception {
    LockRegistry registry = new LockRegistry();
    RawRwLock lock = registry.newRawRwLock();
    long[] pair = new long[2];
    AtomicBoolean torn = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      int me = t;
      workers.add(
          new Thread(
              () -> {
                for (int i = 0; i < 100_000; i++) {
                  if ((i + me) % 2 == 0) {
                    lock.lockExclusive();
                    pair[0]++;
                    pair[1]++;
                    lock.unlockExclusive();
                  } else {
                    lock.lockShared();
                    if (pair[0] != pair[1]) {
                      torn.set(true);
                    }
                    lock.unlockShared();
                  }
                }
              }));
    }
    Thread swapper = swapper(registry, stop, 500);
    swapper.start();
    workers.forEach(Thread::start);
    for (Thread w : workers) {
      w.join();
    }
    stop.set(true);
    swapper.join();
    assertFalse(torn.get());
    assertEquals(100_000, pair[0]);
    assertFalse(lock.isLocked());
  }

  @Test
  @Timeout(120)
  void tasksOnTwoThreadsUsingAMutexAndASemaphoreLoseNothingAcrossSwaps() throws Exception {
    LockRegistry registry = new LockRegistry();
    StandardToolkit kit = new StandardToolkit(registry);
    Mutex<long[]> mutex = kit.newMutex(new long[1]);
    Semaphore sem = kit.newSemaphore(3);
    AtomicLong inside = new AtomicLong();
    AtomicBoolean over = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    int tasksPerThread = 4;
    int rounds = 20_000;
    LocalScheduler[] schedulers = {kit.newLocalScheduler(), kit.newLocalScheduler()};
    List<JoinHandle<Void>> handles = new ArrayList<>();
    for (int s = 0; s < 2; s++) {
      for (int t = 0; t < tasksPerThread; t++) {
        handles.add(schedulers[s].spawner().spawn(worker(mutex, sem, rounds, inside, over)));
      }
    }
    Thread swapper = swapper(registry, stop, 1_000);
    swapper.start();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> tickers = new ArrayList<>();
    for (int s = 0; s < 2; s++) {
      LocalScheduler mine = schedulers[s];
      int first = s * tasksPerThread;
      tickers.add(
          new Thread(
              () -> {
                try {
                  while (!handles.subList(first, first + tasksPerThread).stream()
                      .allMatch(JoinHandle::isComplete)) {
                    mine.tick();
                  }
                } catch (Throwable e) {
                  failure.set(e);
                }
              }));
    }
    tickers.forEach(Thread::start);
    for (Thread t : tickers) {
      t.join();
    }
    stop.set(true);
    swapper.join();
    if (failure.get() != null) {
      throw new AssertionError(failure.get());
    }
    System.out.println("HotSwapTest tasks: swaps=" + registry.swaps());
    assertFalse(over.get(), "more than 3 inside the semaphore");
    MutexGuard<long[]> g = mutex.tryLock();
    assertEquals(2L * tasksPerThread * rounds, g.get()[0]);
    g.close();
    assertEquals(3, sem.availablePermits());
  }

  /** rounds x (acquire a permit, lock, increment, unlock, release), yielding in between. */
  static Future<Void> worker(
      Mutex<long[]> mutex, Semaphore sem, int rounds, AtomicLong inside, AtomicBoolean over) {
    return new Future<>() {
      int left = rounds;
      Future<Outcome<Semaphore.Permit>> acquiring;
      Semaphore.Permit permit;
      Future<MutexGuard<long[]>> locking;

      @Override
      public Poll<Void> poll(Context cx) {
        for (; ; ) {
          if (permit == null) {
            if (left == 0) {
              return Poll.readyNull();
            }
            if (acquiring == null) {
              acquiring = sem.acquire(1);
            }
            Poll<Outcome<Semaphore.Permit>> p = acquiring.poll(cx);
            if (p.isPending()) {
              return Poll.pending();
            }
            acquiring = null;
            permit = p.value().value();
            if (inside.incrementAndGet() > 3) {
              over.set(true);
            }
          }
          if (locking == null) {
            locking = mutex.lock();
          }
          Poll<MutexGuard<long[]>> l = locking.poll(cx);
          if (l.isPending()) {
            return Poll.pending();
          }
          locking = null;
          try (MutexGuard<long[]> g = l.value()) {
            g.get()[0]++;
          }
          inside.decrementAndGet();
          permit.close();
          permit = null;
          left--;
          if (left % 16 == 0) {
            cx.waker().wake();
            return Poll.pending();
          }
        }
      }
    };
  }
}
