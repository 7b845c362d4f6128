package maitake.future;

import java.util.concurrent.atomic.AtomicInteger;

/** Test doubles for the future protocol. */
final class TestFutures {
  private TestFutures() {}

  /** A waker that counts its wakes. */
  static final class CountingWaker implements Waker, Context {
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
  }

  /**
   * A future completed by the test: pending (storing the waker) until {@link #complete} or {@link
   * #fail}; counts polls and abandons.
   */
  static final class ManualFuture<T> implements Future<T> {
    int polls;
    int abandons;
    Waker waker;
    private boolean done;
    private T value;
    private RuntimeException failure;

    void complete(T v) {
      value = v;
      done = true;
      if (waker != null) {
        waker.wake();
      }
    }

    void fail(RuntimeException e) {
      failure = e;
      if (waker != null) {
        waker.wake();
      }
    }

    @Override
    public Poll<T> poll(Context context) {
      polls++;
      if (failure != null) {
        throw failure;
      }
      if (done) {
        return Poll.ready(value);
      }
      waker = context.waker();
      return Poll.pending();
    }

    @Override
    public void abandon() {
      abandons++;
      waker = null;
    }
  }
}
