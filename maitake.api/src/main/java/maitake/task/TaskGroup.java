package maitake.task;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Poll;
import maitake.future.Settled;
import maitake.future.Waker;

/**
 * Structured concurrency: a group of child tasks that is itself a future, and that no child
 * outlives unwatched (tokio's {@code JoinSet}, kotlinx's {@code coroutineScope}).
 *
 * <p>{@link #spawn} starts a child through the group onto whatever scheduler the group's {@link
 * Spawn} function names (a {@code Scheduler}, a {@code LocalScheduler}, a builder of named tasks).
 * {@link #next()} awaits the next child to end and reports how it ended; polling the group awaits
 * every child and completes with the values not taken through {@code next()}, in spawn order. The
 * group completes when no child is running: a child may spawn siblings while it runs (they count
 * before it ends), and once the group has completed, {@code spawn} is refused.
 *
 * <p>The failure policy is chosen at creation. {@link Policy#FAIL_FAST}: the first child that
 * throws cancels its siblings, and the group, once every one of them was torn down, throws that
 * exception with the later failures suppressed in it. {@link Policy#COLLECT_ALL}: a failure cancels
 * nobody; once every child ended the group throws the first failure with the others suppressed, or
 * completes with the values if none failed.
 *
 * <pre>{@code
 * TaskGroup<Integer> group = TaskGroup.failFast(scheduler::spawn);
 * for (int i = 0; i < 10; i++) {
 *   int n = i;
 *   group.spawn(timer.sleep(Duration.ofMillis(n)).map(v -> n * n));
 * }
 * JoinHandle<List<Integer>> squares = scheduler.spawn(group);  // or poll it from a task
 * }</pre>
 *
 * <h2>Fairness</h2>
 *
 * Children run as their scheduler runs them; {@code next()} reports them in the order they ended,
 * the group's value lists them in the order they were spawned.
 *
 * <h2>Cancellation</h2>
 *
 * {@link #cancel()} stops new spawns and cancels every child; the group then completes, throwing
 * {@link CancellationException}, only after each child was torn down (its future abandoned,
 * releasing what it held). Abandoning the group (a task that polls it is cancelled, a {@code
 * select} drops it) cancels every child as well, but cannot wait: each child is torn down at its
 * next turn on its scheduler, outputs that nobody will receive are closed when they are {@link
 * AutoCloseable}, and a child that fails after that goes to its scheduler's {@link FailureHandler}.
 * A nested group is a child's future: cancelling the outer group abandons it, which cancels its own
 * children in turn.
 *
 * <h2>Memory consistency effects</h2>
 *
 * Everything a child did before it ended happens-before the poll of the group (or of {@code
 * next()}) that reports it.
 *
 * <h2>Thread safety</h2>
 *
 * {@link #spawn} and the counters are thread-safe (children spawn siblings from any thread). The
 * group, its {@code next()} futures and {@link #cancel()} belong to one owner, the task that awaits
 * the group, as every future is polled by one thread at a time.
 *
 * @param <T> the children's value type
 */
public final class TaskGroup<T> implements Future<List<T>> {
  /*
   * Implementation overview
   *
   * Each child's future is wrapped in a Child, which is what the scheduler runs: the child
   * reports its own end (a value, the exception it threw, or its abandonment at teardown) to the
   * group, so "ended" means torn down, not merely "cancel requested"; its join handle is
   * detached at once and never polled. A report goes onto an unbounded MPSC queue (ended) and
   * then the group's waker is woken; the owner drains the queue in every poll.
   *
   * state packs the count of live children with two flags: CANCELLED (no more spawns) and
   * CLOSED (the group completed). spawn increments the count with a CAS that fails on either
   * flag; a child's end decrements it after its report is queued. The owner completes the group
   * by a CAS from "0 live, not closed" to CLOSED, and drains the queue once more after it: every
   * report was queued before its decrement, so none is missed, and no spawn can slip in after
   * (linearization point: that CAS).
   *
   * cancel() sets CANCELLED and then cancels every child in live, a concurrent set; spawn adds
   * to live and then re-reads state. Both write before they read (volatile), so either the
   * canceller sees the new child or the spawner sees CANCELLED and cancels its own child.
   */

  /** What a child's failure does to its siblings. */
  public enum Policy {
    /** The first failure cancels the siblings and is thrown once they were torn down. */
    FAIL_FAST,
    /** A failure cancels nobody; the group throws the first one once every child ended. */
    COLLECT_ALL
  }

