package maitake.impl.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import maitake.future.Future;
import maitake.sync.Outcome;
import maitake.sync.WaitCell;
import org.junit.jupiter.api.Test;

class WaitCellTest {
  private final AtomicWaitCell cell = new AtomicWaitCell();
  private final Mock m = new Mock();

  @Test
  void aWakeWithNobodyWaitingIsRememberedOnceAndConsumedByTheNextWait() {
    assertFalse(cell.wake(), "nobody was registered");
    assertTrue(m.ready(cell.await()).isOk());
    m.pending(cell.await());
  }

  @Test
  void repeatedWakesCoalesceIntoOne() {
    cell.wake();
    cell.wake();
    cell.wake();
    assertTrue(m.ready(cell.await()).isOk());
    m.pending(cell.await());
  }

  @Test
  void aRegisteredWaiterIsWokenOnceAndCompletes() {
    WaitCell.Wait w = cell.await();
    m.pending(w);
    assertTrue(cell.wake());
    assertEquals(1, m.wakes());
    assertTrue(m.ready(w).isOk());
  }

  @Test
  void aFreshWaiterIsNotSpuriouslyWoken() {
    WaitCell.Wait first = cell.await();
    m.pending(first);
    cell.wake();
    m.ready(first);
    Mock other = new Mock();
    WaitCell.Wait fresh = cell.await();
    other.pending(fresh);
    assertEquals(0, other.wakes());
    other.pending(fresh);
  }

  @Test
  void closeCompletesTheWaiterAndEveryLaterWaitWithClosed() {
    WaitCell.Wait w = cell.await();
    m.pending(w);
    assertTrue(cell.close());
    assertEquals(1, m.wakes());
    assertTrue(m.ready(w).isClosed());
    assertTrue(m.ready(cell.await()).isClosed());
    assertTrue(cell.isClosed());
    assertFalse(cell.wake());
  }

  @Test
  void isClosedIsTrueAfterCloseEvenWithAStoredWakeup() {
    cell.wake();
    cell.close();
    assertTrue(cell.isClosed());
  }

  @Test
  void subscribingBeforeTheTriggerThenWaitingLosesNothing() {
    WaitCell.Wait w = cell.await();
    assertTrue(w.subscribe().isPending());
    cell.wake(); // the trigger
    assertTrue(m.ready(w).isOk());
  }

  @Test
  void aNewWaiterEvictsThePreviousOneAndWakesIt() {
    Mock a = new Mock();
    Mock b = new Mock();
    a.pending(cell.await());
    WaitCell.Wait second = cell.await();
    b.pending(second);
    assertEquals(1, a.wakes(), "the evicted waiter is told");
    cell.wake();
    assertEquals(1, b.wakes());
  }

  @Test
  void anAbandonedWaitClearsItsRegistration() {
    WaitCell.Wait w = cell.await();
    m.pending(w);
    w.abandon();
    assertFalse(cell.wake(), "no registered waker after abandon");
    assertEquals(0, m.wakes());
    assertTrue(m.ready(cell.await()).isOk(), "the wakeup is stored for the next wait");
  }

  @Test
  void waitForCompletesOnceTheConditionHolds() {
    AtomicInteger x = new AtomicInteger();
    Future<Outcome<Void>> f = cell.waitFor(() -> x.get() >= 2);
    m.pending(f);
    x.set(1);
    cell.wake();
    m.pending(f);
    x.set(2);
    cell.wake();
    assertTrue(m.ready(f).isOk());
  }

  @Test
  void waitForValueCompletesWithTheFirstValue() {
    String[] box = {null};
    Future<Outcome<String>> f = cell.waitForValue(() -> box[0]);
    m.pending(f);
    box[0] = "v";
    cell.wake();
    assertEquals("v", m.ready(f).value());
  }

  @Test
  void waitForOnAClosedCellReportsClosed() {
    Future<Outcome<Void>> f = cell.waitFor(() -> false);
    m.pending(f);
    cell.close();
    assertTrue(m.ready(f).isClosed());
  }

  @Test
  void aThrowingWakerDoesNotBreakTheCell() {
    WaitCell.Wait w = cell.await();
    w.poll(
        maitake.future.Context.of(
            () -> {
              throw new IllegalStateException("bad waker");
            }));
    Thread.UncaughtExceptionHandler old = Thread.currentThread().getUncaughtExceptionHandler();
    AtomicInteger reported = new AtomicInteger();
    Thread.currentThread().setUncaughtExceptionHandler((t, e) -> reported.incrementAndGet());
    try {
      cell.wake();
    } finally {
      Thread.currentThread().setUncaughtExceptionHandler(old);
    }
    assertEquals(1, reported.get());
    assertTrue(m.ready(w).isOk(), "the wake was delivered to the registered wait");
    m.pending(cell.await());
  }
}
