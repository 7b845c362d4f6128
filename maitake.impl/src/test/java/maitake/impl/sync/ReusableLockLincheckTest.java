package maitake.impl.sync;

import maitake.future.Future;
import maitake.sync.Mutex;
import maitake.sync.MutexGuard;

/**
 * Lincheck: {@link MutexLincheckTest}'s scenarios with slot 0 taking the lock through one reusable
 * lock future, reset before each acquisition (also after it was abandoned, queued or right after
 * the hand-off). Checked as there: never two holders, no lost and no duplicated token.
 */
public class ReusableLockLincheckTest extends MutexLincheckTest {
  private final Mutex.ReusableLock<Integer> reusable = mutex.reusableLock();
  private boolean used; // slot 0's group only

  @Override
  Future<MutexGuard<Integer>> newLock(int slot) {
    if (slot != 0) {
      return super.newLock(slot);
    }
    if (used) {
      reusable.reset();
    }
    used = true;
    return reusable;
  }
}