  /**
   * Spawns a child's future as a task: {@code scheduler::spawn}, {@code local::spawn}, or a lambda
   * that names the task through a builder.
   */
  @FunctionalInterface
  public interface Spawn {
    /**
     * @param child the future to run as a task
     * @return its join handle (the group detaches it)
     */
    JoinHandle<Void> spawn(Future<Void> child);
  }

  private static final int CANCELLED = 1 << 30;
  private static final int CLOSED = 1 << 29;
  private static final int LIVE_MASK = CLOSED - 1;

  private static final Object TAKEN = new Object();

  private final Policy policy;
  private final Spawn spawner;
  private final AtomicInteger state = new AtomicInteger();
  private final AtomicInteger nextIndex = new AtomicInteger();
  private final Set<Child> live = ConcurrentHashMap.newKeySet();
  private final ConcurrentLinkedQueue<Child> ended = new ConcurrentLinkedQueue<>();
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong cancelledCount = new AtomicLong();
  private volatile Waker waker; // the owner's most recent waker
  private volatile boolean abandoned;

  // owner only
  private final ArrayList<Object> results = new ArrayList<>(); // by spawn index; TAKEN if taken
  private final ArrayDeque<Child> unreported = new ArrayDeque<>(); // ended, not seen by next()
  private Throwable failure; // the first failure, later ones suppressed in it
  private boolean cancelRequested;
  private boolean done;

