package maitake.future;

import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.Function;

/**
 * The future combinators behind {@link Future#map}, {@link Future#andThen}, {@link Futures#join}
 * and {@link Futures#select}. Package-private: users see them only as {@link Future}s.
 */
final class Combinators {
  /*
   * Implementation overview
   *
   * Every combinator keeps the children it has not finished with and forgets (nulls) each one as
   * soon as it completes, so abandon() can forward to exactly the unfinished ones and a completed
   * child is never touched again. join also keeps the outputs of completed members until it
   * completes; if it fails or is abandoned first, nobody will receive them, so the ones that are
   * AutoCloseable (a mutex guard, a permit) are closed. A child that throws is treated like the
   * Rust crate's panicking child: the combinator abandons every other unfinished child (and the
   * thrower, which is harmless because abandon is idempotent) and rethrows the exception unchanged.
   * join and select poll every unfinished child at each poll: O(n) per poll, which is what
   * futures-util's join_all does for small n.
   */

  private Combinators() {}

  /**
   * Names a combinator and the members still pending, for {@code toString} and task dumps: {@code
   * join(2 of 3 pending: [Sleep(...), Semaphore.acquire(1)(...)])}.
   */
  static String describeMembers(String name, Future<?>[] members) {
    StringBuilder b = new StringBuilder();
    int pending = 0;
    for (Future<?> m : members) {
      if (m != null) {
        b.append(pending++ == 0 ? "" : ", ").append(m);
      }
    }
    return pending == 0
        ? name + "(done)"
        : name + "(" + pending + " of " + members.length + " pending: [" + b + "])";
  }

  /** {@link Future#map}. */
  static final class MapFuture<T, R> implements Future<R> {
    private Future<T> source; // null once the source completed
    private final Function<? super T, ? extends R> fn;

    MapFuture(Future<T> source, Function<? super T, ? extends R> fn) {
      this.source = Objects.requireNonNull(source, "source");
      this.fn = Objects.requireNonNull(fn, "fn");
    }

    @Override
    public Poll<R> poll(Context context) {
      Future<T> s = source;
      if (s == null) {
        throw new IllegalStateException("map future polled after it completed");
      }
      Poll<T> p = s.poll(context);
      if (p.isPending()) {
        return Poll.pending();
      }
      source = null;
      return Poll.ready(fn.apply(p.value()));
    }

    @Override
    public void abandon() {
      Future<T> s = source;
      if (s != null) {
        source = null;
        s.abandon();
      }
    }

    @Override
    public String toString() {
      return source != null ? "map(" + source + ")" : "map(done)";
    }
  }

  /** {@link Future#andThen}. */
  static final class AndThenFuture<T, R> implements Future<R> {
    private Future<T> first; // null once the first stage completed
    private Future<R> second; // null until the first stage completed, and after completion
    private Function<? super T, ? extends Future<R>> fn;
    private boolean done;

    AndThenFuture(Future<T> first, Function<? super T, ? extends Future<R>> fn) {
      this.first = Objects.requireNonNull(first, "first");
      this.fn = Objects.requireNonNull(fn, "fn");
    }

    @Override
    public Poll<R> poll(Context context) {
      if (done) {
        throw new IllegalStateException("andThen future polled after it completed");
      }
      Future<T> f = first;
      if (f != null) {
        Poll<T> p = f.poll(context);
        if (p.isPending()) {
          return Poll.pending();
        }
        first = null;
        Function<? super T, ? extends Future<R>> make = fn;
        fn = null;
        second = Objects.requireNonNull(make.apply(p.value()), "andThen function returned null");
      }
      Poll<R> r = second.poll(context);
      if (r.isReady()) {
        second = null;
        done = true;
      }
      return r;
    }

    @Override
    public void abandon() {
      Future<T> f = first;
      Future<R> s = second;
      first = null;
      second = null;
      if (f != null) {
        f.abandon();
      }
      if (s != null) {
        s.abandon();
      }
    }

    @Override
    public String toString() {
      Future<T> f = first;
      Future<R> r = second;
      return f != null
          ? "andThen(" + f + ")"
          : r != null ? "andThen(then " + r + ")" : "andThen(done)";
    }
  }

  /** {@link Futures#join}. */
  static final class JoinFuture<T> implements Future<List<T>> {
    private final Future<? extends T>[] members; // slot nulled when that member completed
    private final Object[] results;
    private int remaining;

