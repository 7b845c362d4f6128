package maitake.future;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Futures for everyday use: constants, {@link #pollFn}, yielding, join, select and race, holding a
 * resource across a future ({@link #bracket}), laziness and loops ({@link #defer}, {@link #loop}),
 * the bridge from {@link CompletionStage}, and {@link #blockOn} for {@code main} methods and tests.
 * The instance combinators are on {@link Future}: {@code map}, {@code andThen}, {@code andFinally},
 * {@code recover} and {@code handle}.
 *
 * <h2>Abandonment at every stage</h2>
 *
 * <p>Every combinator forwards {@link Future#abandon()} to the child that is running and never
 * polls a child again after it completed. The ones that hold something across a poll (a resource in
 * {@link #bracket}, the outputs of completed members in {@link #join}) release it on every exit:
 * completion, a child that throws, and abandonment. So a chain built from them keeps no permit,
 * guard or timer slot once it is abandoned, as long as each resource is held by a combinator (a
 * {@code bracket}, {@code Semaphore.withPermits}, {@code Mutex.withLock}) rather than captured by a
 * lambda that is never run.
 *
 * <h2>Memory consistency effects and thread safety</h2>
 *
 * <p>A combinator has no synchronization of its own: it is polled and abandoned by one thread at a
 * time, as every future, and runs its children and the user's functions on that thread, in program
 * order. What a child did before it completed happens-before the next stage starts.
 *
 * <p>The bridge the other way, from a task to a {@link java.util.concurrent.CompletableFuture}, is
 * {@link maitake.task.JoinHandle#toCompletableFuture()}: spawn the future, then convert its handle.
 */
public final class Futures {

  private static final Future<Object> PENDING_FOREVER =
      new Future<>() {
        @Override
        public Poll<Object> poll(Context context) {
          return Poll.pending();
        }

        @Override
        public String toString() {
          return "Futures.pending()";
        }
      };

  private Futures() {}

  /**
   * A future that is ready at its first poll.
   *
   * @param value the value, may be null
   * @param <T> the value type
   * @return a future completing with {@code value}; polling it again returns the value again
   */
  public static <T> Future<T> ready(T value) {
    Poll<T> p = Poll.ready(value);
    return context -> p;
  }

  /**
   * A future that never completes and never registers its waker.
   *
   * @param <T> the value type
   * @return the shared never-completing future
   */
  @SuppressWarnings("unchecked")
  public static <T> Future<T> pending() {
    return (Future<T>) PENDING_FOREVER;
  }

  /**
   * A future whose every poll calls {@code fn}.
   *
   * @param fn computes each poll's result; must register the context's waker before it returns
   *     pending, and must not return null
   * @param <T> the value type
   * @return a future delegating to {@code fn}
   */
  public static <T> Future<T> pollFn(Function<? super Context, ? extends Poll<T>> fn) {
    return new Combinators.PollFnFuture<>(fn);
  }

  /**
   * Yields once: returns pending once (waking itself), then completes.
   *
   * @return a new {@link Yield} of one; keep and {@link Yield#reset(int) reset} it to avoid
   *     allocating in a loop
   */
  public static Yield yieldNow() {
    return new Yield(1);
  }

  /**
   * A future that completes when all of {@code futures} have, with their values in order.
   *
   * <p>Every poll polls each member that has not completed. If a member throws, every other member
   * that has not completed is abandoned and the exception propagates unchanged. Abandoning the join
   * abandons every member that has not completed.
   *
   * <p>Outputs are handed over only when all members have completed. If the join fails or is
   * abandoned before that, the outputs of the members that had completed are never handed to
   * anyone, so those that are {@link AutoCloseable} (a {@link maitake.sync.MutexGuard}, a permit)
   * are closed: a join never keeps a lock or a permit that nobody can release. What a close throws
   * is suppressed in the failure (or, when abandoned, thrown by {@code abandon} after every member
   * was abandoned and every output closed).
   *
   * @param futures the members; the list is copied
   * @param <T> the value type
   * @return a future of the values, in the order of {@code futures} (an unmodifiable list that may
   *     contain nulls)
   * @throws NullPointerException if the list or a member is null
   */
  public static <T> Future<List<T>> join(List<? extends Future<? extends T>> futures) {
    Objects.requireNonNull(futures, "futures");
    return new Combinators.JoinFuture<>(futures);
  }

  /**
   * Varargs form of {@link #join(List)}.
   *
   * @param futures the members
   * @param <T> the value type
   * @return a future of the values, in order
   */
  @SafeVarargs
  public static <T> Future<List<T>> join(Future<? extends T>... futures) {
    return join(Arrays.asList(futures));
  }

  /**
   * A future that completes with the first of {@code futures} to complete; the others are
   * abandoned.
   *
   * <p>Members are polled in list order, so when several are ready in one poll the earliest in the
   * list wins (a biased select), and the poll stops at the winner: a loser is never polled to
   * completion, so it never holds an output that would be lost; it is abandoned, and passes on
   * whatever it was granted but had not delivered. If a member throws, the others are abandoned and
   * the exception propagates. Abandoning the select abandons every member.
   *
   * @param futures the candidates, at least one; the list is copied
   * @param <T> the value type
   * @return a future of the winner's index and value
   * @throws IllegalArgumentException if {@code futures} is empty
   * @throws NullPointerException if the list or a member is null
   */
  public static <T> Future<Selected<T>> select(List<? extends Future<? extends T>> futures) {
    Objects.requireNonNull(futures, "futures");
    return new Combinators.SelectFuture<>(futures);
  }

  /**
   * Varargs form of {@link #select(List)}.
   *
   * @param futures the candidates
   * @param <T> the value type
   * @return a future of the winner's index and value
   */
  @SafeVarargs
  public static <T> Future<Selected<T>> select(Future<? extends T>... futures) {
    return select(Arrays.asList(futures));
  }

  /**
   * A future that waits for all of {@code futures} and reports how each ended, value or exception,
   * instead of failing at the first exception (JavaScript's {@code Promise.allSettled}).
   *
   * <p><b>Fairness:</b> every poll polls each member that has not settled, in list order.
   * <b>Cancellation:</b> abandoning it abandons every member that has not settled and closes the
   * {@link AutoCloseable} values of those that completed (nobody will receive them); what an
   * abandon or close throws propagates from {@code abandon()} after all of them were done. A member
   * that throws is abandoned and settles as failed; the others go on. A {@link VirtualMachineError}
   * is not settled: it abandons every member, closes what completed and propagates. <b>Memory
   * consistency effects</b> and <b>thread safety:</b> as every combinator (see the class
   * documentation).
   *
   * @param futures the members; the list is copied
   * @param <T> the value type
   * @return a future of one {@link Settled} per member, in order (an unmodifiable list that is
   *     {@link AutoCloseable}: closing it closes every value that is)
   * @throws NullPointerException if the list or a member is null
   */
  public static <T> Future<List<Settled<T>>> joinSettled(
      List<? extends Future<? extends T>> futures) {
    Objects.requireNonNull(futures, "futures");
    return new Combinators.SettleFuture<>(futures);
  }

  /**
   * Varargs form of {@link #joinSettled(List)}.
   *
   * @param futures the members
   * @param <T> the value type
   * @return a future of how each member ended, in order
   */
  @SafeVarargs
  public static <T> Future<List<Settled<T>>> joinSettled(Future<? extends T>... futures) {
    return joinSettled(Arrays.asList(futures));
  }

  /**
   * A future that completes with the first of {@code futures} to complete with a value; unlike
   * {@link #select}, a member that throws is dropped from the race instead of ending it, and the
   * race fails only when every member has failed (JavaScript's {@code Promise.any}): for hedged
   * requests and fallbacks.
   *
   * <p><b>Fairness:</b> members are polled in list order, so when several complete in one poll the
   * earliest in the list wins, and the poll stops at the winner (a loser is never polled to
   * completion). <b>Cancellation:</b> the losers are abandoned when the winner completes, and pass
   * on whatever they were granted; a member that throws is abandoned at once; abandoning the race
   * abandons every member still running. When every member has failed, the race throws the first
   * failure with the later ones suppressed in it. A {@link VirtualMachineError} ends the race at
   * once: every member is abandoned and it propagates. <b>Memory consistency effects</b> and
   * <b>thread safety:</b> as every combinator (see the class documentation).
   *
   * @param futures the candidates, at least one; the list is copied
   * @param <T> the value type
   * @return a future of the winner's index and value
   * @throws IllegalArgumentException if {@code futures} is empty
   * @throws NullPointerException if the list or a member is null
   */
  public static <T> Future<Selected<T>> race(List<? extends Future<? extends T>> futures) {
    Objects.requireNonNull(futures, "futures");
    return new Combinators.RaceFuture<>(futures);
  }

  /**
   * Varargs form of {@link #race(List)}.
   *
   * @param futures the candidates
   * @param <T> the value type
   * @return a future of the winner's index and value
   */
  @SafeVarargs
  public static <T> Future<Selected<T>> race(Future<? extends T>... futures) {
    return race(Arrays.asList(futures));
  }

  /**
   * Acquires a resource, runs a body with it, and releases it on every exit: the async
   * try-with-resources.
   *
   * <p>The returned future polls {@code acquire} until it completes, applies {@code body} to the
   * resource, polls the body's future until it completes, then closes the resource and completes
   * with the body's value. The resource is closed exactly once, whichever way the bracket ends.
   *
   * <p><b>Cancellation,</b> by stage: abandoned while acquiring, it abandons {@code acquire} (the
   * kit's acquire futures then pass on what they were granted) and {@code body} never runs;
   * abandoned while the body runs, it abandons the body's future first and then closes the
   * resource, so the body never outlives what it was handed; after completion it does nothing. If
   * {@code acquire} throws, {@code body} never runs. If {@code body} or its future throws, the
   * resource is closed and the exception propagates with what close threw suppressed in it. If only
   * the close throws, the bracket fails with that exception (and closes the body's value if that is
   * {@link AutoCloseable}, since it will not be delivered); on abandonment, what the body's abandon
   * or the close throws propagates from {@code abandon()} after both were done. A null resource is
   * handed to the body and not closed.
   *
   * <p><b>Fairness:</b> as {@code acquire}'s, then none of its own. <b>Memory consistency
   * effects:</b> the acquisition happens-before the body starts, and everything the body did
   * happens-before the close. <b>Thread safety:</b> as every combinator (see the class
   * documentation); the resource is closed on the thread that polls or abandons the bracket.
   *
   * <pre>{@code
   * Future<String> job = Futures.bracket(pool.acquire(1), permit ->  // an Outcome<Permit>
   *     timer.timeout(Duration.ofMillis(50), work()));              // closed on every exit
   * }</pre>
   *
   * @param acquire a future of the resource (a lock future, an acquire's {@code Outcome})
   * @param body makes the future that uses the resource; applied once, must not return null
   * @param <A> the resource type
   * @param <T> the value type
   * @return the bracketed future
   * @throws NullPointerException if an argument is null
   */
  public static <A extends AutoCloseable, T> Future<T> bracket(
      Future<? extends A> acquire, Function<? super A, ? extends Future<T>> body) {
    return new ResourceCombinators.BracketFuture<>(acquire, body);
  }

  /**
   * A future built on its first poll: {@code supplier} runs then, on the polling thread, and the
   * future it returns is polled from there on.
   *
   * <p><b>Cancellation:</b> abandoned before its first poll, it never calls {@code supplier} and
   * holds nothing; after, it abandons the built future if that has not completed. If {@code
   * supplier} throws or returns null, the first poll throws. <b>Fairness, memory consistency
   * effects</b> and <b>thread safety:</b> as every combinator (see the class documentation).
   *
   * @param supplier makes the future; called at most once
   * @param <T> the value type
   * @return the deferred future
   * @throws NullPointerException if {@code supplier} is null
   */
  public static <T> Future<T> defer(Supplier<? extends Future<T>> supplier) {
    return new ResourceCombinators.DeferFuture<>(supplier);
  }

  /**
   * A loop: while {@code condition} holds for the state, runs the future {@code step} makes of it
   * and takes its value as the next state; completes with the first state for which the condition
   * is false (the initial one if it is false at once).
   *
   * <p>No recursion and nothing allocated per turn beyond what {@code step} makes. Turns whose step
   * completes at once run in the same poll, but after 64 of them the loop wakes itself and returns
   * pending, so a loop whose steps never wait still lets its scheduler run other tasks.
   *
   * <p><b>Cancellation:</b> abandoning the loop abandons the step that is running (or nothing,
   * between steps) and no further step is made. If {@code condition}, {@code step} or a step's
   * future throws, the loop fails with that exception (the step's future abandoned). The loop
   * closes no state: a state is the step's once it was handed to it. <b>Fairness, memory
   * consistency effects</b> and <b>thread safety:</b> as every combinator (see the class
   * documentation).
   *
   * <pre>{@code
   * Future<Integer> tenNaps = Futures.loop(0, n -> n < 10,
   *     n -> timer.sleep(Duration.ofMillis(5)).map(v -> n + 1));
   * }</pre>
   *
   * @param initial the first state, may be null
   * @param condition tested before every turn, on the polling thread
   * @param step makes the future of the next state; must not return null
   * @param <S> the state type
   * @return a future of the final state
   * @throws NullPointerException if {@code condition} or {@code step} is null
   */
  public static <S> Future<S> loop(
      S initial, Predicate<? super S> condition, Function<? super S, ? extends Future<S>> step) {
    return new ResourceCombinators.LoopFuture<>(initial, condition, step);
  }

  /**
   * Awaits a {@link CompletionStage} as a future, without blocking any thread.
   *
   * <p>The first poll registers a completion callback on the stage; the callback stores the outcome
   * and wakes the most recent waker. If the stage failed, the poll throws its exception: a {@link
   * CompletionException} is unwrapped to its cause, which is thrown as it is when it is unchecked
   * and wrapped in a {@code CompletionException} otherwise. Abandoning the future forgets the
   * waker; it does not cancel the stage, which others may share.
   *
   * @param stage the stage to await
   * @param <T> the value type
   * @return a future of the stage's value
   */
  public static <T> Future<T> fromStage(CompletionStage<T> stage) {
    Objects.requireNonNull(stage, "stage");
    return new StageFuture<>(stage);
  }

  /**
   * Polls {@code future} on the calling thread until it completes, parking the thread while it is
   * pending. For {@code main} methods and tests: a thread inside a scheduler's tick (or in any
   * other {@link NonBlockingRegion}) is refused, because it would park the very thread that must
   * run the work it waits for.
   *
   * <p>If the future throws, it is abandoned and the exception propagates. An interrupt does not
   * stop the wait; the thread's interrupt status is restored before returning.
   *
   * @param future the future to run
   * @param <T> the value type
   * @return its value
   * @throws IllegalStateException if the calling thread is inside a {@link NonBlockingRegion}, for
   *     example in a task's poll; the future is not polled
   */
  public static <T> T blockOn(Future<T> future) {
    Objects.requireNonNull(future, "future");
    if (NonBlockingRegion.isInside()) {
      throw new IllegalStateException(
          "Futures.blockOn called on "
              + Thread.currentThread().getName()
              + ", which is inside a scheduler tick (or another non-blocking region): "
              + "it would park the thread that must run the work; await the future from a task");
    }
    ThreadWaker waker = new ThreadWaker(Thread.currentThread());
    boolean interrupted = false;
    try {
      for (; ; ) {
        waker.notified = false;
        Poll<T> p;
        try {
          p = future.poll(waker);
        } catch (Throwable t) {
          future.abandon();
          throw t;
        }
        if (p.isReady()) {
          return p.value();
        }
        while (!waker.notified) {
          LockSupport.park(waker);
          if (Thread.interrupted()) {
            interrupted = true;
          }
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The waker of {@link #blockOn}: a flag plus an unpark; it is its own context. */
  private static final class ThreadWaker implements Waker, Context {
    private final Thread thread;
    volatile boolean notified; // written by wakers (true) and the blocked thread (false)

    ThreadWaker(Thread thread) {
      this.thread = thread;
    }

    @Override
    public void wake() {
      notified = true;
      LockSupport.unpark(thread);
    }

    @Override
    public Waker waker() {
      return this;
    }

    @Override
    public String toString() {
      return "blockOn waker of " + thread.getName();
    }
  }

  /** {@link #fromStage}. */
  private static final class StageFuture<T> implements Future<T>, BiConsumer<T, Throwable> {
    /*
     * Implementation overview
     *
     * poll stores the current waker and then reads the state; the completion callback writes
     * the outcome and the state and then reads the waker. Both pairs are volatile, so at least
     * one side sees the other: either poll sees DONE, or the callback sees the new waker. No
     * wakeup is lost, and a callback that runs inline inside whenComplete (the stage was
     * already complete) is seen by the re-check in the same poll.
     */
    private static final int NEW = 0;
    private static final int REGISTERED = 1;
    private static final int DONE = 2;
    private static final int ABANDONED = 3;

    private final CompletionStage<T> stage;
    private volatile int state; // NEW -> REGISTERED by poll; -> DONE by callback; -> ABANDONED
    private volatile Waker waker; // written by poll, read by the callback
    private T value; // written before state = DONE
    private Throwable error; // written before state = DONE

    StageFuture(CompletionStage<T> stage) {
      this.stage = stage;
    }

    @Override
    public Poll<T> poll(Context context) {
      if (state == ABANDONED) {
        throw new IllegalStateException("polled after abandon");
      }
      if (state != DONE) {
        waker = context.waker();
        if (state == NEW) {
          state = REGISTERED;
          stage.whenComplete(this);
        }
        if (state != DONE) {
          return Poll.pending();
        }
      }
      Throwable e = error;
      if (e != null) {
        if (e instanceof CompletionException && e.getCause() != null) {
          e = e.getCause();
        }
        if (e instanceof RuntimeException re) {
          throw re;
        }
        if (e instanceof Error err) {
          throw err;
        }
        throw new CompletionException(e);
      }
      return Poll.ready(value);
    }

    @Override
    public void accept(T v, Throwable e) {
      if (state == ABANDONED) {
        return;
      }
      value = v;
      error = e;
      state = DONE;
      Waker w = waker;
      if (w != null) {
        waker = null;
        w.wake();
      }
    }

    @Override
    public void abandon() {
      if (state != DONE) {
        state = ABANDONED;
        waker = null;
      }
    }
  }
}
