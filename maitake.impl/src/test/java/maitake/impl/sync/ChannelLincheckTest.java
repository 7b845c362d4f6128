package maitake.impl.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReferenceArray;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Poll;
import maitake.impl.lock.BackoffSpinLock;
import maitake.sync.Channel;
import maitake.sync.Outcome;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Lincheck: a bounded channel of capacity 1 with two producers (waiting sends polled and abandoned)
 * and a consumer. Checked: nothing lost or duplicated (every value whose send completed is received
 * exactly once; an abandoned send is received at most once, and only if the receiver had already
 * moved it into the buffer, as documented), and each producer's values arrive in the order it sent
 * them.
 */
public class ChannelLincheckTest {
  final BoundedChannel<Integer> ch = new BoundedChannel<>(new BackoffSpinLock(), 1);
  final Channel.Sender<Integer> tx = ch.sender();
  private final AtomicReferenceArray<Future<Outcome<Integer>>> sends =
      new AtomicReferenceArray<>(2);
  private final int[] nextValue = {0, 1000};
  private final int[] pendingValue = new int[2];
  private final ConcurrentLinkedQueue<Integer> sentOk = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Integer> abandoned = new ConcurrentLinkedQueue<>();
  private final List<Integer> received = new ArrayList<>(); // the consumer group only

  private void send(int p) {
    Future<Outcome<Integer>> f = sends.get(p);
    if (f == null) {
      pendingValue[p] = nextValue[p]++;
      f = newSend(p, pendingValue[p]);
      sends.set(p, f);
    }
    Poll<Outcome<Integer>> r = f.poll(Context.NOOP);
    if (r.isReady()) {
      sends.set(p, null);
      if (r.value().isOk()) {
        sentOk.add(pendingValue[p]);
      }
    }
  }

  /** The send future for producer {@code p}'s next value. */
  Future<Outcome<Integer>> newSend(int p, int value) {
    return tx.send(value);
  }

  /** The consumer's receive of one value, without waiting: null if there is none. */
  Integer receiveOne() {
    Outcome<Integer> o = ch.receiver().tryReceive();
    return o.isOk() ? o.value() : null;
  }

  private void abandon(int p) {
    Future<Outcome<Integer>> f = sends.getAndSet(p, null);
    if (f != null) {
      abandoned.add(pendingValue[p]);
      f.abandon();
    }
  }

  @Operation(nonParallelGroup = "p0")
  public void send0() {
    send(0);
  }

  @Operation(nonParallelGroup = "p0")
  public void abandon0() {
    abandon(0);
  }

  @Operation(nonParallelGroup = "p1")
  public void send1() {
    send(1);
  }

  @Operation(nonParallelGroup = "consumer")
  public void receive() {
    Integer v = receiveOne();
    if (v != null) {
      received.add(v);
    }
  }

  @Validate
  public void check() {
    for (int p = 0; p < 2; p++) {
      Future<Outcome<Integer>> f = sends.get(p);
      if (f != null) {
        // a send whose value was moved into the buffer has completed even if not polled yet
        Poll<Outcome<Integer>> r = f.poll(Context.NOOP);
        if (r.isReady() && r.value().isOk()) {
          sentOk.add(pendingValue[p]);
        } else {
          abandoned.add(pendingValue[p]);
          f.abandon();
        }
      }
    }
    Outcome<Integer> o;
    while ((o = ch.receiver().tryReceive()).isOk()) {
      received.add(o.value());
    }
    List<Integer> r = new ArrayList<>(received);
    if (new java.util.HashSet<>(r).size() != r.size()) {
      throw new AssertionError("a value was received twice: " + r);
    }
    for (int v : sentOk) {
      if (!r.contains(v)) {
        throw new AssertionError("sent " + v + " but never received it: " + r);
      }
    }
    for (int v : r) {
      if (!sentOk.contains(v) && !abandoned.contains(v)) {
        throw new AssertionError("received " + v + " that was never sent: " + r);
      }
    }
    int last0 = -1;
    int last1 = 999;
    for (int v : r) {
      if (v < 1000) {
        if (v < last0) {
          throw new AssertionError("producer 0 out of order: " + r);
        }
        last0 = v;
      } else {
        if (v < last1) {
          throw new AssertionError("producer 1 out of order: " + r);
        }
        last1 = v;
      }
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