    JoinFuture(List<? extends Future<? extends T>> futures) {
      this.members = copyMembers(futures);
      this.results = new Object[members.length];
      this.remaining = members.length;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Poll<List<T>> poll(Context context) {
      if (remaining < 0) {
        throw new IllegalStateException("join future polled after it completed");
      }
      for (int i = 0; i < members.length && remaining > 0; i++) {
        Future<? extends T> m = members[i];
        if (m == null) {
          continue;
        }
        Poll<? extends T> p;
        try {
          p = m.poll(context);
        } catch (Throwable t) {
          remaining = -1;
          try {
            abandonAll(members);
          } catch (RuntimeException e) {
            t.addSuppressed(e);
          }
          Throwable closing = closeResults();
          if (closing != null) {
            t.addSuppressed(closing);
          }
          throw t;
        }
        if (p.isReady()) {
          results[i] = p.value();
          members[i] = null;
          remaining--;
        }
      }
      if (remaining > 0) {
        return Poll.pending();
      }
      remaining = -1;
      return Poll.ready(new Joined<>(results.clone()));
    }

    @Override
    public void abandon() {
      if (remaining < 0) {
        return; // completed (the outputs were handed over) or already failed
      }
      remaining = -1;
      RuntimeException first = null;
      try {
        abandonAll(members);
      } catch (RuntimeException e) {
        first = e;
      }
      Throwable closing = closeResults();
      if (closing != null) {
        if (first == null) {
          throw closing instanceof RuntimeException re
              ? re
              : new IllegalStateException("closing an output of an abandoned join failed", closing);
        }
        first.addSuppressed(closing);
      }
      if (first != null) {
        throw first;
      }
    }

    /**
     * Closes the AutoCloseable outputs of the members that completed, which nobody will receive
     * now; clears every result.
     *
     * @return what the first close threw (later ones suppressed in it), or null
     */
    private Throwable closeResults() {
      Throwable first = null;
      for (int i = 0; i < results.length; i++) {
        Object r = results[i];
        results[i] = null;
        first = ResourceCombinators.closeInto(r, first);
      }
      return first;
    }

    @Override
    public String toString() {
      return describeMembers("join", members);
    }
  }

  /**
   * The output of a join: an unmodifiable list that is also AutoCloseable, closing the elements
   * that are, so a join nested in a join whose outputs are dropped releases what it holds.
   */
  static final class Joined<T> extends AbstractList<T> implements RandomAccess, AutoCloseable {
    private final Object[] values;

    Joined(Object[] values) {
      this.values = values;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T get(int index) {
      return (T) values[index];
    }

    @Override
    public int size() {
      return values.length;
    }

    /** Closes every element that is AutoCloseable, in order; the first failure propagates. */
    @Override
    public void close() throws Exception {
      Exception first = null;
      for (Object v : values) {
        if (v instanceof AutoCloseable c) {
          try {
            c.close();
          } catch (Exception e) {
            if (first == null) {
              first = e;
            } else {
              first.addSuppressed(e);
            }
          }
        }
      }
      if (first != null) {
        throw first;
      }
    }
  }

  /** {@link Futures#select}. */
  static final class SelectFuture<T> implements Future<Selected<T>> {
    private final Future<? extends T>[] members; // all nulled once one completed or failed

    SelectFuture(List<? extends Future<? extends T>> futures) {
      if (futures.isEmpty()) {
        throw new IllegalArgumentException("select needs at least one future");
      }
      this.members = copyMembers(futures);
    }

    @Override
    public Poll<Selected<T>> poll(Context context) {
      for (int i = 0; i < members.length; i++) {
        Future<? extends T> m = members[i];
        if (m == null) {
          throw new IllegalStateException("select future polled after it completed");
        }
        Poll<? extends T> p;
        try {
          p = m.poll(context);
        } catch (Throwable t) {
          abandonAll(members);
          throw t;
        }
        if (p.isReady()) {
          members[i] = null; // the winner completed: it is not abandoned
          abandonAll(members);
          return Poll.ready(new Selected<>(i, p.value()));
        }
      }
      return Poll.pending();
    }

    @Override
    public void abandon() {
      abandonAll(members);
    }

    @Override
    public String toString() {
      return describeMembers("select", members);
    }
  }

  /** {@link Futures#joinSettled}. */
  static final class SettleFuture<T> implements Future<List<Settled<T>>> {
    private final Future<? extends T>[] members; // slot nulled when that member settled
    private final Object[] results; // Settled outcomes, in member order
    private int remaining; // -1 once completed, failed or abandoned

    SettleFuture(List<? extends Future<? extends T>> futures) {
      this.members = copyMembers(futures);
      this.results = new Object[members.length];
      this.remaining = members.length;
    }

