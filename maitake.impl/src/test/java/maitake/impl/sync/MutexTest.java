package maitake.impl.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import maitake.future.Future;
import maitake.future.Futures;
import maitake.impl.lock.BackoffSpinLock;
import maitake.impl.scheduler.ConfinedScheduler;
import maitake.sync.MutexGuard;
import maitake.task.JoinHandle;
import org.junit.jupiter.api.Test;

class MutexTest {
  private final HandoffMutex<Integer> mutex = new HandoffMutex<>(new BackoffSpinLock(), 0);
  private final Mock m = new Mock();

  @Test
  void anUncontendedMutexLocksAndUnlocks() {
    assertFalse(mutex.isLocked());
    MutexGuard<Integer> g = mutex.tryLock();
    assertNotNull(g);
    assertTrue(mutex.isLocked());
    g.set(g.get() + 1);
    g.close();
    assertFalse(mutex.isLocked());
    try (MutexGuard<Integer> again = m.ready(mutex.lock())) {
      assertEquals(1, again.get());
    }
  }

  @Test
  void unlockHandsTheLockStraightToTheOldestWaiter() {
    MutexGuard<Integer> held = mutex.tryLock();
    Mock a = new Mock();
    Mock b = new Mock();
    Future<MutexGuard<Integer>> la = mutex.lock();
    Future<MutexGuard<Integer>> lb = mutex.lock();
    a.pending(la);
    b.pending(lb);
    held.close();
    assertEquals(1, a.wakes());
    assertEquals(0, b.wakes());
    assertTrue(mutex.isLocked(), "a owns it before it even runs");
    assertNull(mutex.tryLock(), "no barging");
    MutexGuard<Integer> ga = a.ready(la);
    ga.close();
    assertEquals(1, b.wakes());
    b.ready(lb).close();
    assertFalse(mutex.isLocked());
  }

  @Test
  void tryLockFailsWhileAnyoneWaits() {
    MutexGuard<Integer> held = mutex.tryLock();
    m.pending(mutex.lock());
    assertNull(mutex.tryLock());
    held.close();
    assertNull(mutex.tryLock(), "handed to the waiter, not freed");
  }

  @Test
  void aLockFutureMadeWhileTheMutexWasFreeQueuesBehindWhoeverWaitsAtItsFirstPoll() {
    Future<MutexGuard<Integer>> late = mutex.lock(); // made while the mutex is free
    MutexGuard<Integer> held = mutex.tryLock();
    Mock a = new Mock();
    Future<MutexGuard<Integer>> la = mutex.lock();
    a.pending(la);
    held.close(); // handed to a, which has not run yet
    m.pending(late); // the lock is handed on, not free: late queues behind a
    assertEquals(0, m.wakes());
    a.ready(la).close();
    assertEquals(1, m.wakes(), "handed to the late lock future next");
    MutexGuard<Integer> g = m.ready(late);
    assertTrue(mutex.isLocked());
    g.close();
    assertFalse(mutex.isLocked());
  }

  @Test
  void aLockFutureThatFoundTheMutexFreeHoldsItUntilItsGuardClosesEvenIfAbandoned() {
    Future<MutexGuard<Integer>> lock = mutex.lock();
    MutexGuard<Integer> g = m.ready(lock);
    assertEquals("Mutex.lock(done, took the free lock)", lock.toString());
    lock.abandon();
    assertTrue(mutex.isLocked(), "abandoning a completed lock future does not unlock");
    Mock a = new Mock();
    Future<MutexGuard<Integer>> la = mutex.lock();
    a.pending(la);
    g.close();
    assertEquals(1, a.wakes());
    a.ready(la).close();
    assertFalse(mutex.isLocked());
  }

