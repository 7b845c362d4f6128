package maitake.impl.sync;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Poll;
import maitake.impl.lock.BackoffSpinLock;
import maitake.sync.MutexGuard;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Lincheck: the async Mutex (and the WaitQueue hand-off under it) with lock futures polled,
 * abandoned (including right after being handed the lock, the case that once broke
 * kotlinx.coroutines' Mutex) and guards closed on different threads. Checked: never two holders;
 * after every guard is closed and every pending lock abandoned, the mutex is unlocked (no lost and
 * no duplicated token).
 */
@Param(name = "slot", gen = IntGen.class, conf = "0:2")
public class MutexLincheckTest {
  final HandoffMutex<Integer> mutex = new HandoffMutex<>(new BackoffSpinLock(), 0);
  private final AtomicReferenceArray<Future<MutexGuard<Integer>>> locks =
      new AtomicReferenceArray<>(3);
  private final AtomicReferenceArray<MutexGuard<Integer>> guards = new AtomicReferenceArray<>(3);
  private final AtomicInteger holders = new AtomicInteger();
  private volatile boolean twoHolders;

  private void acquired(int slot, MutexGuard<Integer> g) {
    if (holders.incrementAndGet() > 1) {
      twoHolders = true;
    }
    if (!guards.compareAndSet(slot, null, g)) {
      twoHolders = true;
    }
  }

  @Operation(nonParallelGroup = "slot0")
  public void poll0() {
    poll(0);
  }

  @Operation(nonParallelGroup = "slot1")
  public void poll1() {
    poll(1);
  }

  @Operation(nonParallelGroup = "slot0")
  public void abandon0() {
    abandon(0);
  }

  @Operation(nonParallelGroup = "slot1")
  public void abandon1() {
    abandon(1);
  }

  @Operation(nonParallelGroup = "slot0")
  public void unlock0() {
    unlock(0);
  }

  @Operation(nonParallelGroup = "slot1")
  public void unlock1() {
    unlock(1);
  }

  @Operation(nonParallelGroup = "slot2")
  public void tryLockUnlock() {
    MutexGuard<Integer> g = mutex.tryLock();
    if (g != null) {
      acquired(2, g);
      unlock(2);
    }
  }

  private void poll(int slot) {
    if (guards.get(slot) != null) {
      return;
    }
    Future<MutexGuard<Integer>> f = locks.get(slot);
    if (f == null) {
      f = newLock(slot);
      locks.set(slot, f);
    }
    Poll<MutexGuard<Integer>> p = f.poll(Context.NOOP);
    if (p.isReady()) {
      locks.set(slot, null);
      acquired(slot, p.value());
    }
  }

  /** The lock future for a slot's next acquisition. */
  Future<MutexGuard<Integer>> newLock(int slot) {
    return mutex.lock();
  }

  private void abandon(int slot) {
    Future<MutexGuard<Integer>> f = locks.getAndSet(slot, null);
    if (f != null) {
      f.abandon();
    }
  }

  private void unlock(int slot) {
    MutexGuard<Integer> g = guards.getAndSet(slot, null);
    if (g != null) {
      holders.decrementAndGet();
      g.close();
    }
  }

  @Validate
  public void check() {
    if (twoHolders) {
      throw new AssertionError("two holders at once");
    }
    for (int i = 0; i < 3; i++) {
      unlock(i);
      abandon(i);
    }
    if (mutex.isLocked()) {
      throw new AssertionError("the lock token was lost: locked with no holder and no waiter");
    }
    MutexGuard<Integer> g = mutex.tryLock();
    if (g == null) {
      throw new AssertionError("unlocked but tryLock failed");
    }
    g.close();
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
