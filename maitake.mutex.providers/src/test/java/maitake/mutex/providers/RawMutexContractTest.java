package maitake.mutex.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import maitake.sync.blocking.RawMutex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The raw lock SPI contract, run against every provider's lock and the built-in one. Each subclass
 * states the documented behaviour of an unlock by a thread that does not hold the lock.
 */
abstract class RawMutexContractTest {

  /**
   * @return a new lock of the provider under test
   */
  abstract RawMutex newLock();

  /**
   * @return true if an unlock by a non-holder throws IllegalStateException (else it releases)
   */
  abstract boolean unlockByNonHolderThrows();

  /**
   * @return how many threads contend in the mutual exclusion test
   */
  int threads() {
    return 4;
  }

  @Test
  @Timeout(60)
  void severalThreadsNeverHoldTheLockAtOnce() throws Exception {
    RawMutex lock = newLock();
    long[] counter = {0};
    AtomicBoolean inside = new AtomicBoolean();
    AtomicBoolean overlap = new AtomicBoolean();
    List<Thread> threads = new ArrayList<>();
    int n = threads();
    for (int t = 0; t < n; t++) {
      threads.add(
          new Thread(
              () -> {
                for (int i = 0; i < 50_000; i++) {
                  lock.lock();
                  try {
                    if (!inside.compareAndSet(false, true)) {
                      overlap.set(true);
                    }
                    counter[0]++;
                    inside.set(false);
                  } finally {
                    lock.unlock();
                  }
                }
              }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    assertFalse(overlap.get(), "two holders at once");
    assertEquals(50_000L * n, counter[0]);
    assertFalse(lock.isLocked());
  }

  @Test
  void tryLockSucceedsOnlyWhenFree() {
    RawMutex lock = newLock();
    assertTrue(lock.tryLock());
    assertTrue(lock.isLocked());
    assertFalse(lock.tryLock(), "not re-entrant through tryLock");
    lock.unlock();
    assertFalse(lock.isLocked());
    assertTrue(lock.tryLock());
    lock.unlock();
  }

  @Test
  @Timeout(30)
  void tryLockFromAnotherThreadFailsWhileHeld() throws Exception {
    RawMutex lock = newLock();
    lock.lock();
    AtomicBoolean got = new AtomicBoolean(true);
    Thread t = new Thread(() -> got.set(lock.tryLock()));
    t.start();
    t.join();
    assertFalse(got.get());
    lock.unlock();
  }

  @Test
  @Timeout(30)
  void anUnlockByANonHolderBehavesAsDocumented() throws Exception {
    RawMutex lock = newLock();
    lock.lock();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              try {
                lock.unlock();
              } catch (Throwable e) {
                thrown.set(e);
              }
            });
    t.start();
    t.join();
    if (unlockByNonHolderThrows()) {
      assertTrue(thrown.get() instanceof IllegalStateException, String.valueOf(thrown.get()));
      assertTrue(lock.isLocked(), "still held by its holder");
      lock.unlock();
    } else {
      assertEquals(null, thrown.get());
      assertFalse(lock.isLocked(), "documented: a non-holder's unlock releases the lock");
    }
  }

  @Test
  void withLockReleasesTheLockWhenTheFunctionThrows() {
    RawMutex lock = newLock();
    assertThrows(
        IllegalArgumentException.class,
        () ->
            lock.withLock(
                () -> {
                  throw new IllegalArgumentException("inside");
                }));
    assertFalse(lock.isLocked());
    assertEquals("x", lock.withLock(() -> "x"));
    assertTrue(lock.tryWithLock(() -> {}));
  }

  /** Built-in spin lock. */
  static class BuiltInLockTest extends RawMutexContractTest {
    @Override
    RawMutex newLock() {
      return new maitake.impl.lock.BackoffSpinLock();
    }

    @Override
    boolean unlockByNonHolderThrows() {
      return false;
    }
  }

  /** spin. */
  static class SpinLockTest extends RawMutexContractTest {
    @Override
    RawMutex newLock() {
      return new SpinProvider().newRawMutex();
    }

    @Override
    boolean unlockByNonHolderThrows() {
      return false;
    }
  }

  /** ticket. */
  static class TicketLockTest extends RawMutexContractTest {
    @Override
    RawMutex newLock() {
      return new TicketProvider().newRawMutex();
    }

    @Override
    boolean unlockByNonHolderThrows() {
      return false;
    }

    /** No more threads than this machine's 2 cores: see TicketSpinLock on oversubscription. */
    @Override
    int threads() {
      return 2;
    }
  }

  /** synchronized. */
  static class MonitorLockTest extends RawMutexContractTest {
    @Override
    RawMutex newLock() {
      return new MonitorProvider().newRawMutex();
    }

    @Override
    boolean unlockByNonHolderThrows() {
      return true;
    }

    @Test
    void lockingAgainOnTheHolderThreadThrowsInsteadOfDeadlocking() {
      RawMutex lock = newLock();
      lock.lock();
      assertThrows(IllegalStateException.class, lock::lock);
      lock.unlock();
    }
  }

  /** critical-section. */
  static class CriticalSectionLockTest extends RawMutexContractTest {
    @Override
    RawMutex newLock() {
      return new CriticalSectionProvider().newRawMutex();
    }

    @Override
    boolean unlockByNonHolderThrows() {
      return true;
    }

    @Test
    void aThreadMayHoldSeveralCriticalSectionLocksNested() {
      RawMutex a = newLock();
      RawMutex b = newLock();
      a.lock();
      b.lock();
      assertEquals(2, CriticalSection.GLOBAL.depth());
      b.unlock();
      a.unlock();
      assertEquals(0, CriticalSection.GLOBAL.depth());
    }

    @Test
    void lockingTheSameLockAgainThrowsInsteadOfDeadlocking() {
      RawMutex a = newLock();
      a.lock();
      assertThrows(IllegalStateException.class, a::lock);
      assertEquals(1, CriticalSection.GLOBAL.depth(), "the failed attempt left the section");
      a.unlock();
    }

    @Test
    @Timeout(30)
    void holdingOneLockKeepsOtherThreadsOutOfEveryLockOfTheProvider() throws Exception {
      RawMutex a = newLock();
      RawMutex b = newLock();
      a.lock();
      AtomicBoolean got = new AtomicBoolean(true);
      Thread t = new Thread(() -> got.set(b.tryLock()));
      t.start();
      t.join();
      assertFalse(got.get(), "the section is process-wide: b cannot be entered meanwhile");
      a.unlock();
      assertTrue(b.tryLock());
      b.unlock();
    }
  }
}
