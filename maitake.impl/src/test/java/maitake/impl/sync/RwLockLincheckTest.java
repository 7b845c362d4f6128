package maitake.impl.sync;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Poll;
import maitake.impl.lock.BackoffSpinLock;
import maitake.sync.RwLock;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Lincheck: two readers and a writer polling, releasing and abandoning (the writer) on different
 * threads. Checked: a writer never shares the lock; once everything is released and abandoned, the
 * lock is free for a writer.
 */
public class RwLockLincheckTest {
  private final SemaphoreRwLock<Integer> lock = new SemaphoreRwLock<>(new BackoffSpinLock(), 0);
  private final AtomicReferenceArray<Future<? extends RwLock.ReadGuard<Integer>>> pending =
      new AtomicReferenceArray<>(3);
  private final AtomicReferenceArray<RwLock.ReadGuard<Integer>> held =
      new AtomicReferenceArray<>(3);
  private final AtomicInteger readers = new AtomicInteger();
  private final AtomicInteger writers = new AtomicInteger();
  private volatile boolean violated;

  private void poll(int slot, boolean write) {
    if (held.get(slot) != null) {
      return;
    }
    Future<? extends RwLock.ReadGuard<Integer>> f = pending.get(slot);
    if (f == null) {
      f = write ? lock.write() : lock.read();
      pending.set(slot, f);
    }
    Poll<? extends RwLock.ReadGuard<Integer>> p = f.poll(Context.NOOP);
    if (p.isReady()) {
      pending.set(slot, null);
      if (write) {
        if (writers.incrementAndGet() > 1 || readers.get() > 0) {
          violated = true;
        }
      } else if (readers.incrementAndGet() > 0 && writers.get() > 0) {
        violated = true;
      }
      held.set(slot, p.value());
    }
  }

  private void release(int slot, boolean write) {
    RwLock.ReadGuard<Integer> g = held.getAndSet(slot, null);
    if (g != null) {
      if (write) {
        writers.decrementAndGet();
      } else {
        readers.decrementAndGet();
      }
      g.close();
    }
  }

  @Operation(nonParallelGroup = "r0")
  public void read0() {
    poll(0, false);
  }

  @Operation(nonParallelGroup = "r0")
  public void release0() {
    release(0, false);
  }

  @Operation(nonParallelGroup = "r1")
  public void read1() {
    poll(1, false);
  }

  @Operation(nonParallelGroup = "r1")
  public void release1() {
    release(1, false);
  }

  @Operation(nonParallelGroup = "w")
  public void write() {
    poll(2, true);
  }

  @Operation(nonParallelGroup = "w")
  public void releaseOrAbandonWriter() {
    release(2, true);
    Future<? extends RwLock.ReadGuard<Integer>> f = pending.getAndSet(2, null);
    if (f != null) {
      f.abandon();
    }
  }

  @Validate
  public void check() {
    if (violated) {
      throw new AssertionError("a writer shared the lock");
    }
    for (int i = 0; i < 3; i++) {
      release(i, i == 2);
      Future<? extends RwLock.ReadGuard<Integer>> f = pending.getAndSet(i, null);
      if (f != null) {
        f.abandon();
      }
    }
    RwLock.WriteGuard<Integer> w = lock.tryWrite();
    if (w == null) {
      throw new AssertionError("everything released, yet the lock is not free");
    }
    w.close();
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