  @Test
  void aLockFutureAbandonedBeforeItsFirstPollLeavesTheMutexAsItWas() {
    Future<MutexGuard<Integer>> lock = mutex.lock();
    assertEquals("Mutex.lock(new)", lock.toString());
    lock.abandon();
    assertFalse(mutex.isLocked());
    MutexGuard<Integer> g = mutex.tryLock();
    assertNotNull(g);
    Future<MutexGuard<Integer>> other = mutex.lock();
    other.abandon();
    g.close();
    assertFalse(mutex.isLocked(), "the abandoned, never polled future took nothing");
  }

  @Test
  void aGuardClosesOnceAndIsUnusableAfterwards() {
    MutexGuard<Integer> g = mutex.tryLock();
    g.close();
    g.close();
    assertFalse(mutex.isLocked());
    assertThrows(IllegalStateException.class, g::get);
    assertThrows(IllegalStateException.class, () -> g.set(1));
    MutexGuard<Integer> other = mutex.tryLock();
    g.close();
    assertTrue(mutex.isLocked(), "a stale close does not release another holder's lock");
    other.close();
  }

  @Test
  void anOwnedGuardOutlivesTheScopeThatTookIt() {
    List<MutexGuard<Integer>> kept = new ArrayList<>();
    Runnable scope = () -> kept.add(mutex.tryLock());
    scope.run();
    assertTrue(mutex.isLocked());
    kept.get(0).set(5);
    kept.get(0).close();
    assertEquals(5, mutex.tryLock().get());
  }

  @Test
  void aLockFutureAbandonedAfterTheHandOffPassesTheLockOn() {
    MutexGuard<Integer> held = mutex.tryLock();
    Mock a = new Mock();
    Mock b = new Mock();
    Future<MutexGuard<Integer>> la = mutex.lock();
    Future<MutexGuard<Integer>> lb = mutex.lock();
    a.pending(la);
    b.pending(lb);
    held.close(); // handed to a
    la.abandon(); // a gives up before running
    assertEquals(1, b.wakes());
    b.ready(lb).close();
    assertFalse(mutex.isLocked());
  }

  @Test
  void aLockFutureAbandonedAfterTheHandOffWithNobodyBehindFreesTheLock() {
    MutexGuard<Integer> held = mutex.tryLock();
    Future<MutexGuard<Integer>> la = mutex.lock();
    m.pending(la);
    held.close();
    la.abandon();
    assertFalse(mutex.isLocked());
    assertNotNull(mutex.tryLock());
  }

  @Test
  void tasksContendingOnALocalSchedulerKeepAnExactCount() {
    ConfinedScheduler s = new ConfinedScheduler();
    List<JoinHandle<Void>> handles = new ArrayList<>();
    for (int t = 0; t < 10; t++) {
      handles.add(s.spawn(increments(100)));
    }
    while (s.tick().polled() > 0) {
      // run
    }
    handles.forEach(h -> assertTrue(h.isComplete()));
    assertEquals(1000, mutex.tryLock().get());
  }

  /** A task that takes the lock n times, yielding while holding it. */
  private Future<Void> increments(int n) {
    return new Future<>() {
      int left = n;
      Future<MutexGuard<Integer>> pending;
      MutexGuard<Integer> guard;
      boolean yielded;

      @Override
      public maitake.future.Poll<Void> poll(maitake.future.Context cx) {
        for (; ; ) {
          if (left == 0) {
            return maitake.future.Poll.readyNull();
          }
          if (guard == null) {
            if (pending == null) {
              pending = mutex.lock();
            }
            maitake.future.Poll<MutexGuard<Integer>> p = pending.poll(cx);
            if (p.isPending()) {
              return maitake.future.Poll.pending();
            }
            pending = null;
            guard = p.value();
            yielded = false;
          }
          if (!yielded) {
            yielded = true;
            cx.waker().wake();
            return maitake.future.Poll.pending(); // hold the lock across a yield
          }
          guard.set(guard.get() + 1);
          guard.close();
          guard = null;
          left--;
        }
      }
    };
  }

  @Test
  void theUnlockedMutexShowsItsStateWithoutBlocking() {
    assertTrue(mutex.toString().contains("unlocked"));
    assertNotNull(Futures.ready(1));
  }
}
