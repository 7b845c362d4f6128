package maitake.impl.sync;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Poll;
import maitake.impl.lock.BackoffSpinLock;
import maitake.sync.Outcome;
import maitake.sync.Semaphore;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Lincheck: the Semaphore with acquires of different sizes polled, abandoned (partially assigned or
 * already satisfied) and released on different threads. Checked: never more permits held than
 * exist; once every permit is returned and every pending acquire abandoned, all the permits are
 * available again.
 */
public class SemaphoreLincheckTest {
  private static final long PERMITS = 3;
  final FairSemaphore sem = new FairSemaphore(new BackoffSpinLock(), PERMITS);
  private final AtomicReferenceArray<Future<Outcome<Semaphore.Permit>>> acquires =
      new AtomicReferenceArray<>(3);
  private final AtomicReferenceArray<Semaphore.Permit> held = new AtomicReferenceArray<>(3);
  private final AtomicLong inside = new AtomicLong();
  private volatile boolean overflow;

  private void poll(int slot, long n) {
    if (held.get(slot) != null) {
      return;
    }
    Future<Outcome<Semaphore.Permit>> f = acquires.get(slot);
    if (f == null) {
      f = newAcquire(slot, n);
      acquires.set(slot, f);
    }
    Poll<Outcome<Semaphore.Permit>> p = f.poll(Context.NOOP);
    if (p.isReady()) {
      acquires.set(slot, null);
      Semaphore.Permit permit = p.value().value();
      if (inside.addAndGet(permit.permits()) > PERMITS) {
        overflow = true;
      }
      held.set(slot, permit);
    }
  }

  /** The acquire future for a slot's next acquisition. */
  Future<Outcome<Semaphore.Permit>> newAcquire(int slot, long n) {
    return sem.acquire(n);
  }

  private void release(int slot) {
    Semaphore.Permit p = held.getAndSet(slot, null);
    if (p != null) {
      inside.addAndGet(-p.permits());
      p.close();
    }
  }

  private void abandon(int slot) {
    Future<Outcome<Semaphore.Permit>> f = acquires.getAndSet(slot, null);
    if (f != null) {
      f.abandon();
    }
  }

  @Operation(nonParallelGroup = "a")
  public void acquireOne() {
    poll(0, 1);
  }

  @Operation(nonParallelGroup = "b")
  public void acquireTwo() {
    poll(1, 2);
  }

  @Operation(nonParallelGroup = "c")
  public void acquireThree() {
    poll(2, 3);
  }

  @Operation(nonParallelGroup = "a")
  public void releaseOne() {
    release(0);
  }

  @Operation(nonParallelGroup = "b")
  public void abandonTwo() {
    abandon(1);
  }

  @Operation(nonParallelGroup = "c")
  public void releaseOrAbandonThree() {
    release(2);
    abandon(2);
  }

  @Validate
  public void check() {
    if (overflow) {
      throw new AssertionError("more permits held than exist");
    }
    for (int i = 0; i < 3; i++) {
      release(i);
      abandon(i);
    }
    if (sem.availablePermits() != PERMITS) {
      throw new AssertionError("permits lost or made up: " + sem.availablePermits());
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
