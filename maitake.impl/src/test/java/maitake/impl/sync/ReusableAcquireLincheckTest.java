package maitake.impl.sync;

import maitake.future.Future;
import maitake.sync.Outcome;
import maitake.sync.Semaphore;

/**
 * Lincheck: {@link SemaphoreLincheckTest}'s scenarios with slot 0 acquiring through one reusable
 * acquire, reset before each acquisition (also after it was abandoned). Checked as there: never
 * more permits out than the semaphore has, none lost.
 */
public class ReusableAcquireLincheckTest extends SemaphoreLincheckTest {
  private Semaphore.ReusableAcquire reusable; // slot 0's group only

  @Override
  Future<Outcome<Semaphore.Permit>> newAcquire(int slot, long n) {
    if (slot != 0) {
      return super.newAcquire(slot, n);
    }
    if (reusable == null) {
      reusable = sem.reusableAcquire(n);
      return reusable;
    }
    return reusable.reset();
  }
}