  private TaskGroup(Policy policy, Spawn spawner) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.spawner = Objects.requireNonNull(spawner, "spawner");
  }

  /**
   * A group with a failure policy.
   *
   * @param policy what a failure does to the siblings
   * @param spawner spawns each child as a task
   * @param <T> the children's value type
   * @return the empty group
   * @throws NullPointerException if an argument is null
   */
  public static <T> TaskGroup<T> create(Policy policy, Spawn spawner) {
    return new TaskGroup<>(policy, spawner);
  }

  /**
   * {@link #create} with {@link Policy#FAIL_FAST}.
   *
   * @param spawner spawns each child as a task
   * @param <T> the children's value type
   * @return the empty group
   */
  public static <T> TaskGroup<T> failFast(Spawn spawner) {
    return create(Policy.FAIL_FAST, spawner);
  }

  /**
   * {@link #create} with {@link Policy#COLLECT_ALL}.
   *
   * @param spawner spawns each child as a task
   * @param <T> the children's value type
   * @return the empty group
   */
  public static <T> TaskGroup<T> collectAll(Spawn spawner) {
    return create(Policy.COLLECT_ALL, spawner);
  }

  /**
   * Spawns {@code future} as a child of this group. From any thread, a child's included.
   *
   * @param future the child's future
   * @return a reference to the child's task (to cancel or inspect it; its output goes to the group)
   * @throws IllegalStateException if the group was cancelled, failed fast, was abandoned or has
   *     completed; {@code future} is then not spawned
   * @throws NullPointerException if {@code future} is null
   */
  public TaskRef spawn(Future<? extends T> future) {
    Objects.requireNonNull(future, "future");
    for (; ; ) {
      int s = state.get();
      if ((s & (CANCELLED | CLOSED)) != 0) {
        throw new IllegalStateException(
            "task group "
                + ((s & CLOSED) != 0 ? "has completed" : "is cancelled")
                + ": no more children can be spawned");
      }
      if (state.compareAndSet(s, s + 1)) {
        break;
      }
    }
    Child child = new Child(future, nextIndex.getAndIncrement());
    live.add(child);
    JoinHandle<Void> handle;
    try {
      handle = Objects.requireNonNull(spawner.spawn(child), "the spawn function returned null");
    } catch (RuntimeException | Error e) {
      live.remove(child);
      child.end(Child.NEVER_SPAWNED, null, e);
      throw e;
    }
    TaskRef ref = handle.taskRef();
    child.ref = ref;
    handle.detach();
    if ((state.get() & CANCELLED) != 0) {
      ref.cancel(); // the canceller may have missed this child (see the overview)
    }
    return ref;
  }

  /**
   * A future of the next child to end, in the order they end: its value, or the exception it threw
   * (a {@link CancellationException} for a child that was cancelled or shut down); empty when no
   * child is running and every end was reported. A value taken here is not in the group's own
   * value.
   *
   * @return the future; poll it from the group's owner
   */
  public Future<Optional<Settled<T>>> next() {
    return new Future<>() {
      private boolean returned;

      @Override
      @SuppressWarnings("unchecked")
      public Poll<Optional<Settled<T>>> poll(Context context) {
        if (returned) {
          throw new IllegalStateException("next() future polled after it completed");
        }
        waker = context.waker();
        drain();
        Child c = unreported.poll();
        if (c == null) {
          if ((state.get() & LIVE_MASK) != 0) {
            return Poll.pending();
          }
          drain();
          c = unreported.poll();
          if (c == null) {
            returned = true;
            return Poll.ready(Optional.empty());
          }
        }
        returned = true;
        Settled<T> s;
        if (c.kind == Child.VALUE) {
          Object v = results.set(c.index, TAKEN);
          s = Settled.succeeded((T) v);
        } else if (c.kind == Child.FAILED) {
          s = Settled.failed(c.error);
        } else {
          s = Settled.failed(new CancellationException("child task cancelled"));
        }
        return Poll.ready(Optional.of(s));
      }
    };
  }

  /**
   * Cancels every child and refuses new ones; the group then throws {@link CancellationException}
   * once each child was torn down (or the first failure, if one came first under {@link
   * Policy#FAIL_FAST}). Idempotent; a no-op once the group completed.
   */
  public void cancel() {
    if (done) {
      return;
    }
    cancelRequested = true;
    cancelChildren();
  }

  private void cancelChildren() {
    state.getAndUpdate(s -> (s & CLOSED) != 0 ? s : s | CANCELLED);
    for (Child c : live) {
      TaskRef r = c.ref;
      if (r != null) {
        r.cancel();
      } // else spawn re-reads CANCELLED after publishing the ref, and cancels it itself
    }
  }

  @Override
  public Poll<List<T>> poll(Context context) {
    if (done) {
      throw new IllegalStateException("task group polled after it completed");
    }
    waker = context.waker();
    drain();
    for (; ; ) {
      int s = state.get();
      if ((s & LIVE_MASK) != 0) {
        return Poll.pending();
      }
      if (state.compareAndSet(s, s | CLOSED | CANCELLED)) { // linearization point
        break;
      }
    }
    drain();
    done = true;
    return finish();
  }

  @SuppressWarnings("unchecked")
  private Poll<List<T>> finish() {
    unreported.clear();
    if (failure != null || cancelRequested) {
      Throwable t = failure != null ? failure : new CancellationException("task group cancelled");
      closeResults(t);
      if (t instanceof RuntimeException e) {
        throw e;
      }
      if (t instanceof Error e) {
        throw e;
      }
      throw new java.util.concurrent.CompletionException(t);
    }
    List<T> values = new ArrayList<>(results.size());
    for (Object v : results) {
      if (v != TAKEN) {
        values.add((T) v);
      }
    }
    results.clear();
    return Poll.ready(Collections.unmodifiableList(values));
  }

  /** Owner: takes every queued end report into the owner's books. */
  private void drain() {
    Child c;
    while ((c = ended.poll()) != null) {
      if (c.kind == Child.NEVER_SPAWNED) {
        continue; // its spawn threw to the caller
      }
      while (results.size() <= c.index) {
        results.add(TAKEN); // slots of children that did not complete with a value
      }
      if (c.kind == Child.VALUE) {
        results.set(c.index, c.value);
        c.value = null;
      } else if (c.kind == Child.FAILED) {
        if (failure == null) {
          failure = c.error;
          if (policy == Policy.FAIL_FAST) {
            cancelChildren();
          }
        } else if (failure != c.error) {
          failure.addSuppressed(c.error);
        }
      }
      unreported.add(c);
    }
  }

  /**
   * Abandons the group: cancels every child and refuses new ones, closes the outputs it holds that
   * are {@link AutoCloseable}, and lets children that end from now on close their own outputs and
   * report their failures to their scheduler's {@link FailureHandler}. It cannot wait for the
   * children to be torn down; see the class documentation.
   */
  @Override
  public void abandon() {
    if (done) {
      return;
    }
    done = true;
    abandoned = true;
    cancelChildren();
    drain();
    unreported.clear();
    Throwable closing = closeResults(null);
    Throwable late = closeAbandonedReports();
    if (closing == null) {
      closing = late;
    } else if (late != null) {
      closing.addSuppressed(late);
    }
    if (closing instanceof RuntimeException e) {
      throw e;
    }
    if (closing instanceof Error e) {
      throw e;
    }
    if (closing != null) {
      throw new IllegalStateException(
          "closing an output of an abandoned task group failed", closing);
    }
  }

  /** After abandonment: takes every queued report and closes the values nobody will receive. */
  private Throwable closeAbandonedReports() {
    Throwable first = null;
    Child c;
    while ((c = ended.poll()) != null) {
      Object v = c.value;
      c.value = null;
      if (c.kind == Child.VALUE) {
        first = closeInto(v, first);
      }
    }
    return first;
  }

  /** Closes the AutoCloseable values held, which nobody will receive; clears them. */
  private Throwable closeResults(Throwable into) {
    Throwable first = into;
    for (Object v : results) {
      first = closeInto(v, first);
    }
    results.clear();
    return first;
  }

  /**
   * Closes {@code v} if it is AutoCloseable.
   *
   * @return {@code first} with what close threw suppressed in it, or what close threw if {@code
   *     first} was null
   */
  private static Throwable closeInto(Object v, Throwable first) {
    if (v instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Throwable e) {
        if (first == null) {
          return e;
        }
        first.addSuppressed(e);
      }
    }
    return first;
  }

  /**
   * @return children running now: spawned and not yet ended
   */
  public int running() {
    return state.get() & LIVE_MASK;
  }

  /**
   * @return children that ended with a value
   */
  public long completed() {
    return completed.get();
  }

  /**
   * @return children that ended by throwing
   */
  public long failed() {
    return failed.get();
  }

  /**
   * @return children that were torn down without a value (cancelled, or shut down)
   */
  public long cancelled() {
    return cancelledCount.get();
  }

  /**
   * @return the failure policy
   */
  public Policy policy() {
    return policy;
  }

  @Override
  public String toString() {
    return "TaskGroup("
        + policy
        + ", "
        + running()
        + " running, "
        + completed()
        + " completed, "
        + failed()
        + " failed, "
        + cancelled()
        + " cancelled)";
  }

  /** The future a child task runs: the user's future, reporting its own end to the group. */
  private final class Child implements Future<Void> {
    static final int RUNNING = 0;
    static final int VALUE = 1;
    static final int FAILED = 2;
    static final int CANCELLED_KIND = 3;
    static final int NEVER_SPAWNED = 4;

    private Future<? extends T> inner; // null once ended
    final int index;
    volatile TaskRef ref;
    int kind = RUNNING; // written before the report is queued
    Object value;
    Throwable error;

    Child(Future<? extends T> inner, int index) {
      this.inner = inner;
      this.index = index;
    }

    @Override
    public Poll<Void> poll(Context context) {
      Future<? extends T> f = inner;
      if (f == null) {
        throw new IllegalStateException("child future polled after it ended");
      }
      Poll<? extends T> p;
      try {
        p = f.poll(context);
      } catch (Throwable t) {
        inner = null;
        try {
          f.abandon();
        } catch (Throwable e) {
          if (e != t) {
            t.addSuppressed(e);
          }
        }
        end(FAILED, null, t);
        if (abandoned) {
          throw t; // nobody watches the group: the scheduler's failure handler reports it
        }
        return Poll.readyNull();
      }
      if (p.isPending()) {
        return Poll.pending();
      }
      inner = null;
      end(VALUE, p.value(), null);
      return Poll.readyNull();
    }

    @Override
    public void abandon() {
      Future<? extends T> f = inner;
      if (f == null) {
        return;
      }
      inner = null;
      try {
        f.abandon();
      } finally {
        end(CANCELLED_KIND, null, null);
      }
    }

    /** Reports this child's end to the group, once. */
    void end(int how, Object v, Throwable t) {
      kind = how;
      value = v;
      error = t;
      live.remove(this);
      switch (how) {
        case VALUE -> completed.incrementAndGet();
        case FAILED -> failed.incrementAndGet();
        case CANCELLED_KIND -> cancelledCount.incrementAndGet();
        default -> {
          // NEVER_SPAWNED: not counted
        }
      }
      ended.add(this);
      state.decrementAndGet();
      if (abandoned) {
        // read after the report was queued, as abandon() sets the flag before it drains: one
        // of the two takes the report, and an output nobody will receive is closed
        Throwable closing = closeAbandonedReports();
        if (closing != null) {
          throw new IllegalStateException(
              "closing an output of an abandoned task group failed", closing);
        }
      }
      Waker w = waker;
      if (w != null) {
        w.wake();
      }
    }

    @Override
    public String toString() {
      return "TaskGroup child #" + index + " (" + inner + ")";
    }
  }
}
