package maitake.impl.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Consumer;
import maitake.future.Future;
import maitake.impl.lock.BackoffSpinLock;
import maitake.impl.util.WakerBatch;
import maitake.sync.Channel;
import maitake.sync.MutexGuard;
import maitake.sync.Outcome;
import maitake.sync.RwLock;
import maitake.sync.Semaphore;
import maitake.sync.blocking.RawMutex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every handle that can be closed or released refuses use afterwards with a clear exception, every
 * numeric argument is checked at the call, and nothing is lost after a refusal.
 */
class BoundsAndClosedHandlesTest {
  private final Mock m = new Mock();

  @Test
  void aClosedSenderHandleRefusesToSendAndTheChannelStaysWhole() {
    BoundedChannel<String> ch = new BoundedChannel<>(new BackoffSpinLock(), 4);
    Channel.Sender<String> kept = ch.sender();
    Channel.Sender<String> tx = ch.sender();
    tx.close();
    assertThrows(IllegalStateException.class, () -> tx.send("x"));
    assertThrows(IllegalStateException.class, () -> tx.trySend("x"));
    assertThrows(IllegalStateException.class, tx::closeChannel);
    tx.close(); // idempotent
    assertTrue(kept.trySend("y").isOk(), "the other handle still sends");
    assertEquals("y", ch.receiver().tryReceive().value());
  }

  @Test
  void aChannelOfTheLargestCapacityAllocatesAsItFills() {
    BoundedChannel<Integer> ch = new BoundedChannel<>(new BackoffSpinLock(), Integer.MAX_VALUE);
    Channel.Sender<Integer> tx = ch.sender();
    for (int i = 0; i < 1000; i++) {
      assertTrue(tx.trySend(i).isOk());
    }
    for (int i = 0; i < 1000; i++) {
      assertEquals(i, ch.receiver().tryReceive().value());
    }
    assertEquals(Integer.MAX_VALUE, ch.capacity());
  }

  @Test
  void aChannelRingThatGrowsKeepsTheOrderOfValuesAndWaitingSenders() {
    BoundedChannel<Integer> ch = new BoundedChannel<>(new BackoffSpinLock(), 40);
    Channel.Sender<Integer> tx = ch.sender();
    for (int i = 0; i < 10; i++) {
      tx.trySend(i);
      assertEquals(i, ch.receiver().tryReceive().value()); // moves the ring's head
    }
    for (int i = 0; i < 40; i++) {
      assertTrue(tx.trySend(i).isOk());
    }
    Future<Outcome<Integer>> waiting = tx.send(40);
    m.pending(waiting);
    for (int i = 0; i <= 40; i++) {
      assertEquals(i, ch.receiver().tryReceive().value());
    }
    assertTrue(m.ready(waiting).isOk());
  }

  @Test
  void aChannelCapacityBelowOneIsRejected() {
    assertThrows(
        IllegalArgumentException.class, () -> new BoundedChannel<>(new BackoffSpinLock(), 0));
  }

  @Test
  void addingPermitsBeyondTheMaximumIsRefusedBeforeAnythingChanges() {
    FairSemaphore sem = new FairSemaphore(new BackoffSpinLock(), 0);
    Future<Outcome<Semaphore.Permit>> waiting = sem.acquire(5);
    m.pending(waiting);
    sem.addPermits(Semaphore.MAX_PERMITS - 3); // 5 go to the waiter, the rest to the counter
    assertTrue(m.ready(waiting).isOk());
    assertThrows(IllegalArgumentException.class, () -> sem.addPermits(4));
    assertEquals(Semaphore.MAX_PERMITS - 8, sem.availablePermits(), "nothing was added");
    sem.addPermits(3); // exactly to the maximum
    assertEquals(Semaphore.MAX_PERMITS - 5, sem.availablePermits());
  }

  @Test
  void returnedPermitsNeverOverflowEvenAtTheMaximum() {
    FairSemaphore sem = new FairSemaphore(new BackoffSpinLock(), Semaphore.MAX_PERMITS);
    Outcome<Semaphore.Permit> all = sem.tryAcquire(Semaphore.MAX_PERMITS);
    assertTrue(all.isOk());
    assertThrows(IllegalArgumentException.class, () -> sem.addPermits(1));
    all.close();
    assertEquals(Semaphore.MAX_PERMITS, sem.availablePermits());
  }

  @Test
  void forgottenPermitsLeaveRoomForNewOnes() {
    FairSemaphore sem = new FairSemaphore(new BackoffSpinLock(), Semaphore.MAX_PERMITS);
    Semaphore.Permit p = sem.tryAcquire(10).value();
    p.forget();
    assertEquals(0, p.permits());
    p.close(); // nothing to return
    sem.addPermits(10);
    assertEquals(Semaphore.MAX_PERMITS, sem.availablePermits());
  }

