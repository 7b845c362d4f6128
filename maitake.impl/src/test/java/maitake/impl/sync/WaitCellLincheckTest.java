package maitake.impl.sync;

import java.util.concurrent.atomic.AtomicInteger;
import maitake.future.Context;
import maitake.future.Poll;
import maitake.sync.Outcome;
import maitake.sync.WaitCell;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Lincheck: a WaitCell with one waiter that polls, re-polls and abandons, against wakes and a close
 * from other threads. Checked: no lost wakeup (a wake after the waiter's last completed wait lets
 * the next poll complete), and a close is seen.
 */
public class WaitCellLincheckTest {
  private final AtomicWaitCell cell = new AtomicWaitCell();
  private final AtomicInteger wakesSinceConsumed = new AtomicInteger();
  private final AtomicInteger closes = new AtomicInteger();
  private WaitCell.Wait wait; // the waiter group only

  @Operation(nonParallelGroup = "waiter")
  public void pollWait() {
    if (wait == null) {
      wait = cell.await();
    }
    int before = wakesSinceConsumed.get();
    Poll<Outcome<Void>> p = wait.poll(Context.NOOP);
    if (p.isReady()) {
      wait = null;
      wakesSinceConsumed.addAndGet(-before);
    }
  }

  @Operation(nonParallelGroup = "waiter")
  public void abandonWait() {
    if (wait != null) {
      wait.abandon();
      wait = null;
    }
  }

  @Operation
  public void wake() {
    wakesSinceConsumed.incrementAndGet();
    cell.wake();
  }

  @Operation
  public void close() {
    closes.incrementAndGet();
    cell.close();
  }

  @Validate
  public void check() {
    if (wait != null) {
      wait.abandon();
    }
    Poll<Outcome<Void>> p = cell.await().poll(Context.NOOP);
    if (closes.get() > 0) {
      if (p.isPending() || !p.value().isClosed()) {
        throw new AssertionError("closed, but a wait did not see it: " + p);
      }
    } else if (wakesSinceConsumed.get() > 0 && p.isPending()) {
      throw new AssertionError(
          "lost wakeup: "
              + wakesSinceConsumed.get()
              + " wakes after the last completed wait, yet a new wait is pending");
    }
  }

  @Test
  public void modelChecking() {
    LincheckSupport.modelCheck(getClass());
  }

  @Test
  public void stress() {
    LincheckSupport.stress(getClass());
  }
}
