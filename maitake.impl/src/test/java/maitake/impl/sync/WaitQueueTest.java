package maitake.impl.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import maitake.future.Context;
import maitake.future.Future;
import maitake.impl.lock.BackoffSpinLock;
import maitake.sync.Outcome;
import maitake.sync.WaitQueue;
import org.junit.jupiter.api.Test;

class WaitQueueTest {
  private final FifoWaitQueue q = new FifoWaitQueue(new BackoffSpinLock(), false);

  @Test
  void wakeOneWakesTheOldestWaiter() {
    Mock a = new Mock();
    Mock b = new Mock();
    Mock c = new Mock();
    WaitQueue.Wait wa = q.await();
    WaitQueue.Wait wb = q.await();
    WaitQueue.Wait wc = q.await();
    a.pending(wa);
    b.pending(wb);
    c.pending(wc);
    q.wakeOne();
    assertEquals(1, a.wakes());
    assertEquals(0, b.wakes());
    assertTrue(a.ready(wa).isOk());
    b.pending(wb);
    q.wakeOne();
    assertEquals(1, b.wakes());
    assertEquals(0, c.wakes());
  }

  @Test
  void wakeOneWithNobodyWaitingStoresOneWakeupAndFurtherWakesCoalesce() {
    Mock m = new Mock();
    q.wakeOne();
    q.wakeOne();
    assertTrue(m.ready(q.await()).isOk());
    m.pending(q.await());
  }

  @Test
  void wakeAllCompletesEveryWaitCreatedBeforeItEvenOneNeverPolled() {
    Mock m = new Mock();
    WaitQueue.Wait polled = q.await();
    m.pending(polled);
    WaitQueue.Wait neverPolled = q.await();
    q.wakeAll();
    WaitQueue.Wait after = q.await();
    assertEquals(1, m.wakes());
    assertTrue(m.ready(polled).isOk());
    assertTrue(m.ready(neverPolled).isOk());
    m.pending(after);
  }

  @Test
  void wakeAllDoesNotStoreAWakeup() {
    Mock m = new Mock();
    q.wakeAll();
    m.pending(q.await());
  }

  @Test
  void closeCompletesEveryWaitWithClosedAndLaterWakesDoNothing() {
    Mock m = new Mock();
    WaitQueue.Wait w = q.await();
    m.pending(w);
    q.close();
    assertTrue(q.isClosed());
    assertTrue(m.ready(w).isClosed());
    assertTrue(m.ready(q.await()).isClosed());
    q.wakeOne();
    q.wakeAll();
    assertTrue(m.ready(q.await()).isClosed());
  }

  @Test
  void aWaitAbandonedAfterItWasHandedAWakeupPassesItOn() {
    Mock a = new Mock();
    Mock b = new Mock();
    WaitQueue.Wait wa = q.await();
    WaitQueue.Wait wb = q.await();
    a.pending(wa);
    b.pending(wb);
    q.wakeOne(); // handed to a
    wa.abandon(); // a never consumed it
    assertEquals(1, b.wakes(), "passed on to b");
    assertTrue(b.ready(wb).isOk());
  }

  @Test
  void aWakeupHandedToAnAbandonedLastWaiterIsStored() {
    Mock a = new Mock();
    WaitQueue.Wait wa = q.await();
    a.pending(wa);
    q.wakeOne();
    wa.abandon();
    assertTrue(a.ready(q.await()).isOk(), "stored for the next waiter");
  }

  @Test
  void anAbandonedQueuedWaitLosesItsPlace() {
    Mock a = new Mock();
    Mock b = new Mock();
    WaitQueue.Wait wa = q.await();
    WaitQueue.Wait wb = q.await();
    a.pending(wa);
    b.pending(wb);
    wa.abandon();
    q.wakeOne();
    assertEquals(0, a.wakes());
    assertEquals(1, b.wakes());
  }

  @Test
  void subscribeJoinsTheQueueBeforeThePoll() {
    WaitQueue.Wait first = q.await();
    WaitQueue.Wait second = q.await();
    assertTrue(second.subscribe().isPending());
    Mock m = new Mock();
    m.pending(first);
    q.wakeOne();
    assertTrue(m.ready(second).isOk(), "second subscribed first, so it is the oldest");
    m.pending(first);
  }

  @Test
  void waitForAndWaitForValueRecheckAfterEachWake() {
    Mock m = new Mock();
    AtomicInteger x = new AtomicInteger();
    Future<Outcome<Void>> cond = q.waitFor(() -> x.get() == 3);
    Future<Outcome<Integer>> val = q.waitForValue(() -> x.get() == 3 ? 42 : null);
    m.pending(cond);
    m.pending(val);
    x.set(3);
    q.wakeAll();
    assertTrue(m.ready(cond).isOk());
    assertEquals(42, m.ready(val).value());
  }

  @Test
  void aThrowingWakerNeitherLeavesTheQueueLockedNorLosesTheOtherWakeups() {
    List<Mock> mocks = new ArrayList<>();
    List<WaitQueue.Wait> waits = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Mock m = new Mock();
      WaitQueue.Wait w = q.await();
      if (i == 2) {
        w.poll(
            Context.of(
                () -> {
                  throw new IllegalStateException("bad waker");
                }));
      } else {
        m.pending(w);
      }
      mocks.add(m);
      waits.add(w);
    }
    Thread.UncaughtExceptionHandler old = Thread.currentThread().getUncaughtExceptionHandler();
    Thread.currentThread().setUncaughtExceptionHandler((t, e) -> {});
    try {
      q.wakeAll();
    } finally {
      Thread.currentThread().setUncaughtExceptionHandler(old);
    }
    for (int i = 0; i < 5; i++) {
      if (i != 2) {
        assertEquals(1, mocks.get(i).wakes(), "waiter " + i);
      }
      assertTrue(mocks.get(i).ready(waits.get(i)).isOk());
    }
    Mock m = new Mock();
    q.wakeOne();
    assertTrue(m.ready(q.await()).isOk(), "the queue still works");
  }

  @Test
  void aCompletedWaitThrowsWhenPolledAgain() {
    Mock m = new Mock();
    WaitQueue.Wait w = q.await();
    q.wakeAll();
    assertTrue(m.ready(w).isOk());
    assertThrows(IllegalStateException.class, () -> m.poll(w));
    assertFalse(q.isClosed());
  }
}
