package maitake.mutex.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import maitake.sync.blocking.RawRwLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The raw reader-writer lock contract, for every provider that offers one. */
abstract class RawRwLockContractTest {

  abstract RawRwLock newLock();

  @Test
  void readersShareAndAWriterExcludes() {
    RawRwLock l = newLock();
    assertTrue(l.tryLockShared());
    assertTrue(l.tryLockShared());
    assertFalse(l.tryLockExclusive());
    assertTrue(l.isLocked());
    assertFalse(l.isLockedExclusive());
    l.unlockShared();
    l.unlockShared();
    assertTrue(l.tryLockExclusive());
    assertFalse(l.tryLockShared());
    assertTrue(l.isLockedExclusive());
    l.unlockExclusive();
    assertFalse(l.isLocked());
  }

  @Test
  @Timeout(60)
  void writersAreExclusiveUnderThreads() throws Exception {
    RawRwLock l = newLock();
    long[] pair = new long[2];
    AtomicBoolean torn = new AtomicBoolean();
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int me = t;
      ts.add(
          new Thread(
              () -> {
                for (int i = 0; i < 20_000; i++) {
                  if ((i + me) % 3 == 0) {
                    l.lockExclusive();
                    pair[0]++;
                    pair[1]++;
                    l.unlockExclusive();
                  } else {
                    l.lockShared();
                    if (pair[0] != pair[1]) {
                      torn.set(true);
                    }
                    l.unlockShared();
                  }
                }
              }));
    }
    ts.forEach(Thread::start);
    for (Thread t : ts) {
      t.join();
    }
    assertFalse(torn.get());
    assertEquals(pair[0], pair[1]);
    assertFalse(l.isLocked());
  }

  /** spin. */
  static class SpinRwLockTest extends RawRwLockContractTest {
    @Override
    RawRwLock newLock() {
      return new SpinProvider().newRawRwLock();
    }
  }

  /** synchronized. */
  static class MonitorRwLockTest extends RawRwLockContractTest {
    @Override
    RawRwLock newLock() {
      return new MonitorProvider().newRawRwLock();
    }
  }

  /** built-in. */
  static class BuiltInRwLockTest extends RawRwLockContractTest {
    @Override
    RawRwLock newLock() {
      return new maitake.impl.lock.SpinRwLock();
    }
  }

  /** Ticket and critical-section offer none, as documented. */
  static class WithoutReaderWriterLockTest {
    @Test
    void providersWithoutAReaderWriterLockReturnNone() {
      assertNull(new TicketProvider().newRawRwLock());
      assertNull(new CriticalSectionProvider().newRawRwLock());
      assertNotNull(new SpinProvider().newRawRwLock());
      assertNotNull(new MonitorProvider().newRawRwLock());
    }
  }
}
