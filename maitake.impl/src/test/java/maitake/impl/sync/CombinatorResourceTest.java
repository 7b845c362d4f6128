package maitake.impl.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import maitake.future.Future;
import maitake.future.Futures;
import maitake.future.Selected;
import maitake.impl.lock.BackoffSpinLock;
import maitake.impl.scheduler.ConfinedScheduler;
import maitake.sync.MutexGuard;
import maitake.sync.Outcome;
import maitake.sync.Semaphore;
import maitake.task.JoinHandle;
import org.junit.jupiter.api.Test;

/**
 * Combinators over the real primitives: a lock or permit that a member of a join or select was
 * granted is never left held when the combinator fails or is abandoned.
 */
class CombinatorResourceTest {
  private final HandoffMutex<Integer> mutex = new HandoffMutex<>(new BackoffSpinLock(), 0);
  private final FairSemaphore sem = new FairSemaphore(new BackoffSpinLock(), 2);
  private final Mock m = new Mock();

  @Test
  void aJoinAbandonedAsASelectLoserReleasesTheMutexItsMemberHeld() {
    Future<List<Object>> join = Futures.join(mutex.lock(), Futures.pending());
    Future<Selected<Object>> select = Futures.select(join, Futures.ready("timeout"));
    assertEquals(1, m.ready(select).index());
    assertFalse(mutex.isLocked(), "the guard the join had taken was never released");
  }

  @Test
  void aJoinWhoseMemberThrowsReleasesThePermitAnotherMemberHeld() {
    Future<List<Object>> join =
        Futures.join(
            sem.acquire(2),
            cx -> {
              throw new IllegalStateException("boom");
            });
    assertThrows(IllegalStateException.class, () -> m.poll(join));
    assertEquals(2, sem.availablePermits());
  }

  @Test
  void aCancelledTaskAwaitingAJoinReleasesWhatItsMembersHeld() {
    ConfinedScheduler s = new ConfinedScheduler();
    JoinHandle<List<Object>> task =
        s.spawn(Futures.join(mutex.lock(), sem.acquire(1), Futures.pending()));
    s.tick();
    assertTrue(mutex.isLocked());
    task.cancel();
    s.tick();
    assertFalse(mutex.isLocked());
    assertEquals(2, sem.availablePermits());
  }

  @Test
  void aSelectLoserThatWasHandedTheLockPassesItOn() {
    MutexGuard<Integer> held = mutex.tryLock();
    Future<MutexGuard<Integer>> lock = mutex.lock();
    Future<Selected<Object>> select = Futures.select(lock, Futures.pending());
    assertTrue(m.poll(select).isPending());
    held.close(); // hands the lock to the queued lock future
    select.abandon(); // before it was polled again
    assertFalse(mutex.isLocked(), "the hand-off was lost with the loser");
    MutexGuard<Integer> again = mutex.tryLock();
    assertNotNull(again);
    again.close();
  }

  @Test
  void aDetachedTaskThatWonAPermitReturnsIt() {
    ConfinedScheduler s = new ConfinedScheduler();
    JoinHandle<Outcome<Semaphore.Permit>> t = s.spawn(sem.acquire(2));
    t.detach();
    s.tick();
    assertEquals(2, sem.availablePermits(), "an Outcome is not AutoCloseable");
  }

  @Test
  void closingAnAcquireOutcomeReturnsItsPermits() {
    try (Outcome<Semaphore.Permit> o = m.ready(sem.acquire(2))) {
      assertEquals(0, sem.availablePermits());
      assertEquals(2, o.value().permits());
    }
    assertEquals(2, sem.availablePermits());
  }

  @Test
  void aJoinNestedInAFailingJoinReleasesWhatTheInnerJoinHeld() {
    Future<List<Object>> inner = Futures.join(mutex.lock(), sem.acquire(1));
    Future<List<Object>> outer =
        Futures.join(
            inner,
            cx -> {
              throw new IllegalStateException("boom");
            });
    assertThrows(IllegalStateException.class, () -> m.poll(outer));
    assertFalse(mutex.isLocked());
    assertEquals(2, sem.availablePermits());
  }
}
