package maitake.impl.sync;

import java.util.concurrent.atomic.AtomicInteger;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Poll;
import maitake.future.Waker;

/** Mock wakers that count wakes, and a poll helper. */
final class Mock implements Waker, Context {
  final AtomicInteger wakes = new AtomicInteger();

  @Override
  public void wake() {
    wakes.incrementAndGet();
  }

  @Override
  public Waker waker() {
    return this;
  }

  int wakes() {
    return wakes.get();
  }

  /** Polls {@code f} with this waker. */
  <T> Poll<T> poll(Future<T> f) {
    return f.poll(this);
  }

  /** Polls {@code f} and requires it to be ready; returns the value. */
  <T> T ready(Future<T> f) {
    Poll<T> p = f.poll(this);
    if (p.isPending()) {
      throw new AssertionError("expected ready: " + f);
    }
    return p.value();
  }

  /** Polls {@code f} and requires it to be pending. */
  <T> void pending(Future<T> f) {
    if (f.poll(this).isReady()) {
      throw new AssertionError("expected pending: " + f);
    }
  }
}
