package maitake.impl.sync;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import maitake.future.Context;
import maitake.impl.lock.BackoffSpinLock;
import maitake.sync.WaitQueue;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Lincheck: WaitQueue waits created, polled and abandoned against wakeOne and wakeAll on other
 * threads. Checked: every wait created before a wakeAll began completes (even if never polled); a
 * wakeOne is never lost while a waiter remains (it completes a waiter or is stored).
 */
public class WaitQueueLincheckTest {
  private final FifoWaitQueue q = new FifoWaitQueue(new BackoffSpinLock(), false);
  private final AtomicReferenceArray<WaitQueue.Wait> waits = new AtomicReferenceArray<>(2);
  private final AtomicIntegerArray createdAtWakeAll = new AtomicIntegerArray(2);
  private final AtomicIntegerArray completed = new AtomicIntegerArray(2);
  private final AtomicInteger wakeAllsStarted = new AtomicInteger();
  private final AtomicInteger wakeOnes = new AtomicInteger();

  private void create(int i) {
    if (waits.get(i) == null && completed.get(i) == 0) {
      int seq = wakeAllsStarted.get();
      waits.set(i, q.await());
      createdAtWakeAll.set(i, seq);
    }
  }

  private void poll(int i) {
    WaitQueue.Wait w = waits.get(i);
    if (w != null && completed.get(i) == 0 && w.poll(Context.NOOP).isReady()) {
      completed.set(i, 1);
    }
  }

  @Operation(nonParallelGroup = "w0")
  public void create0() {
    create(0);
  }

  @Operation(nonParallelGroup = "w0")
  public void poll0() {
    poll(0);
  }

  @Operation(nonParallelGroup = "w1")
  public void create1() {
    create(1);
  }

  @Operation(nonParallelGroup = "w1")
  public void poll1() {
    poll(1);
  }

  @Operation(nonParallelGroup = "w1")
  public void abandon1() {
    WaitQueue.Wait w = waits.getAndSet(1, null);
    if (w != null) {
      w.abandon();
    }
  }

  @Operation
  public void wakeOne() {
    wakeOnes.incrementAndGet();
    q.wakeOne();
  }

  @Operation
  public void wakeAll() {
    wakeAllsStarted.incrementAndGet();
    q.wakeAll();
  }

  @Validate
  public void check() {
    int pendingAfterWakeAll = 0;
    for (int i = 0; i < 2; i++) {
      WaitQueue.Wait w = waits.get(i);
      if (w == null || completed.get(i) != 0) {
        continue;
      }
      boolean ready = w.poll(Context.NOOP).isReady();
      if (ready) {
        completed.set(i, 1);
      }
      if (!ready && wakeAllsStarted.get() > createdAtWakeAll.get(i)) {
        throw new AssertionError("wait " + i + " was created before a wakeAll but is pending");
      }
      if (!ready) {
        pendingAfterWakeAll++;
      }
    }
    if (wakeOnes.get() > 0 && pendingAfterWakeAll > 0) {
      // a wakeOne went somewhere: a completed wait, or it is still stored
      boolean anyCompleted = completed.get(0) + completed.get(1) > 0;
      boolean stored = q.await().poll(Context.NOOP).isReady();
      if (!anyCompleted && !stored) {
        throw new AssertionError("a wakeOne was lost while waiters remained");
      }
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
