package maitake.future;

import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The combinators that hold something across a poll and must let go of it on every exit: {@link
 * Future#andFinally}, {@link Future#recover} / {@link Future#handle}, {@link Futures#bracket},
 * {@link Futures#defer} and {@link Futures#loop}. Package-private: users see them only as {@link
 * Future}s.
 */
final class ResourceCombinators {
  /*
   * Implementation overview
   *
   * Each combinator is a small state machine whose one field for "what runs now" is nulled
   * before anything user-supplied is called, so that a re-entrant abandon() (a user callback
   * that abandons the combinator, a close that wakes the task) finds nothing left to do and a
   * clean-up never runs twice. The rules every one of them keeps:
   *
   * - a child that threw is abandoned (harmless: abandon is idempotent) and the exception
   *   propagates, with what any clean-up threw suppressed in it;
   * - a value that was produced but will not be delivered (the clean-up after it threw) is
   *   closed when it is AutoCloseable, as join does with the outputs it will not hand over;
   * - abandon() abandons the running child first and releases what the combinator holds
   *   second, so that a child that is handed a resource (a body given a permit) never outlives
   *   it; what the release throws propagates from abandon() after both were done.
   *
   * bracket is the Rust crate's "drop the guard when the future holding it is dropped", made
   * explicit: the resource is a field of the combinator, not a capture of a user lambda that
   * nobody will run once the chain is abandoned. loop and the channel's forEach run turns that
   * complete at once in the same poll, but wake themselves and return pending after
   * MAX_TURNS_PER_POLL of them, so a loop whose steps never wait still gives its scheduler
   * back (tokio's cooperative budget, per future).
   */

  /** Turns a loop may complete in one poll before it yields to its scheduler. */
  static final int MAX_TURNS_PER_POLL = 64;

  private ResourceCombinators() {}

  /** {@link Future#andFinally}. */
  static final class FinallyFuture<T> implements Future<T> {
    private Future<T> inner; // null once completed, failed or abandoned
    private Runnable action; // null once run

    FinallyFuture(Future<T> inner, Runnable action) {
      this.inner = Objects.requireNonNull(inner, "inner");
      this.action = Objects.requireNonNull(action, "action");
    }

    @Override
    public Poll<T> poll(Context context) {
      Future<T> f = inner;
      if (f == null) {
        throw new IllegalStateException("andFinally future polled after it completed");
      }
      Poll<T> p;
      try {
        p = f.poll(context);
      } catch (Throwable t) {
        inner = null;
        abandonInto(f, t);
        runInto(takeAction(), t);
        throw t;
      }
      if (p.isPending()) {
        return p;
      }
      inner = null;
      try {
        takeAction().run();
      } catch (Throwable t) {
        closeInto(p.value(), t);
        throw t;
      }
      return p;
    }

    @Override
    public void abandon() {
      Future<T> f = inner;
      if (f == null) {
        return;
      }
      inner = null;
      Throwable first = null;
      try {
        f.abandon();
      } catch (Throwable t) {
        first = t;
      }
      first = runInto(takeAction(), first);
      rethrow(first);
    }

    private Runnable takeAction() {
      Runnable a = action;
      action = null;
      return a;
    }

    @Override
    public String toString() {
      return "andFinally(" + inner + ")";
    }
  }

  /** {@link Future#recover} (handler null) and {@link Future#handle} (recovery null). */
  static final class HandleFuture<T, R> implements Future<R> {
    private Future<T> inner; // null once completed, failed or abandoned
    private final BiFunction<? super T, ? super Throwable, ? extends R> handler;
    private final Function<? super Throwable, ? extends R> recovery;
    private boolean done;

    HandleFuture(
        Future<T> inner,
        BiFunction<? super T, ? super Throwable, ? extends R> handler,
        Function<? super Throwable, ? extends R> recovery) {
      this.inner = Objects.requireNonNull(inner, "inner");
      this.handler = handler;
      this.recovery = recovery;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Poll<R> poll(Context context) {
      if (done) {
        throw new IllegalStateException(
            (handler != null ? "handle" : "recover") + " future polled after it completed");
      }
      Future<T> f = inner;
      Poll<T> p;
      try {
        p = f.poll(context);
      } catch (VirtualMachineError e) {
        done = true;
        inner = null;
        abandonInto(f, e);
        throw e;
      } catch (Throwable t) {
        done = true;
        inner = null;
        abandonInto(f, t);
        return Poll.ready(handler != null ? handler.apply(null, t) : recovery.apply(t));
      }
      if (p.isPending()) {
        return Poll.pending();
      }
      done = true;
      inner = null;
      return handler != null ? Poll.ready(handler.apply(p.value(), null)) : (Poll<R>) p;
    }

    @Override
    public void abandon() {
      Future<T> f = inner;
      if (f != null) {
        inner = null;
        done = true;
        f.abandon();
      }
    }

    @Override
    public String toString() {
      return (handler != null ? "handle(" : "recover(") + (inner != null ? inner : "done") + ")";
    }
  }

  /** {@link Futures#bracket}. */
  static final class BracketFuture<A extends AutoCloseable, T> implements Future<T> {
    private Future<? extends A> acquire; // null once acquired (or given up)
    private Function<? super A, ? extends Future<T>> body; // null once applied
    private A resource; // held while the body runs; null once released
    private Future<T> running; // the body's future; null before and after it runs
    private boolean done;

    BracketFuture(Future<? extends A> acquire, Function<? super A, ? extends Future<T>> body) {
      this.acquire = Objects.requireNonNull(acquire, "acquire");
      this.body = Objects.requireNonNull(body, "body");
    }

    @Override
    public Poll<T> poll(Context context) {
      if (done) {
        throw new IllegalStateException("bracket future polled after it completed");
      }
      Future<? extends A> a = acquire;
      if (a != null) {
        Poll<? extends A> p;
        try {
          p = a.poll(context);
        } catch (Throwable t) {
          done = true;
          acquire = null;
          abandonInto(a, t);
          throw t;
        }
        if (p.isPending()) {
          return Poll.pending();
        }
        // From here the resource is this combinator's: every exit below releases it.
        acquire = null;
        resource = p.value();
        Function<? super A, ? extends Future<T>> make = body;
        body = null;
        try {
          running = Objects.requireNonNull(make.apply(resource), "bracket body returned null");
        } catch (Throwable t) {
          done = true;
          releaseInto(t);
          throw t;
        }
      }
      Future<T> r = running;
      Poll<T> p;
      try {
        p = r.poll(context);
      } catch (Throwable t) {
        done = true;
        running = null;
        abandonInto(r, t);
        releaseInto(t);
        throw t;
      }
      if (p.isPending()) {
        return Poll.pending();
      }
      done = true;
      running = null;
      Throwable failed = releaseInto(null);
      if (failed != null) {
        closeInto(p.value(), failed);
        rethrow(failed);
      }
      return p;
    }

    @Override
    public void abandon() {
      if (done) {
        return;
      }
      done = true;
      Future<? extends A> a = acquire;
      Future<T> r = running;
      acquire = null;
      running = null;
      body = null;
      Throwable first = null;
      try {
        if (a != null) {
          a.abandon(); // the acquire passes on whatever it was granted
        } else if (r != null) {
          r.abandon(); // the body first: it must not outlive the resource it was handed
        }
      } catch (Throwable t) {
        first = t;
      }
      rethrow(releaseInto(first));
    }

    /**
     * Closes the resource once; what close throws is suppressed in {@code into}, or returned when
     * {@code into} is null.
     */
    private Throwable releaseInto(Throwable into) {
      A res = resource;
      resource = null;
      return closeInto(res, into);
    }

    @Override
    public String toString() {
      return acquire != null
          ? "bracket(acquiring " + acquire + ")"
          : running != null
              ? "bracket(holding " + resource + ", running " + running + ")"
              : done ? "bracket(done)" : "bracket(holding " + resource + ", starting the body)";
    }
  }

  /** {@link Futures#defer}. */
  static final class DeferFuture<T> implements Future<T> {
    private Supplier<? extends Future<T>> make; // null once called
    private Future<T> inner; // null before the first poll and after completion
    private boolean done;

    DeferFuture(Supplier<? extends Future<T>> make) {
      this.make = Objects.requireNonNull(make, "supplier");
    }

    @Override
    public Poll<T> poll(Context context) {
      if (done) {
        throw new IllegalStateException("deferred future polled after it completed");
      }
      Future<T> f = inner;
      if (f == null) {
        Supplier<? extends Future<T>> m = make;
        make = null;
        done = true; // until the supplier returned: a failing supplier fails for good
        f = Objects.requireNonNull(m.get(), "defer supplier returned null");
        inner = f;
        done = false;
      }
      Poll<T> p;
      try {
        p = f.poll(context);
      } catch (Throwable t) {
        done = true;
        inner = null;
        abandonInto(f, t);
        throw t;
      }
      if (p.isReady()) {
        done = true;
        inner = null;
      }
      return p;
    }

    @Override
    public void abandon() {
      make = null; // never built: nothing to release
      done = true;
      Future<T> f = inner;
      if (f != null) {
        inner = null;
        f.abandon();
      }
    }

    @Override
    public String toString() {
      return inner != null ? "defer(" + inner + ")" : done ? "defer(done)" : "defer(not started)";
    }
  }

  /** {@link Futures#loop}. */
  static final class LoopFuture<S> implements Future<S> {
    private S state;
    private final Predicate<? super S> condition;
    private final Function<? super S, ? extends Future<S>> step;
    private Future<S> current; // the running step, or null between steps
    private boolean done;

    LoopFuture(
        S initial, Predicate<? super S> condition, Function<? super S, ? extends Future<S>> step) {
      this.state = initial;
      this.condition = Objects.requireNonNull(condition, "condition");
      this.step = Objects.requireNonNull(step, "step");
    }

    @Override
    public Poll<S> poll(Context context) {
      if (done) {
        throw new IllegalStateException("loop future polled after it completed");
      }
      for (int turns = 0; ; ) {
        Future<S> c = current;
        if (c == null) {
          boolean more;
          try {
            more = condition.test(state);
            if (more) {
              c = Objects.requireNonNull(step.apply(state), "loop step returned null");
            }
          } catch (Throwable t) {
            done = true;
            state = null;
            throw t;
          }
          if (!more) {
            done = true;
            S s = state;
            state = null;
            return Poll.ready(s);
          }
          current = c;
        }
        Poll<S> p;
        try {
          p = c.poll(context);
        } catch (Throwable t) {
          done = true;
          current = null;
          state = null;
          abandonInto(c, t);
          throw t;
        }
        if (p.isPending()) {
          return Poll.pending();
        }
        current = null;
        state = p.value();
        if (++turns == MAX_TURNS_PER_POLL) {
          context.waker().wake(); // give the scheduler back; the next poll goes on
          return Poll.pending();
        }
      }
    }

    @Override
    public void abandon() {
      if (done) {
        return;
      }
      done = true;
      state = null;
      Future<S> c = current;
      if (c != null) {
        current = null;
        c.abandon();
      }
    }

    @Override
    public String toString() {
      return done
          ? "loop(done)"
          : "loop(state " + state + (current != null ? ", step " + current : "") + ")";
    }
  }

  /** Abandons {@code f}, suppressing what that throws in {@code into}. */
  static void abandonInto(Future<?> f, Throwable into) {
    try {
      f.abandon();
    } catch (Throwable e) {
      if (e != into) {
        into.addSuppressed(e);
      }
    }
  }

  /**
   * Closes {@code value} if it is {@link AutoCloseable}. What close throws is suppressed in {@code
   * into} when that is not null, and returned otherwise.
   *
   * @return {@code into}, or what close threw when {@code into} was null, or null
   */
  static Throwable closeInto(Object value, Throwable into) {
    if (value instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Throwable e) {
        if (into == null) {
          return e;
        }
        into.addSuppressed(e);
      }
    }
    return into;
  }

  /** Runs {@code action}; like {@link #closeInto} for what it throws. */
  static Throwable runInto(Runnable action, Throwable into) {
    try {
      action.run();
    } catch (Throwable e) {
      if (into == null) {
        return e;
      }
      into.addSuppressed(e);
    }
    return into;
  }

  /**
   * Throws {@code t} if not null: unchecked as it is, a checked exception (which only a resource's
   * close can throw here) wrapped in an {@link IllegalStateException}.
   */
  static void rethrow(Throwable t) {
    if (t != null) {
      rethrowUnchecked(t);
    }
  }

  /**
   * Throws {@code t} as it is, checked or not (a poll can only throw a checked exception that was
   * thrown sneakily, and a combinator passes it on unchanged).
   *
   * @return never; typed so that callers can write {@code throw propagate(t)}
   */
  @SuppressWarnings("unchecked")
  static <E extends Throwable> RuntimeException propagate(Throwable t) throws E {
    throw (E) t;
  }

  /** {@link #rethrow} for a throwable known to be non-null, typed to be thrown by callers. */
  static RuntimeException rethrowUnchecked(Throwable t) {
    if (t instanceof RuntimeException e) {
      throw e;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException("releasing a resource failed", t);
  }
}
