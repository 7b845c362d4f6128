package maitake.impl.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import maitake.impl.lock.BackoffSpinLock;
import maitake.impl.lock.SpinRwLock;
import maitake.sync.blocking.Mutex;
import maitake.sync.blocking.RwLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The blocking Mutex and RwLock over the built-in raw locks. */
class BlockingLocksTest {

  private static void runThreads(int n, Runnable body) throws InterruptedException {
    List<Thread> ts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ts.add(new Thread(body));
    }
    ts.forEach(Thread::start);
    for (Thread t : ts) {
      t.join();
    }
  }

  @Test
  @Timeout(60)
  void theBlockingMutexExcludesUnderThreads() throws Exception {
    Mutex<long[]> mutex = new Mutex<>(new BackoffSpinLock(), new long[1]);
    runThreads(
        4,
        () -> {
          for (int i = 0; i < 100_000; i++) {
            mutex.withLock(g -> g.get()[0]++);
          }
        });
    assertEquals(400_000L, (long) mutex.withLock(g -> g.get()[0]));
  }

  @Test
  @Timeout(60)
  void theBlockingRwLockExcludesWritersUnderThreads() throws Exception {
    RwLock<long[]> lock = new RwLock<>(new SpinRwLock(), new long[2]);
    runThreads(
        4,
        () -> {
          for (int i = 0; i < 50_000; i++) {
            if (i % 4 == 0) {
              lock.write(
                  v -> {
                    v[0]++;
                    v[1]++;
                    return v;
                  });
            } else {
              long[] seen = lock.read(v -> new long[] {v[0], v[1]});
              if (seen[0] != seen[1]) {
                throw new AssertionError("a reader saw a half-done write");
              }
            }
          }
        });
    assertEquals(50_000L, (long) lock.read(v -> v[0]));
  }

  @Test
  void tryLockAndGuardsBehaveAsDocumented() {
    BackoffSpinLock raw = new BackoffSpinLock();
    Mutex<String> mutex = new Mutex<>(raw, "a");
    Mutex.Guard<String> g = mutex.lock();
    assertTrue(mutex.isLocked());
    assertNull(mutex.tryLock());
    assertFalse(raw.tryWithLock(() -> {}));
    g.set("b");
    g.close();
    g.close();
    assertThrows(IllegalStateException.class, g::get);
    assertEquals("b", mutex.update(s -> s));
    assertNotNull(mutex.tryLock());
  }

  @Test
  void theRawRwLockReportsItsHolders() {
    SpinRwLock raw = new SpinRwLock();
    assertTrue(raw.tryLockShared());
    assertTrue(raw.tryLockShared());
    assertFalse(raw.tryLockExclusive());
    assertTrue(raw.isLocked());
    assertFalse(raw.isLockedExclusive());
    raw.unlockShared();
    raw.unlockShared();
    assertTrue(raw.tryLockExclusive());
    assertFalse(raw.tryLockShared());
    assertTrue(raw.isLockedExclusive());
    raw.unlockExclusive();
    assertThrows(IllegalStateException.class, raw::unlockExclusive);
    assertThrows(IllegalStateException.class, raw::unlockShared);
    assertFalse(raw.isLocked());
  }

  @Test
  void anExceptionInsideWithLockReleasesTheLock() {
    BackoffSpinLock raw = new BackoffSpinLock();
    assertThrows(
        IllegalStateException.class,
        () ->
            raw.withLock(
                () -> {
                  throw new IllegalStateException("inside");
                }));
    assertFalse(raw.isLocked());
  }
}