    @Override
    public Poll<List<Settled<T>>> poll(Context context) {
      if (remaining < 0) {
        throw new IllegalStateException("settled join polled after it completed");
      }
      for (int i = 0; i < members.length && remaining > 0; i++) {
        Future<? extends T> m = members[i];
        if (m == null) {
          continue;
        }
        Poll<? extends T> p;
        try {
          p = m.poll(context);
        } catch (VirtualMachineError e) {
          remaining = -1;
          abandonAllInto(members, e);
          ResourceCombinators.closeInto(new Joined<>(results), e);
          throw e;
        } catch (Throwable t) {
          members[i] = null;
          ResourceCombinators.abandonInto(m, t);
          results[i] = Settled.failed(t);
          remaining--;
          continue;
        }
        if (p.isReady()) {
          members[i] = null;
          results[i] = Settled.succeeded(p.value());
          remaining--;
        }
      }
      if (remaining > 0) {
        return Poll.pending();
      }
      remaining = -1;
      return Poll.ready(new Joined<>(results.clone()));
    }

    @Override
    public void abandon() {
      if (remaining < 0) {
        return;
      }
      remaining = -1;
      Throwable first = null;
      try {
        abandonAll(members);
      } catch (RuntimeException e) {
        first = e;
      }
      Object[] settled = results.clone();
      java.util.Arrays.fill(results, null);
      ResourceCombinators.rethrow(ResourceCombinators.closeInto(new Joined<>(settled), first));
    }

    @Override
    public String toString() {
      return describeMembers("joinSettled", members);
    }
  }

  /** {@link Futures#race}. */
  static final class RaceFuture<T> implements Future<Selected<T>> {
    private final Future<? extends T>[] members; // slot nulled when that member failed
    private int remaining; // -1 once completed, failed or abandoned
    private Throwable failure; // the first member's failure, later ones suppressed in it

    RaceFuture(List<? extends Future<? extends T>> futures) {
      if (futures.isEmpty()) {
        throw new IllegalArgumentException("race needs at least one future");
      }
      this.members = copyMembers(futures);
      this.remaining = members.length;
    }

    @Override
    public Poll<Selected<T>> poll(Context context) {
      if (remaining < 0) {
        throw new IllegalStateException("race future polled after it completed");
      }
      for (int i = 0; i < members.length; i++) {
        Future<? extends T> m = members[i];
        if (m == null) {
          continue;
        }
        Poll<? extends T> p;
        try {
          p = m.poll(context);
        } catch (VirtualMachineError e) {
          remaining = -1;
          abandonAllInto(members, e);
          throw e;
        } catch (Throwable t) {
          members[i] = null;
          ResourceCombinators.abandonInto(m, t);
          if (failure == null) {
            failure = t;
          } else if (failure != t) {
            failure.addSuppressed(t);
          }
          if (--remaining == 0) {
            remaining = -1;
            Throwable f = failure;
            failure = null;
            ResourceCombinators.rethrow(f);
          }
          continue;
        }
        if (p.isReady()) {
          remaining = -1;
          members[i] = null; // the winner completed: it is not abandoned
          failure = null;
          abandonAll(members);
          return Poll.ready(new Selected<>(i, p.value()));
        }
      }
      return Poll.pending();
    }

    @Override
    public void abandon() {
      if (remaining < 0) {
        return;
      }
      remaining = -1;
      failure = null;
      abandonAll(members);
    }

    @Override
    public String toString() {
      return describeMembers("race", members);
    }
  }

  /** {@link Futures#pollFn}. */
  static final class PollFnFuture<T> implements Future<T> {
    private final Function<? super Context, ? extends Poll<T>> fn;

    PollFnFuture(Function<? super Context, ? extends Poll<T>> fn) {
      this.fn = Objects.requireNonNull(fn, "fn");
    }

    @Override
    public Poll<T> poll(Context context) {
      return Objects.requireNonNull(fn.apply(context), "pollFn function returned null");
    }

    @Override
    public String toString() {
      return "pollFn(" + fn + ")";
    }
  }

  /** The members of a join, select or race: the list copied, with a clear error for a null. */
  @SuppressWarnings("unchecked")
  static <T> Future<? extends T>[] copyMembers(List<? extends Future<? extends T>> futures) {
    Future<? extends T>[] members = futures.toArray(new Future[0]);
    for (int i = 0; i < members.length; i++) {
      Objects.requireNonNull(members[i], "future at index " + i + " is null");
    }
    return members;
  }

  /** {@link #abandonAll}, with what it throws suppressed in {@code into}. */
  static void abandonAllInto(Future<?>[] members, Throwable into) {
    try {
      abandonAll(members);
    } catch (RuntimeException e) {
      into.addSuppressed(e);
    }
  }

  /**
   * Abandons every non-null future in {@code members}, nulling the slots first so that a re-entrant
   * call does nothing. If one abandon throws, the others still run and the first exception is
   * rethrown with the later ones suppressed.
   */
  static void abandonAll(Future<?>[] members) {
    RuntimeException first = null;
    for (int i = 0; i < members.length; i++) {
      Future<?> m = members[i];
      if (m == null) {
        continue;
      }
      members[i] = null;
      try {
        m.abandon();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
