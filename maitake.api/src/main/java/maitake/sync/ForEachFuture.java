package maitake.sync;

import java.util.Objects;
import java.util.function.Function;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Poll;

/**
 * {@link Channel.Receiver#forEach}: receive, run the action's future, repeat until CLOSED.
 *
 * <p>One field holds what runs now (the receive or the action), nulled before anything
 * user-supplied is called, so a re-entrant {@code abandon()} finds nothing to do. At most {@link
 * #MAX_TURNS_PER_POLL} values are handled per poll before the future wakes itself and yields, as
 * {@code Futures.loop} does.
 */
final class ForEachFuture<T> implements Future<Long> {
  static final int MAX_TURNS_PER_POLL = 64;

  private final Channel.Receiver<T> receiver;
  private final Function<? super T, ? extends Future<?>> action;
  private Future<Outcome<T>> receiving; // the pending receive, or null
  private Future<?> acting; // the running action, or null
  private long handled;
  private boolean done;

  ForEachFuture(Channel.Receiver<T> receiver, Function<? super T, ? extends Future<?>> action) {
    this.receiver = receiver;
    this.action = Objects.requireNonNull(action, "action");
  }

  @Override
  public Poll<Long> poll(Context context) {
    if (done) {
      throw new IllegalStateException("forEach future polled after it completed");
    }
    for (int turns = 0; ; ) {
      Future<?> a = acting;
      if (a == null) {
        Future<Outcome<T>> r = receiving;
        if (r == null) {
          r = receiver.receive();
          receiving = r;
        }
        Poll<Outcome<T>> got;
        try {
          got = r.poll(context);
        } catch (Throwable t) {
          fail(r, t);
          throw t;
        }
        if (got.isPending()) {
          return Poll.pending();
        }
        receiving = null;
        Outcome<T> o = got.value();
        if (!o.isOk()) {
          done = true; // CLOSED: closed and drained
          return Poll.ready(handled);
        }
        try {
          a = Objects.requireNonNull(action.apply(o.value()), "forEach action returned null");
        } catch (Throwable t) {
          done = true;
          throw t;
        }
        acting = a;
      }
      Poll<?> p;
      try {
        p = a.poll(context);
      } catch (Throwable t) {
        fail(a, t);
        throw t;
      }
      if (p.isPending()) {
        return Poll.pending();
      }
      acting = null;
      handled++;
      if (p.value() instanceof AutoCloseable c) {
        try {
          c.close(); // the output nobody receives
        } catch (RuntimeException e) {
          done = true;
          throw e;
        } catch (Exception e) {
          done = true;
          throw new IllegalStateException("closing the output of a forEach action failed", e);
        }
      }
      if (++turns == MAX_TURNS_PER_POLL) {
        context.waker().wake();
        return Poll.pending();
      }
    }
  }

  private void fail(Future<?> thrower, Throwable t) {
    done = true;
    receiving = null;
    acting = null;
    try {
      thrower.abandon();
    } catch (Throwable e) {
      if (e != t) {
        t.addSuppressed(e);
      }
    }
  }

  @Override
  public void abandon() {
    if (done) {
      return;
    }
    done = true;
    Future<?> running = acting != null ? acting : receiving;
    acting = null;
    receiving = null;
    if (running != null) {
      running.abandon();
    }
  }

  @Override
  public String toString() {
    return "forEach("
        + handled
        + " handled, "
        + (acting != null ? "running " + acting : "receiving")
        + ")";
  }
}
