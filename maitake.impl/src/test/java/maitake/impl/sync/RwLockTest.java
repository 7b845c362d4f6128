package maitake.impl.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import maitake.future.Future;
import maitake.impl.lock.BackoffSpinLock;
import maitake.sync.RwLock;
import org.junit.jupiter.api.Test;

class RwLockTest {
  private final SemaphoreRwLock<String> lock = new SemaphoreRwLock<>(new BackoffSpinLock(), "v0");
  private final Mock m = new Mock();

  @Test
  void readersShareTheLock() {
    RwLock.ReadGuard<String> a = m.ready(lock.read());
    RwLock.ReadGuard<String> b = m.ready(lock.read());
    assertNotNull(lock.tryRead());
    assertEquals("v0", a.get());
    assertNull(lock.tryWrite());
    a.close();
    b.close();
  }

  @Test
  void aWriterExcludesEveryoneAndPublishesItsWrite() {
    RwLock.WriteGuard<String> w = lock.tryWrite();
    assertNotNull(w);
    assertNull(lock.tryRead());
    assertNull(lock.tryWrite());
    w.set("v1");
    w.close();
    assertEquals("v1", lock.tryRead().get());
  }

  @Test
  void aQueuedWriterBlocksReadersThatComeAfterIt() {
    RwLock.ReadGuard<String> r1 = m.ready(lock.read());
    Mock wm = new Mock();
    Mock rm = new Mock();
    Future<RwLock.WriteGuard<String>> w = lock.write();
    wm.pending(w);
    Future<RwLock.ReadGuard<String>> r2 = lock.read();
    rm.pending(r2);
    assertNull(lock.tryRead(), "no reader gets past the queued writer");
    r1.close();
    assertEquals(1, wm.wakes());
    assertEquals(0, rm.wakes());
    RwLock.WriteGuard<String> wg = wm.ready(w);
    wg.set("written");
    wg.close();
    assertEquals(1, rm.wakes());
    assertEquals("written", rm.ready(r2).get());
  }

  @Test
  void abandoningTheQueuedWriterLetsTheReadersBehindItIn() {
    RwLock.ReadGuard<String> r1 = m.ready(lock.read());
    Mock wm = new Mock();
    Mock rm = new Mock();
    Future<RwLock.WriteGuard<String>> w = lock.write();
    wm.pending(w);
    Future<RwLock.ReadGuard<String>> r2 = lock.read();
    rm.pending(r2);
    w.abandon();
    assertEquals(1, rm.wakes());
    assertNotNull(rm.ready(r2));
    r1.close();
  }
}
