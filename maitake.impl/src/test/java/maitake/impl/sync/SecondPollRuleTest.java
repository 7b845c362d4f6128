package maitake.impl.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import maitake.future.Future;
import maitake.impl.lock.BackoffSpinLock;
import maitake.sync.Channel;
import maitake.sync.MutexGuard;
import maitake.sync.RwLock;
import org.junit.jupiter.api.Test;

/**
 * The kit's one rule for a future polled again after it returned ready: it throws {@link
 * IllegalStateException} and grants nothing a second time.
 */
class SecondPollRuleTest {
  private final Mock m = new Mock();

  private <T> void secondPollThrows(Supplier<Future<T>> make) {
    Future<T> f = make.get();
    assertTrue(f.poll(m).isReady(), "the first poll completes");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> f.poll(m));
    assertTrue(e.getMessage().contains("after it completed"), e.getMessage());
  }

  @Test
  void waitQueueWaitsThrowWhenPolledAgain() {
    FifoWaitQueue q = new FifoWaitQueue(new BackoffSpinLock(), false);
    secondPollThrows(
        () -> {
          q.wakeOne();
          return q.await();
        });
  }

  @Test
  void waitCellWaitsThrowWhenPolledAgain() {
    AtomicWaitCell c = new AtomicWaitCell();
    secondPollThrows(
        () -> {
          c.wake();
          return c.await();
        });
  }

  @Test
  void waitMapWaitsThrowWhenPolledAgain() {
    KeyedWaitMap<String, Integer> map = new KeyedWaitMap<>(new BackoffSpinLock());
    map.close();
    secondPollThrows(() -> map.await("k"));
  }

  @Test
  void semaphoreAcquiresThrowWhenPolledAgainAndGrantNothingMore() {
    FairSemaphore sem = new FairSemaphore(new BackoffSpinLock(), 3);
    secondPollThrows(() -> sem.acquire(2));
    assertEquals(1, sem.availablePermits());
  }

  @Test
  void channelSendsAndReceivesThrowWhenPolledAgain() {
    BoundedChannel<String> ch = new BoundedChannel<>(new BackoffSpinLock(), 4);
    Channel.Sender<String> tx = ch.sender();
    secondPollThrows(() -> tx.send("a"));
    secondPollThrows(() -> ch.receiver().receive());
    assertEquals(
        maitake.sync.Outcome.Failure.EMPTY,
        ch.receiver().tryReceive().error(),
        "nothing was sent twice");
  }

  @Test
  void oneshotReceivesThrowWhenPolledAgain() {
    LockedOneshot<String> o = new LockedOneshot<>(new BackoffSpinLock());
    o.send("v");
    secondPollThrows(o::receive);
  }

  @Test
  void aMutexLockPolledAgainNeverHandsOutASecondGuard() {
    HandoffMutex<Integer> mutex = new HandoffMutex<>(new BackoffSpinLock(), 0);
    Future<MutexGuard<Integer>> lock = mutex.lock();
    MutexGuard<Integer> g = m.ready(lock);
    assertThrows(IllegalStateException.class, () -> lock.poll(m));
    g.close();
    assertFalse(mutex.isLocked(), "a second guard was handed out");
    MutexGuard<Integer> again = mutex.tryLock();
    assertTrue(again != null);
    again.close();
  }

  @Test
  void rwLockAcquiresThrowWhenPolledAgain() {
    SemaphoreRwLock<Integer> rw = new SemaphoreRwLock<>(new BackoffSpinLock(), 0);
    Future<RwLock.WriteGuard<Integer>> w = rw.write();
    RwLock.WriteGuard<Integer> g = m.ready(w);
    assertThrows(IllegalStateException.class, () -> w.poll(m));
    g.close();
    Future<RwLock.ReadGuard<Integer>> r = rw.read();
    m.ready(r).close();
    assertThrows(IllegalStateException.class, () -> r.poll(m));
    RwLock.WriteGuard<Integer> free = rw.tryWrite();
    assertTrue(free != null, "a second read guard was handed out and never released");
    free.close();
  }
}
