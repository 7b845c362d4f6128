package maitake.impl.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import maitake.future.Future;
import maitake.impl.lock.BackoffSpinLock;
import maitake.sync.Outcome;
import maitake.sync.Semaphore;
import org.junit.jupiter.api.Test;

class SemaphoreTest {
  private final FairSemaphore sem = new FairSemaphore(new BackoffSpinLock(), 4);
  private final Mock m = new Mock();

  @Test
  void acquireAndReleaseMovePermitsInAndOut() {
    Semaphore.Permit p = m.ready(sem.acquire(3)).value();
    assertEquals(3, p.permits());
    assertEquals(1, sem.availablePermits());
    p.close();
    p.close();
    assertEquals(4, sem.availablePermits());
  }

  @Test
  void tryAcquireReportsInsufficientAndClosed() {
    assertEquals(Outcome.Failure.INSUFFICIENT, sem.tryAcquire(5).error());
    Semaphore.Permit p = sem.tryAcquire(4).value();
    assertEquals(Outcome.Failure.INSUFFICIENT, sem.tryAcquire(1).error());
    p.close();
    sem.close();
    assertEquals(Outcome.Failure.CLOSED, sem.tryAcquire(1).error());
  }

  @Test
  void aLargeRequestAtTheHeadIsNotOvertakenBySmallerOnes() {
    Semaphore.Permit all = sem.tryAcquire(4).value();
    Mock big = new Mock();
    Mock small = new Mock();
    Future<Outcome<Semaphore.Permit>> b = sem.acquire(3);
    Future<Outcome<Semaphore.Permit>> s = sem.acquire(1);
    big.pending(b);
    small.pending(s);
    sem.addPermits(1);
    assertEquals(0, small.wakes(), "the permit is assigned to the head, partially");
    assertEquals(Outcome.Failure.INSUFFICIENT, sem.tryAcquire(1).error(), "no barging");
    all.close(); // 4 more: 2 complete the big request, 1 goes to the small one, 1 remains
    assertEquals(1, big.wakes());
    assertEquals(1, small.wakes());
    assertEquals(3, big.ready(b).value().permits());
    assertEquals(1, small.ready(s).value().permits());
    assertEquals(1, sem.availablePermits());
  }

  @Test
  void abandoningAnAcquireReturnsThePermitsItWasPartiallyAssigned() {
    Semaphore.Permit all = sem.tryAcquire(4).value();
    Future<Outcome<Semaphore.Permit>> b = sem.acquire(4);
    m.pending(b);
    sem.addPermits(2);
    assertEquals(0, sem.availablePermits());
    b.abandon();
    assertEquals(2, sem.availablePermits());
    all.close();
    assertEquals(6, sem.availablePermits());
  }

  @Test
  void anAcquireAbandonedAfterItWasSatisfiedReturnsAllItsPermits() {
    Semaphore.Permit all = sem.tryAcquire(4).value();
    Future<Outcome<Semaphore.Permit>> b = sem.acquire(2);
    m.pending(b);
    all.close();
    assertEquals(1, m.wakes());
    b.abandon();
    assertEquals(4, sem.availablePermits());
  }

  @Test
  void closeFailsQueuedAndLaterAcquires() {
    sem.tryAcquire(4).value();
    Future<Outcome<Semaphore.Permit>> a = sem.acquire(1);
    m.pending(a);
    sem.close();
    assertTrue(sem.isClosed());
    assertEquals(1, m.wakes());
    assertTrue(m.ready(a).isClosed());
    assertTrue(m.ready(sem.acquire(1)).isClosed());
    assertEquals(0, sem.availablePermits());
    sem.addPermits(3);
    assertEquals(0, sem.availablePermits(), "ignored once closed");
  }

  @Test
  void forgottenPermitsNeverComeBack() {
    Semaphore.Permit p = sem.tryAcquire(2).value();
    p.forget();
    assertEquals(0, p.permits());
    p.close();
    assertEquals(2, sem.availablePermits());
  }

  @Test
  void badCountsAreRejectedAtTheCall() {
    assertThrows(IllegalArgumentException.class, () -> sem.acquire(0));
    assertThrows(IllegalArgumentException.class, () -> sem.acquire(-1));
    assertThrows(IllegalArgumentException.class, () -> sem.tryAcquire(0));
    assertThrows(IllegalArgumentException.class, () -> sem.acquire(Semaphore.MAX_PERMITS + 1));
    assertThrows(IllegalArgumentException.class, () -> sem.addPermits(-1));
    assertThrows(IllegalArgumentException.class, () -> sem.addPermits(Semaphore.MAX_PERMITS));
    assertThrows(
        IllegalArgumentException.class, () -> new FairSemaphore(new BackoffSpinLock(), -1));
    assertEquals(4, sem.availablePermits(), "a rejected add changes nothing");
  }
}
