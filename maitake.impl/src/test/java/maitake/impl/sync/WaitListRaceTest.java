package maitake.impl.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import maitake.impl.lock.BackoffSpinLock;
import maitake.sync.WaitCell;
import maitake.sync.WaitQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Wakeups that a wait list must deliver to the right wait, whatever is abandoned when. */
class WaitListRaceTest {

  @AfterEach
  void clearHooks() {
    AtomicWaitCell.slotHeldByAbandon = null;
  }

  @Test
  void aWakeWhileAReplacedWaitIsAbandonedReachesTheWaitThatReplacedIt() {
    AtomicWaitCell cell = new AtomicWaitCell();
    Mock a = new Mock();
    Mock b = new Mock();
    WaitCell.Wait wa = cell.await();
    WaitCell.Wait wb = cell.await();
    a.pending(wa);
    b.pending(wb); // replaces A (A is woken so it notices)
    AtomicWaitCell.slotHeldByAbandon = cell::wake; // a wake while A's abandon holds the slot
    wa.abandon();
    AtomicWaitCell.slotHeldByAbandon = null;
    assertEquals(1, b.wakes(), "B's wakeup was lost");
    assertTrue(b.ready(wb).isOk());
  }

  @Test
  void abandoningTheOldWaitOfATaskLeavesItsNewRegistrationInPlace() {
    AtomicWaitCell cell = new AtomicWaitCell();
    Mock task = new Mock();
    WaitCell.Wait old = cell.await();
    task.pending(old);
    WaitCell.Wait fresh = cell.await();
    task.pending(fresh);
    int before = task.wakes();
    old.abandon();
    assertTrue(cell.wake(), "the new registration was cleared by the old wait's abandon");
    assertEquals(before + 1, task.wakes());
    assertTrue(task.ready(fresh).isOk());
  }

  @Test
  void aWaitCompletedByWakeAllLeavesALaterStoredWakeupToTheNextWaiter() {
    FifoWaitQueue q = new FifoWaitQueue(new BackoffSpinLock(), false);
    Mock m = new Mock();
    WaitQueue.Wait first = q.await(); // created before the wakeAll, not polled
    q.wakeAll();
    q.wakeOne(); // nobody queued: stores one wakeup
    assertTrue(m.ready(first).isOk(), "completed by the wakeAll");
    WaitQueue.Wait next = q.await();
    assertTrue(m.ready(next).isOk(), "the stored wakeup was consumed by the wakeAll's wait");
  }

  @Test
  void aPolledWaitCompletedByWakeAllLeavesALaterStoredWakeupToTheNextWaiter() {
    FifoWaitQueue q = new FifoWaitQueue(new BackoffSpinLock(), false);
    Mock m = new Mock();
    WaitQueue.Wait first = q.await();
    m.pending(first);
    q.wakeAll();
    q.wakeOne();
    assertTrue(m.ready(first).isOk());
    assertTrue(m.ready(q.await()).isOk());
  }
}
