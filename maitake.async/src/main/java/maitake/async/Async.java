package maitake.async;

import java.util.Objects;
import java.util.concurrent.CompletionException;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Poll;

/**
 * Async blocks: a {@link Future} written as ordinary Java code that awaits other futures.
 *
 * <pre>{@code
 * Future<String> job = Async.async(() -> {
 *   Semaphore.Permit p = Async.await(pool.acquire(1)).value();
 *   try {
 *     Async.await(timer.sleep(Duration.ofMillis(10)));
 *     return "done";
 *   } finally {
 *     p.close();                       // runs on completion, failure and cancellation
 *   }
 * });
 * scheduler.spawn(job);
 * }</pre>
 *
 * <p>{@link #await} polls the future with the block's waker; while it is pending, the block is
 * suspended (on the JDK's one-shot continuation) and the block's future returns pending. When the
 * waker fires and the block's future is polled again, the block resumes where it was, on the thread
 * that polls it: a worker ticking a scheduler, or a test ticking a {@code LocalScheduler} against a
 * {@code TestClock}. There are still no hidden threads, and time is still injected.
 *
 * <h2>Fairness</h2>
 *
 * A block runs only when its future is polled, for as long as it does not wait; a block that never
 * awaits a pending future holds its poller until it returns.
 *
 * <h2>Cancellation</h2>
 *
 * Abandoning the block's future abandons the future it awaits (which passes on what it was
 * granted), then resumes the block with an {@link AsyncCancellationException} thrown from that
 * {@code await}, so its {@code finally} blocks and try-with-resources run, before {@code abandon()}
 * returns. An {@code await} during that unwinding throws it again at once (no suspension inside
 * clean-up). A block that catches it and returns normally is still cancelled. What the clean-up
 * throws (other than the cancellation) propagates from {@code abandon()}. A block abandoned before
 * its first poll never runs.
 *
 * <h2>Memory consistency effects</h2>
 *
 * What the block did before it suspended happens-before it resumes, on whichever thread: the
 * future's polls are ordered as every future's are.
 *
 * <h2>Thread safety</h2>
 *
 * As every future: polled and abandoned by one thread at a time; the block may resume on a
 * different thread after each suspension, so do not await while holding a monitor ({@code
 * synchronized}) or a thread-bound lock: whether the JVM refuses that depends on the JDK (JDK 25
 * does not), so it is not checked. Where the JVM cannot suspend the block (a native frame, such as
 * a class initializer, is on its stack), {@code await} of a pending future fails with an {@link
 * IllegalStateException} that says so, and the awaited future is abandoned.
 */
public final class Async {
  private static final ThreadLocal<AsyncFuture<?>> CURRENT = new ThreadLocal<>();

  private Async() {}

  /**
   * The body of an async block.
   *
   * @param <T> the value type
   */
  @FunctionalInterface
  public interface Block<T> {
    /**
     * Runs the block; may call {@link Async#await}.
     *
     * @return the block's value
     * @throws Exception to fail the block's future: unchecked exceptions propagate from its poll as
     *     they are, checked ones wrapped in a {@link CompletionException}
     */
    T run() throws Exception;
  }

  /**
   * A future that runs {@code body} when first polled, suspending it while it awaits.
   *
   * @param body the code of the block
   * @param <T> the value type
   * @return the block's future
   * @throws IllegalStateException if the JDK's continuation cannot be reached: the message names
   *     the flag to add (and the JDK version needed)
   * @throws NullPointerException if {@code body} is null
   */
  public static <T> Future<T> async(Block<T> body) {
    Objects.requireNonNull(body, "body");
    Continuations.check();
    return new AsyncFuture<>(body);
  }

  /**
   * Awaits {@code future} inside an async block: polls it with the block's waker and, while it is
   * pending, suspends the block until the waker fires.
   *
   * @param future the future to await; it is polled only from here until it completes
   * @param <T> the value type
   * @return its value
   * @throws AsyncCancellationException if the block's future was abandoned (now, or while this
   *     await was suspended)
   * @throws IllegalStateException if called outside an async block, or where the block cannot
   *     suspend (inside {@code synchronized}, or below a native frame)
   * @throws RuntimeException whatever {@code future} throws, as it is
   */
  public static <T> T await(Future<T> future) {
    Objects.requireNonNull(future, "future");
    AsyncFuture<?> self = CURRENT.get();
    if (self == null) {
      throw new IllegalStateException(
          "Async.await called outside an async block (on "
              + Thread.currentThread().getName()
              + "): poll the future, or wrap the code in "
              + "Async.async");
    }
    return self.await(future);
  }

  /**
   * @return whether the calling code runs inside an async block
   */
  public static boolean inAsyncBlock() {
    return CURRENT.get() != null;
  }

