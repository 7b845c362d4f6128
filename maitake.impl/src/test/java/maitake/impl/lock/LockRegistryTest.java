package maitake.impl.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import maitake.impl.sync.FairSemaphore;
import maitake.spi.RawMutexProvider;
import maitake.sync.blocking.RawMutex;
import maitake.sync.blocking.RawRwLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The lock registry: choosing, pinning, counting swaps, and providers that fail. */
class LockRegistryTest {

  /** A provider of the built-in locks under a name and ranking, whose factory can be broken. */
  static final class TestProvider implements RawMutexProvider {
    final String name;
    final int ranking;
    volatile boolean broken;

    TestProvider(String name, int ranking) {
      this.name = name;
      this.ranking = ranking;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public int ranking() {
      return ranking;
    }

    @Override
    public RawMutex newRawMutex() {
      if (broken) {
        throw new NoClassDefFoundError("the provider's bundle went away");
      }
      return new BackoffSpinLock();
    }

    @Override
    public RawRwLock newRawRwLock() {
      if (broken) {
        throw new NoClassDefFoundError("the provider's bundle went away");
      }
      return new SpinRwLock();
    }
  }

  private static void onOtherThread(Runnable r) throws InterruptedException {
    AtomicBoolean done = new AtomicBoolean();
    Thread t =
        new Thread(
            () -> {
              r.run();
              done.set(true);
            });
    t.start();
    t.join();
    assertTrue(done.get());
  }

  @Test
  @Timeout(30)
  void aProviderWhoseFactoryThrowsDuringAMoveNeverLeavesTheLockHeld() throws Exception {
    LockRegistry registry = new LockRegistry();
    registry.add(new TestProvider("good", 100), 100);
    RawMutex lock = registry.newRawMutex();
    FairSemaphore sem = new FairSemaphore(registry.newRawMutex(), 1);
    sem.tryAcquire(1).value(); // held elsewhere
    TestProvider bad = new TestProvider("bad", 200);
    bad.broken = true;
    registry.add(bad, 200); // chosen; every lock moves to it at its next acquisition
    lock.lock(); // the move fails: the lock keeps its old delegate
    lock.unlock();
    onOtherThread(
        () -> {
          lock.lock();
          lock.unlock();
        });
    sem.addPermits(1); // a release at the moment of the failing move is not lost
    assertEquals(1, sem.availablePermits());
    sem.addPermits(1); // and the next one does not spin forever on a lock left held
    assertEquals(2, sem.availablePermits());
    assertEquals("good", registry.activeName(), "fell back to the next choice");
    assertEquals(java.util.List.of("bad"), registry.failedProviders());
    assertTrue(registry.describe().contains("failed"), registry.describe());
  }

  @Test
  void tryAcquisitionsOnAFreeLockSucceedAtOnceAfterASwap() {
    LockRegistry registry = new LockRegistry();
    RawRwLock rw = registry.newRawRwLock();
    RawMutex m = registry.newRawMutex();
    registry.add(new TestProvider("next", 100), 100); // a swap: both locks are stale
    assertTrue(rw.tryLockShared(), "a stale free rw lock refused a shared try-lock");
    rw.unlockShared();
    registry.add(new TestProvider("again", 200), 200);
    assertTrue(rw.tryLockExclusive());
    rw.unlockExclusive();
    registry.add(new TestProvider("third", 300), 300);
    assertTrue(m.tryLock());
    m.unlock();
    assertFalse(m.isLocked() || rw.isLocked());
  }

  @Test
  void pinningAProviderThatIsNotPresentIsRefusedWithTheNamesThatAre() {
    LockRegistry registry = new LockRegistry();
    registry.add(new TestProvider("spin", 300), 300);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> registry.pin("spinn"));
    assertTrue(e.getMessage().contains("spinn") && e.getMessage().contains("spin"), e.getMessage());
    assertEquals(null, registry.pinned(), "the pin was not changed");
    registry.pin(LockRegistry.BUILT_IN);
    assertEquals(LockRegistry.BUILT_IN, registry.activeName());
  }

  @Test
  void aConfiguredPinOfAnAbsentProviderIsReportedAndFollowedWhenItArrives() {
    LockRegistry registry = new LockRegistry();
    registry.add(new TestProvider("spin", 300), 300);
    registry.pinConfigured("ticket");
    assertEquals("spin", registry.activeName(), "the ranking decides meanwhile");
    assertTrue(registry.describe().contains("not present"), registry.describe());
    registry.add(new TestProvider("ticket", 200), 200);
    assertEquals("ticket", registry.activeName());
  }

  @Test
  void swapsCountMovesOfExistingLocksNotTheFirstChoice() {
    LockRegistry registry = new LockRegistry();
    registry.add(new TestProvider("a", 100), 100);
    registry.add(new TestProvider("b", 200), 200);
    assertEquals(0, registry.swaps(), "no lock existed: choosing is not swapping");
    RawMutex m = registry.newRawMutex();
    registry.pin("a");
    assertEquals(1, registry.swaps());
    registry.pin(null);
    assertEquals(2, registry.swaps());
    registry.add(new TestProvider("c", 50), 50);
    assertEquals(2, registry.swaps(), "a lower-ranked arrival changes nothing");
    m.lock();
    m.unlock();
  }
}
