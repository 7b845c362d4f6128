package maitake.impl.sync;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReferenceArray;
import maitake.future.Context;
import maitake.future.Poll;
import maitake.impl.lock.BackoffSpinLock;
import maitake.sync.Outcome;
import maitake.sync.WaitMap;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Lincheck: keyed waits polled and abandoned against wakes with values on other threads. Checked:
 * every value is accounted for exactly once: received by a wait, kept by an abandoned wait as
 * undelivered, or handed back by the wake.
 */
public class WaitMapLincheckTest {
  private final KeyedWaitMap<Integer, Integer> map = new KeyedWaitMap<>(new BackoffSpinLock());
  private final AtomicReferenceArray<WaitMap.Wait<Integer>> waits = new AtomicReferenceArray<>(2);
  private final ConcurrentLinkedQueue<Integer> accounted = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Integer> sent = new ConcurrentLinkedQueue<>();
  private int next = 100; // the wakers' group

  private void poll(int key) {
    WaitMap.Wait<Integer> w = waits.get(key);
    if (w == null) {
      w = map.await(key);
      waits.set(key, w);
    }
    Poll<Outcome<Integer>> p = w.poll(Context.NOOP);
    if (p.isReady()) {
      waits.set(key, null);
      if (p.value().isOk()) {
        accounted.add(p.value().value());
      }
    }
  }

  private void abandon(int key) {
    WaitMap.Wait<Integer> w = waits.getAndSet(key, null);
    if (w != null) {
      w.abandon();
      Integer v = w.takeUndelivered();
      if (v != null) {
        accounted.add(v);
      }
    }
  }

  private void wake(int key) {
    int v = next++;
    sent.add(v);
    Outcome<Integer> o = map.wake(key, v);
    if (!o.isOk()) {
      accounted.add(o.handedBack());
    }
  }

  @Operation(nonParallelGroup = "k0")
  public void poll0() {
    poll(0);
  }

  @Operation(nonParallelGroup = "k0")
  public void abandon0() {
    abandon(0);
  }

  @Operation(nonParallelGroup = "k1")
  public void poll1() {
    poll(1);
  }

  @Operation(nonParallelGroup = "k1")
  public void abandon1() {
    abandon(1);
  }

  @Operation(nonParallelGroup = "waker")
  public void wake0() {
    wake(0);
  }

  @Operation(nonParallelGroup = "waker")
  public void wake1() {
    wake(1);
  }

  @Validate
  public void check() {
    for (int k = 0; k < 2; k++) {
      WaitMap.Wait<Integer> w = waits.get(k);
      if (w != null) {
        Poll<Outcome<Integer>> p = w.poll(Context.NOOP);
        if (p.isReady() && p.value().isOk()) {
          accounted.add(p.value().value());
        } else {
          abandon(k);
        }
      }
    }
    java.util.List<Integer> a = new java.util.ArrayList<>(accounted);
    java.util.List<Integer> s = new java.util.ArrayList<>(sent);
    java.util.Collections.sort(a);
    java.util.Collections.sort(s);
    if (!a.equals(s)) {
      throw new AssertionError("values sent " + s + " but accounted for " + a);
    }
  }

  @Test
  public void modelChecking() {
    LincheckSupport.modelCheck(getClass(), 6, 300);
  }

  @Test
  public void stress() {
    LincheckSupport.stress(getClass(), 8, 300);
  }
}