  /** The future of a block. */
  private static final class AsyncFuture<T> implements Future<T> {
    /*
     * Implementation overview
     *
     * The block runs inside a continuation that poll runs (or resumes) on the polling thread,
     * with CURRENT set to this future for the length of that run. await polls the awaited
     * future with the context of the poll that is running the block; when it is pending, it
     * records the future in awaiting and yields, which returns control to poll (pending).
     * abandon sets cancelling, abandons the awaited future, and resumes the continuation once
     * more: the await that was suspended throws the cancellation, the block unwinds through its
     * finally blocks (any further await throws at once), and the continuation ends before
     * abandon returns. A block that awaits another block runs the inner one's continuation
     * inside its own; a yield suspends the innermost, so each await suspends its own block.
     */
    private static final int NEW = 0;
    private static final int STARTED = 1;
    private static final int DONE = 2;

    private Block<T> body; // null once started
    private Object continuation;
    private int state = NEW;
    private Context context; // of the poll that is running the block
    private Future<?> awaiting; // the pending future the block is suspended on
    private boolean cancelling;
    private T value;
    private Throwable failure;

    AsyncFuture(Block<T> body) {
      this.body = body;
    }

    @Override
    public Poll<T> poll(Context cx) {
      if (state == DONE) {
        throw new IllegalStateException("async block polled after it completed");
      }
      if (state == NEW) {
        Block<T> b = body;
        body = null;
        state = STARTED;
        continuation = Continuations.create(() -> runBody(b));
      }
      context = cx;
      runOnThisThread();
      if (!Continuations.isDone(continuation)) {
        return Poll.pending();
      }
      state = DONE;
      continuation = null;
      Throwable f = failure;
      if (f != null) {
        failure = null;
        if (f instanceof RuntimeException e) {
          throw e;
        }
        if (f instanceof Error e) {
          throw e;
        }
        throw new CompletionException(f);
      }
      T v = value;
      value = null;
      return Poll.ready(v);
    }

    private void runOnThisThread() {
      AsyncFuture<?> previous = CURRENT.get();
      CURRENT.set(this);
      try {
        Continuations.run(continuation);
      } finally {
        CURRENT.set(previous);
      }
    }

    private void runBody(Block<T> b) {
      try {
        value = b.run();
      } catch (Throwable t) {
        failure = t;
      }
    }

    <R> R await(Future<R> f) {
      if (cancelling) {
        abandonQuietly(f);
        throw new AsyncCancellationException(
            "async block cancelled: no await during its " + "clean-up");
      }
      for (; ; ) {
        Poll<R> p;
        try {
          p = f.poll(context);
        } catch (Throwable t) {
          abandonQuietly(f);
          throw t;
        }
        if (p.isReady()) {
          return p.value();
        }
        awaiting = f;
        boolean suspended = Continuations.suspend();
        awaiting = null;
        if (!suspended) {
          abandonQuietly(f);
          throw new IllegalStateException(
              "an async block cannot suspend here: the JVM pinned it (a native frame, such as a"
                  + " class initializer, is on its stack, or the JDK pins held monitors); await"
                  + " outside it");
        }
        if (cancelling) {
          throw new AsyncCancellationException("async block cancelled while awaiting " + f);
        }
      }
    }

    private static void abandonQuietly(Future<?> f) {
      try {
        f.abandon();
      } catch (RuntimeException e) {
        // the await fails anyway; the abandon's failure must not hide why
      }
    }

    @Override
    public void abandon() {
      if (state == DONE) {
        return;
      }
      if (state == NEW) {
        state = DONE;
        body = null; // never started: nothing to release
        return;
      }
      if (CURRENT.get() == this) {
        cancelling = true; // abandoned from inside its own run: its next await throws
        return;
      }
      cancelling = true;
      Throwable first = null;
      Future<?> f = awaiting;
      awaiting = null;
      if (f != null) {
        try {
          f.abandon();
        } catch (Throwable t) {
          first = t;
        }
      }
      runOnThisThread(); // the suspended await throws; the block unwinds
      state = DONE;
      boolean ended = Continuations.isDone(continuation);
      continuation = null;
      Throwable f2 = failure;
      failure = null;
      Object v = value;
      value = null;
      if (v instanceof AutoCloseable c) { // a block that swallowed the cancellation
        try {
          c.close();
        } catch (Throwable t) {
          f2 = f2 == null ? t : f2;
        }
      }
      if (f2 != null && !(f2 instanceof AsyncCancellationException)) {
        first = first == null ? f2 : first;
      }
      if (!ended) {
        throw new IllegalStateException(
            "an abandoned async block suspended again instead of " + "ending");
      }
      if (first instanceof RuntimeException e) {
        throw e;
      }
      if (first instanceof Error e) {
        throw e;
      }
      if (first != null) {
        throw new IllegalStateException("the clean-up of an abandoned async block failed", first);
      }
    }

    @Override
    public String toString() {
      Future<?> f = awaiting;
      return state == DONE
          ? "Async(done)"
          : f != null
              ? "Async(awaiting " + f + ")"
              : state == NEW ? "Async(not started)" : "Async(running)";
    }
  }
}