  @Test
  void badPermitCountsAreRejectedAtTheCall() {
    FairSemaphore sem = new FairSemaphore(new BackoffSpinLock(), 1);
    for (long bad : new long[] {0, -1, Long.MAX_VALUE}) {
      assertThrows(IllegalArgumentException.class, () -> sem.acquire(bad));
      assertThrows(IllegalArgumentException.class, () -> sem.tryAcquire(bad));
    }
    assertThrows(IllegalArgumentException.class, () -> sem.addPermits(-1));
    assertThrows(
        IllegalArgumentException.class, () -> new FairSemaphore(new BackoffSpinLock(), -1));
    assertEquals(Outcome.Failure.INSUFFICIENT, sem.tryAcquire(Semaphore.MAX_PERMITS).error());
    assertEquals(1, sem.availablePermits());
  }

  @Test
  void guardsAndPermitsRefuseUseAfterTheyWereReleased() {
    HandoffMutex<Integer> mutex = new HandoffMutex<>(new BackoffSpinLock(), 1);
    MutexGuard<Integer> g = mutex.tryLock();
    g.close();
    assertThrows(IllegalStateException.class, g::get);
    assertThrows(IllegalStateException.class, () -> g.set(2));
    g.close(); // idempotent: does not unlock someone else's hold
    MutexGuard<Integer> other = mutex.tryLock();
    g.close();
    assertTrue(mutex.isLocked(), "a second close of a released guard unlocked another holder");
    other.close();

    SemaphoreRwLock<Integer> rw = new SemaphoreRwLock<>(new BackoffSpinLock(), 1);
    RwLock.WriteGuard<Integer> w = rw.tryWrite();
    w.close();
    assertThrows(IllegalStateException.class, w::get);
    assertThrows(IllegalStateException.class, () -> w.set(3));
    RwLock.ReadGuard<Integer> r = rw.tryRead();
    r.close();
    assertThrows(IllegalStateException.class, r::get);

    FairSemaphore sem = new FairSemaphore(new BackoffSpinLock(), 2);
    Semaphore.Permit p = sem.tryAcquire(2).value();
    p.close();
    p.close();
    assertEquals(0, p.permits());
    assertEquals(2, sem.availablePermits(), "returned once");
  }

  /** A raw lock whose next lock() throws. */
  static final class FailingOnce implements RawMutex {
    private final BackoffSpinLock inner = new BackoffSpinLock();
    boolean fail;

    @Override
    public void lock() {
      if (fail) {
        fail = false;
        throw new IllegalStateException("lock failed");
      }
      inner.lock();
    }

    @Override
    public boolean tryLock() {
      return inner.tryLock();
    }

    @Override
    public void unlock() {
      inner.unlock();
    }

    @Override
    public boolean isLocked() {
      return inner.isLocked();
    }
  }

  @Test
  void aLockThatThrowsLeavesNoWakerBatchInUseAndNothingHalfDone() {
    FailingOnce lock = new FailingOnce();
    FairSemaphore sem = new FairSemaphore(lock, 0);
    lock.fail = true;
    assertThrows(IllegalStateException.class, () -> sem.addPermits(1));
    assertFalse(WakerBatch.isInUseOnThisThread());
    assertEquals(0, sem.availablePermits());
    FifoWaitQueue q = new FifoWaitQueue(lock, false);
    Mock a = new Mock();
    Mock b = new Mock();
    a.pending(q.await());
    b.pending(q.await());
    lock.fail = true;
    assertThrows(IllegalStateException.class, q::wakeAll);
    q.wakeAll();
    assertEquals(1, a.wakes());
    assertEquals(1, b.wakes());
    assertFalse(WakerBatch.isInUseOnThisThread());
  }

  @Test
  @Timeout(10)
  void toStringNeverWaitsForTheLock() {
    BackoffSpinLock lock = new BackoffSpinLock();
    List<Object> all =
        List.of(
            new BoundedChannel<>(lock, 2),
            new FairSemaphore(lock, 1),
            new FifoWaitQueue(lock, false),
            new KeyedWaitMap<>(lock),
            new HandoffMutex<>(lock, 1),
            new SemaphoreRwLock<>(lock, 1),
            new LockedOneshot<>(lock),
            new AtomicWaitCell());
    lock.lock(); // held by this thread: a toString that locks would spin forever
    try {
      Consumer<Object> print = o -> assertFalse(o.toString().isEmpty());
      all.forEach(print);
    } finally {
      lock.unlock();
    }
  }

  @Test
  void aMutexGuardIsNullWhenTryLockFails() {
    HandoffMutex<Integer> mutex = new HandoffMutex<>(new BackoffSpinLock(), 1);
    MutexGuard<Integer> g = mutex.tryLock();
    assertNull(mutex.tryLock());
    g.close();
  }
}
