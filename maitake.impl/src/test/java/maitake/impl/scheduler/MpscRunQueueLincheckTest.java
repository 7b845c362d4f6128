package maitake.impl.scheduler;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Lincheck: the intrusive MPSC run queue is linearizable to a FIFO queue, with producers enqueueing
 * in parallel and one consumer dequeueing. A bubble (a producer between its swap and its link) is
 * retried, as the scheduler does.
 */
@Param(name = "value", gen = IntGen.class, conf = "1:9")
@Param(name = "max", gen = IntGen.class, conf = "1:3")
public class MpscRunQueueLincheckTest {
  private final MpscScheduler owner = new MpscScheduler();
  private final MpscRunQueue queue = new MpscRunQueue(new MpscTask<>(owner));

  @Operation
  public void enqueue(@Param(name = "value") int value) {
    MpscTask<Object> t = new MpscTask<>(owner);
    t.init(null, Integer.toString(value), null); // the task's name (its label) carries the value
    queue.enqueueWoken(t);
  }

  @Operation(nonParallelGroup = "consumer")
  public Integer dequeue() {
    for (; ; ) {
      Task<?> t = queue.dequeue();
      if (t == null) {
        return null;
      }
      if (!queue.isBubble(t)) {
        return Integer.valueOf(t.name());
      }
      Thread.onSpinWait();
    }
  }

  /**
   * Batches, as a tick takes them, until {@code max} values or an empty queue: a batch may end
   * early (at a bubble, or at the stub), so one call is not a linearizable "take up to max", but
   * the loop is, and it walks every batch through the tasks' links as the tick does.
   */
  @Operation(nonParallelGroup = "consumer")
  public List<Integer> dequeueBatch(@Param(name = "max") int max) {
    List<Integer> out = new ArrayList<>();
    while (out.size() < max) {
      Task<?> t = queue.dequeueBatch(max - out.size());
      if (t == null) {
        return out;
      }
      if (queue.isBubble(t)) {
        Thread.onSpinWait();
        continue;
      }
      int n = queue.batchSize();
      if (n < 1 || n > max - out.size()) {
        throw new AssertionError("a batch of " + n + " when at most " + (max - out.size()));
      }
      for (int i = n; i > 0; i--) {
        out.add(Integer.valueOf(t.name()));
        t = i > 1 ? t.getNextPlain() : null;
      }
    }
    return out;
  }

  @Test
  public void modelChecking() {
    new ModelCheckingOptions()
        .iterations(12)
        .invocationsPerIteration(500)
        .threads(3)
        .actorsPerThread(3)
        .sequentialSpecification(FifoSpec.class)
        .check(getClass());
  }

  @Test
  public void stress() {
    new StressOptions()
        .iterations(12)
        .invocationsPerIteration(500)
        .threads(3)
        .actorsPerThread(4)
        .sequentialSpecification(FifoSpec.class)
        .check(getClass());
  }

  /** The sequential specification: a FIFO queue. */
  public static final class FifoSpec {
    private final ArrayDeque<Integer> q = new ArrayDeque<>();

    public void enqueue(int value) {
      q.addLast(value);
    }

    public Integer dequeue() {
      return q.pollFirst();
    }

    public List<Integer> dequeueBatch(int max) {
      List<Integer> out = new ArrayList<>();
      while (out.size() < max && !q.isEmpty()) {
        out.add(q.pollFirst());
      }
      return out;
    }
  }
}
