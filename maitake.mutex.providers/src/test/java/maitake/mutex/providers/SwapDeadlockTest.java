package maitake.mutex.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import maitake.impl.lock.LockRegistry;
import maitake.sync.blocking.RawMutex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Programs that take their locks in one global order never deadlock across a swap between the
 * critical-section provider (every lock enters one process-wide section) and a per-lock provider,
 * in either direction: holders of the two disciplines must never wait on each other. Each test
 * forces the interleaving that deadlocked before generations.
 */
class SwapDeadlockTest {

  private static LockRegistry registry(String pinned) {
    LockRegistry r = new LockRegistry();
    r.add(new SpinProvider(), SpinProvider.RANKING);
    r.add(new CriticalSectionProvider(), CriticalSectionProvider.RANKING);
    r.pin(pinned);
    return r;
  }

  private static void warm(RawMutex... locks) {
    for (RawMutex l : locks) {
      l.lock();
      l.unlock();
    }
  }

  /** Spins until {@code t} holds {@code flag} or waits parked (inside the section's lock). */
  private static void awaitHoldingOrParked(AtomicBoolean flag, Thread t) {
    while (!flag.get()) {
      Thread.State s = t.getState();
      if (s == Thread.State.WAITING
          || s == Thread.State.BLOCKED
          || s == Thread.State.TIMED_WAITING) {
        return;
      }
      Thread.onSpinWait();
    }
  }

  private static void await(CountDownLatch l) {
    try {
      l.await();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static Thread start(String name, Runnable r, AtomicReference<Throwable> failure) {
    Thread t =
        new Thread(
            () -> {
              try {
                r.run();
              } catch (Throwable e) {
                failure.compareAndSet(null, e);
              }
            },
            name);
    t.setDaemon(true); // a deadlocked thread must not keep the test JVM alive
    t.start();
    return t;
  }

  @Test
  @Timeout(60)
  void aSwapFromSpinToCriticalSectionNeverDeadlocksLocksTakenInOneOrder() throws Exception {
    LockRegistry registry = registry(SpinProvider.NAME);
    RawMutex w = registry.newRawMutex(); // order: w < x < y
    RawMutex x = registry.newRawMutex();
    RawMutex y = registry.newRawMutex();
    warm(w, x, y);
    CountDownLatch t1HoldsX = new CountDownLatch(1);
    CountDownLatch swapped = new CountDownLatch(1);
    AtomicBoolean t2HoldsW = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread[] t2 = new Thread[1];
    Thread t1 =
        start(
            "t1",
            () -> {
              x.lock(); // a spin lock, before the swap
              t1HoldsX.countDown();
              await(swapped);
              awaitHoldingOrParked(t2HoldsW, t2[0]);
              y.lock(); // after the swap
              y.unlock();
              x.unlock();
            },
            failure);
    await(t1HoldsX);
    registry.pin(CriticalSectionProvider.NAME);
    t2[0] =
        start(
            "t2",
            () -> {
              w.lock(); // after the swap: the critical-section discipline would enter the section
              t2HoldsW.set(true);
              x.lock(); // waits for t1
              x.unlock();
              w.unlock();
            },
            failure);
    swapped.countDown();
    t1.join();
    t2[0].join();
    assertEquals(null, failure.get());
    assertFalse(w.isLocked() || x.isLocked() || y.isLocked());
    warm(w, x, y); // and every lock works in the new generation
  }

  @Test
  @Timeout(60)
  void aSwapFromCriticalSectionToSpinNeverDeadlocksLocksTakenInOneOrder() throws Exception {
    LockRegistry registry = registry(CriticalSectionProvider.NAME);
    RawMutex x = registry.newRawMutex(); // order: x < y < z
    RawMutex z = registry.newRawMutex();
    warm(x, z);
    CountDownLatch t1HoldsX = new CountDownLatch(1);
    AtomicBoolean t2HoldsY = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicReference<RawMutex> yRef = new AtomicReference<>();
    CountDownLatch yMade = new CountDownLatch(1);
    Thread[] t2 = new Thread[1];
    Thread t1 =
        start(
            "t1",
            () -> {
              x.lock(); // inside the process-wide section
              t1HoldsX.countDown();
              await(yMade);
              awaitHoldingOrParked(t2HoldsY, t2[0]);
              RawMutex y = yRef.get();
              y.lock();
              y.unlock();
              x.unlock();
            },
            failure);
    await(t1HoldsX);
    registry.pin(SpinProvider.NAME);
    RawMutex y = registry.newRawMutex(); // made after the swap
    yRef.set(y);
    t2[0] =
        start(
            "t2",
            () -> {
              y.lock();
              t2HoldsY.set(true);
              z.lock(); // a lock of the old discipline
              z.unlock();
              y.unlock();
            },
            failure);
    yMade.countDown();
    t1.join();
    t2[0].join();
    assertEquals(null, failure.get());
    assertFalse(x.isLocked() || y.isLocked() || z.isLocked());
    warm(x, y, z);
  }

  @Test
  @Timeout(60)
  void aKitLockTakenWhileAUserLockIsHeldNeverDeadlocksAcrossASwap() throws Exception {
    LockRegistry registry = registry(SpinProvider.NAME);
    RawMutex w = registry.newRawMutex(); // user locks: w < x
    RawMutex x = registry.newRawMutex();
    RawMutex leaf = registry.newLeafMutex(); // a kit wait list's lock, taken last
    warm(w, x, leaf);
    CountDownLatch t1HoldsX = new CountDownLatch(1);
    CountDownLatch swapped = new CountDownLatch(1);
    AtomicBoolean t2HoldsW = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread[] t2 = new Thread[1];
    Thread t1 =
        start(
            "t1",
            () -> {
              x.lock();
              t1HoldsX.countDown();
              await(swapped);
              awaitHoldingOrParked(t2HoldsW, t2[0]);
              leaf.lock(); // a primitive's operation while holding a user lock
              leaf.unlock();
              x.unlock();
            },
            failure);
    await(t1HoldsX);
    registry.pin(CriticalSectionProvider.NAME);
    t2[0] =
        start(
            "t2",
            () -> {
              w.lock();
              t2HoldsW.set(true);
              x.lock();
              x.unlock();
              w.unlock();
            },
            failure);
    swapped.countDown();
    t1.join();
    t2[0].join();
    assertEquals(null, failure.get());
    warm(w, x, leaf);
    assertFalse(w.isLocked() || x.isLocked() || leaf.isLocked());
  }
}
