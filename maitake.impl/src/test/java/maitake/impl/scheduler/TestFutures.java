package maitake.impl.scheduler;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Poll;
import maitake.future.Waker;

/** Test doubles for driving tasks. */
final class TestFutures {
  private TestFutures() {}

  /** A waker that counts its wakes; it is its own context. */
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
   * A future that waits for an external event: pending (keeping the waker) until {@link #complete}
   * is called (from any thread); counts polls and abandons.
   */
  static final class ExternalEvent<T> implements Future<T> {
    final AtomicInteger polls = new AtomicInteger();
    final AtomicInteger abandons = new AtomicInteger();
    private volatile Waker waker;
    private volatile boolean done;
    private volatile T value;

    void complete(T v) {
      value = v;
      done = true;
      Waker w = waker;
      if (w != null) {
        w.wake();
      }
    }

    /** Wakes the stored waker without completing (a spurious wake). */
    void wakeOnly() {
      Waker w = waker;
      if (w != null) {
        w.wake();
      }
    }

    Waker waker() {
      return waker;
    }

    @Override
    public Poll<T> poll(Context context) {
      polls.incrementAndGet();
      waker = context.waker();
      if (done) {
        return Poll.ready(value);
      }
      return Poll.pending();
    }

    @Override
    public void abandon() {
      abandons.incrementAndGet();
      waker = null;
    }
  }

  /** A future that throws at its first poll; counts abandons. */
  static final class Throwing<T> implements Future<T> {
    final RuntimeException error;
    int abandons;

    Throwing(RuntimeException error) {
      this.error = error;
    }

    @Override
    public Poll<T> poll(Context context) {
      throw error;
    }

    @Override
    public void abandon() {
      abandons++;
    }
  }

  /** A future whose first poll says it started, then blocks until released, then is ready. */
  static Future<Void> longPoll(CountDownLatch inLongPoll, CountDownLatch release) {
    return cx -> {
      inLongPoll.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      return Poll.readyNull();
    };
  }
}
