package maitake.impl.scheduler;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An intrusive multi-producer, single-consumer queue of tasks: Dmitry Vyukov's non-intrusive MPSC
 * queue made intrusive with a stub node, as in the Rust crate cordyceps. Enqueue is wait-free and
 * allocates nothing (the link lives in {@link Task#next}); dequeue is lock-free for the single
 * consumer.
 *
 * <p>The consumer right is explicit: {@link #tryAcquireConsumer()} must succeed before {@link
 * #dequeue()}, and {@link #releaseConsumer()} gives it back. A scheduler's tick takes it around
 * each dequeue (a concurrent tick is turned away by the scheduler's own ticking flag); a stealer
 * holds it from its creation to its close, which is what makes the victim's tick stop.
 */
final class MpscRunQueue {
  /*
   * Implementation overview
   *
   * Ported from the MpscQueue of hawkw/mycelium cordyceps/src/mpsc_queue.rs (Vyukov's queue,
   * intrusive, with a stub node, and an explicit single-consumer flag).
   *
   * head is where producers append: enqueue(n) sets n.next = null, swaps head to n, then links
   * the previous head to n (release). Between the swap and the link the queue is
   * "inconsistent": the consumer can see that a node exists (head moved) but cannot reach it
   * yet. dequeue() then returns the stub as a marker, INCONSISTENT, and the caller retries.
   *
   * tail is the consumer's cursor: the next node to hand out, or the stub. The stub keeps head
   * and tail non-null: when the consumer is about to hand out the last real node, it first
   * enqueues the stub behind it, so the node it hands out is never head and is fully detached
   * (its next is set), and can be enqueued again (here or elsewhere) at once.
   *
   * Linearization points: enqueue at the head swap; dequeue at the write of tail.
   */

  private final Task<?> stub;
  private volatile Task<?> head; // producers: getAndSet; the consumer reads it (acquire)
  private Task<?> tail; // the consumer only
  private volatile int consumer; // 0 free, 1 taken; CAS to take, release store to give back

  MpscRunQueue(Task<?> stub) {
    this.stub = stub;
    stub.setNextPlain(null);
    this.tail = stub;
    this.head = stub;
  }

  /** Appends {@code t}. Wait-free; any thread. */
  void enqueue(Task<?> t) {
    t.setNextPlain(null);
    Task<?> prev = getAndSetHead(t); // linearization point; full fence publishes t's fields
    prev.setNextRelease(t);
  }

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
   * Takes the oldest task. The caller holds the consumer right.
   *
   * @return the task; null if the queue is empty; {@link #inconsistent()} (the stub) if a producer
   *     is between its two steps and the caller should retry shortly
   */
  Task<?> dequeue() {
    Task<?> t = tail;
    Task<?> n = t.getNextAcquire();
    if (t == stub) {
      if (n == null) {
        return getHeadAcquire() == stub ? null : stub;
      }
      tail = n;
      t = n;
      n = n.getNextAcquire();
    }
    if (n != null) {
      tail = n;
      return t;
    }
    if (t != getHeadAcquire()) {
      return stub; // a producer swapped head but has not linked t.next yet
    }
    enqueue(stub);
    n = t.getNextAcquire();
    if (n != null) {
      tail = n;
      return t;
    }
    return stub; // a producer slipped in between our check and the stub's enqueue
  }

  /**
   * @return the marker {@link #dequeue()} returns while the queue is inconsistent
   */
  Task<?> inconsistent() {
    return stub;
  }

  /**
   * Whether nothing is queued. The caller holds the consumer right; producers may be adding tasks
   * concurrently, so a true result may be stale at once.
   *
   * @return true if the queue held no task when it was read
   */
  boolean isEmpty() {
    return tail == stub && getHeadAcquire() == stub;
  }

  private Task<?> getAndSetHead(Task<?> t) {
    return (Task<?>) HEAD.getAndSet(this, t);
  }

  private Task<?> getHeadAcquire() {
    return (Task<?>) HEAD.getAcquire(this);
  }

  private static final VarHandle HEAD;
  private static final VarHandle CONSUMER;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      HEAD = l.findVarHandle(MpscRunQueue.class, "head", Task.class);
      CONSUMER = l.findVarHandle(MpscRunQueue.class, "consumer", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
