package maitake.impl.scheduler;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An intrusive multi-producer, single-consumer queue of tasks, with the counters that say how many
 * tasks it holds and how they came: Dmitry Vyukov's non-intrusive MPSC queue made intrusive with a
 * stub node, as in the Rust crate cordyceps. Enqueue is wait-free and allocates nothing (the link
 * lives in {@link Task#next}); dequeue is lock-free for the single consumer.
 *
 * <p>The consumer right is explicit: {@link #tryAcquireConsumer()} must succeed before {@link
 * #dequeue()}, and {@link #releaseConsumer()} gives it back. A scheduler's tick takes it around
 * each dequeue (a concurrent tick is turned away by the scheduler's own ticking flag); a stealer
 * holds it from its creation to its close, which is what makes the victim's tick stop. The one
 * exception is a queue whose only consumer is fixed (a confined scheduler's remote queue, drained
 * by its owner), which may dequeue without taking the right.
 *
 * <p>Every enqueue says what it is ({@link #enqueueSpawned}, {@link #enqueueWoken}, {@link
 * #enqueueStolen}, {@link #requeue}) and is counted; every task {@link #dequeue()} hands out is
 * counted; {@link #queuedCount()} is their difference. The queue also carries its owner's closed
 * flag and the counts a stealer keeps on its victim (tasks moved out, tasks torn down), so that a
 * {@link RunQueueStealer} needs nothing but the queue.
 */
final class MpscRunQueue {
  /*
   * Implementation overview
   *
   * Ported from the MpscQueue of hawkw/mycelium cordyceps/src/mpsc_queue.rs (Vyukov's queue,
   * intrusive, with a stub node, and an explicit single-consumer flag); the names of the two
   * ends and of the half-linked state are those of JCTools' MpscLinkedQueue.
   *
   * producerNode is where producers append: enqueue(n) sets n.next = null, swaps producerNode to
   * n, then links the previous node to n (release). Between the swap and the link the queue holds
   * a "bubble": the consumer can see that a node exists (producerNode moved) but cannot reach it
   * yet. dequeue() spins on a bubble up to BUBBLE_SPINS times, and then returns the stub as a
   * marker (isBubble) so that the caller can give up for now and report work remaining.
   *
   * consumerNode is the consumer's cursor: the next node to hand out, or the stub. The stub keeps
   * both ends non-null: when the consumer is about to hand out the last real node, it first
   * enqueues the stub behind it, so the node it hands out is never producerNode and is fully
   * detached (its next is set), and can be enqueued again (here or elsewhere) at once.
   *
   * Counters. Producers count before they enqueue, with an atomic add on the counter of their
   * kind (spawned, woken, stolenIn): that is the only counter a producer touches, one atomic per
   * enqueue. requeue is for the one thread that re-queues self-woken tasks (a scheduler's ticker,
   * exclusive by its ticking flag), a plain write published opaquely. The consumer-right holder
   * counts each task handed out in dequeued (opaque), and a stealer, which holds the right,
   * counts stolenOut (opaque); teardowns by stealers or a closing injector are an atomic add
   * (a stealer may run beside a tick). queuedCount() reads dequeued before the enqueue counters
   * (the reverse order of the writes), so it is never negative: exact for the consumer, a close
   * snapshot for anyone else.
   *
   * Linearization points: enqueue at the producerNode swap; dequeue at the write of
   * consumerNode.
   */

  /** How often {@link #dequeue()} re-reads a bubble before it reports one. */
  static final int BUBBLE_SPINS = 128;

  private final Task<?> stub;
  private volatile Task<?> producerNode; // producers: getAndSet; the consumer reads it (acquire)
  private Task<?> consumerNode; // the consumer only
  private volatile int consumer; // 0 free, 1 taken; CAS to take, release store to give back
  private volatile boolean closed; // the owner's flag, set once

  private volatile long spawned; // getAndAdd by spawners
  private volatile long woken; // getAndAdd by wakers from outside the consumer's polls
  private volatile long stolenIn; // getAndAdd by stealers that move a task here
  private long requeued; // the one requeuer (opaque)
  private long dequeued; // the consumer-right holder (opaque)
  private int batchSize; // the consumer only: how many tasks the last dequeueBatch handed out
  private long stolenOut; // the consumer-right holder, a stealer (opaque)
  private volatile long tornDown; // getAndAdd by stealers and closers that tear a task down

  MpscRunQueue(Task<?> stub) {
    this.stub = stub;
    stub.setNextPlain(null);
    this.consumerNode = stub;
    this.producerNode = stub;
  }

  // ---------------------------------------------------------------------------------------
  // Producers

  /** Appends a task just spawned. Wait-free; any thread. */
  void enqueueSpawned(Task<?> t) {
    SPAWNED.getAndAdd(this, 1L);
    append(t);
  }

  /** Appends a task woken from outside the consumer's polls. Wait-free; any thread. */
  void enqueueWoken(Task<?> t) {
    WOKEN.getAndAdd(this, 1L);
    append(t);
  }

  /** Appends a task a stealer took from another queue. Wait-free; any thread. */
  void enqueueStolen(Task<?> t) {
    STOLEN_IN.getAndAdd(this, 1L);
    append(t);
  }

  /**
   * Appends a task that woke itself during its poll. Only the one thread that re-queues (a
   * scheduler's ticker) calls it; wait-free.
   */
  void requeue(Task<?> t) {
    REQUEUED.setOpaque(this, requeued + 1);
    append(t);
  }

  private void append(Task<?> t) {
    t.setNextPlain(null);
    Task<?> prev = (Task<?>) PRODUCER_NODE.getAndSet(this, t); // linearization point; full fence
    RaceHooks.run(RaceHooks.runQueueSwapped, t); // tests: a bubble, held open
    prev.setNextRelease(t);
  }

  // ---------------------------------------------------------------------------------------
  // The consumer

  /**
   * @return true if the caller now holds the consumer right
   */
  boolean tryAcquireConsumer() {
    return CONSUMER.compareAndSet(this, 0, 1);
  }

  void releaseConsumer() {
    CONSUMER.setRelease(this, 0);
  }

  /**
   * @return true if some thread holds the consumer right
   */
  boolean hasConsumer() {
    return consumer != 0;
  }

  /**
   * Takes the oldest task and counts it. The caller holds the consumer right. A bubble (a producer
   * between its two steps) is re-read up to {@link #BUBBLE_SPINS} times before it is reported.
   *
   * @return the task; null if the queue is empty; a marker for which {@link #isBubble} is true if a
   *     producer is still between its two steps, so that the caller should come back later
   */
  Task<?> dequeue() {
    return dequeueBatch(1); // a batch of one: the same walk, the same counts
  }

  /**
   * Takes up to {@code max} of the oldest tasks at once and counts them, with one store of the
   * consumer's cursor: the first is returned, and the others follow it through {@link Task#next},
   * {@link #batchSize()} in all. The caller holds the consumer right while it takes them, and must
   * read each task's {@code next} (plainly: this thread read it already) before it polls that task,
   * since a poll may enqueue it again. Nobody else can reach the batch: a stealer sees only what
   * lies behind it, and its tasks are still marked queued, so no waker enqueues them. A batch may
   * be shorter than {@code max} while more is queued: it ends at a bubble and at the stub (which is
   * never handed out); a bubble before the first task is spun on and reported as {@link #dequeue()}
   * does.
   *
   * @param max the most tasks to take; at least 1
   * @return the first task, null if the queue is empty, or a bubble's marker ({@link #isBubble})
   */
  Task<?> dequeueBatch(int max) {
    for (int spins = 0; ; spins++) {
      Task<?> first = takeBatch(max);
      if (first != stub) {
        if (first != null) {
          DEQUEUED.setOpaque(this, dequeued + batchSize);
        }
        return first;
      }
      if (spins >= BUBBLE_SPINS) {
        return stub;
      }
      Thread.onSpinWait();
    }
  }

  /**
   * How many tasks the last {@link #dequeueBatch} handed out. Read it before releasing the consumer
   * right: the next holder's dequeue (a stealer's) overwrites it.
   *
   * @return the size of the batch the caller took
   */
  int batchSize() {
    return batchSize;
  }

  /** One attempt of {@link #dequeueBatch}: the stub if a bubble comes before the first task. */
  private Task<?> takeBatch(int max) {
    Task<?> t = consumerNode;
    Task<?> n = t.getNextAcquire();
    if (t == stub) {
      if (n == null) {
        return producerNodeAcquire() == stub ? null : stub;
      }
      t = n;
      n = n.getNextAcquire();
    }
    Task<?> first = t;
    int k = 0;
    for (; ; ) {
      if (n != null) {
        k++; // t is handed out: its successor is linked
        if (k == max || n == stub) {
          // the stub is never handed out: behind it lies only what was appended after it
          consumerNode = n; // linearization point of the whole batch
          break;
        }
        t = n;
        n = t.getNextAcquire();
        continue;
      }
      // t is the last node we can see
      if (t == producerNodeAcquire()) {
        append(stub); // so that t is detached before it is handed out
        n = t.getNextAcquire();
        if (n != null) {
          continue; // hand t out; the loop then stops at the stub or goes on behind it
        }
      }
      // a bubble behind t: t stays as the cursor, not handed out
      if (k == 0) {
        consumerNode = t;
        return stub;
      }
      consumerNode = t; // linearization point of the whole batch
      break;
    }
    batchSize = k;
    return first;
  }

  /**
   * @param t what {@link #dequeue()} returned
   * @return true if it is the marker of a bubble, not a task
   */
  boolean isBubble(Task<?> t) {
    return t == stub;
  }

  /**
   * Whether nothing is queued. The caller holds the consumer right; producers may be adding tasks
   * concurrently, so a true result may be stale at once.
   *
   * @return true if the queue held no task when it was read
   */
  boolean isEmpty() {
    return consumerNode == stub && producerNodeAcquire() == stub;
  }

  private Task<?> producerNodeAcquire() {
    return (Task<?>) PRODUCER_NODE.getAcquire(this);
  }

  // ---------------------------------------------------------------------------------------
  // The owner's flag and the stealers' counts

  /** Marks the owner closed (once; any thread): a stealer tears its tasks down, not moves them. */
  void close() {
    closed = true;
  }

  boolean isClosed() {
    return closed;
  }

  /** Counts one task a stealer moved to a thief; the caller holds the consumer right. */
  void countStolenOut() {
    STOLEN_OUT.setOpaque(this, stolenOut + 1);
  }

  /** Counts a task torn down off this queue instead of being moved (thread-safe). */
  void countTornDown() {
    TORN_DOWN.getAndAdd(this, 1L);
  }

  // ---------------------------------------------------------------------------------------
  // Counts (any thread)

  /**
   * @return the tasks queued now: exact for the consumer, a close snapshot for anyone else
   */
  long queuedCount() {
    long d = (long) DEQUEUED.getOpaque(this); // first: the result is never negative
    long r = (long) REQUEUED.getOpaque(this);
    return spawned + woken + stolenIn + r - d;
  }

  long spawnedCount() {
    return spawned;
  }

  long wokenCount() {
    return woken;
  }

  long stolenInCount() {
    return stolenIn;
  }

  long stolenOutCount() {
    return (long) STOLEN_OUT.getOpaque(this);
  }

  long tornDownCount() {
    return tornDown;
  }

  private static final VarHandle PRODUCER_NODE;
  private static final VarHandle CONSUMER;
  private static final VarHandle SPAWNED;
  private static final VarHandle WOKEN;
  private static final VarHandle STOLEN_IN;
  private static final VarHandle REQUEUED;
  private static final VarHandle DEQUEUED;
  private static final VarHandle STOLEN_OUT;
  private static final VarHandle TORN_DOWN;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      PRODUCER_NODE = l.findVarHandle(MpscRunQueue.class, "producerNode", Task.class);
      CONSUMER = l.findVarHandle(MpscRunQueue.class, "consumer", int.class);
      SPAWNED = l.findVarHandle(MpscRunQueue.class, "spawned", long.class);
      WOKEN = l.findVarHandle(MpscRunQueue.class, "woken", long.class);
      STOLEN_IN = l.findVarHandle(MpscRunQueue.class, "stolenIn", long.class);
      REQUEUED = l.findVarHandle(MpscRunQueue.class, "requeued", long.class);
      DEQUEUED = l.findVarHandle(MpscRunQueue.class, "dequeued", long.class);
      STOLEN_OUT = l.findVarHandle(MpscRunQueue.class, "stolenOut", long.class);
      TORN_DOWN = l.findVarHandle(MpscRunQueue.class, "tornDown", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
