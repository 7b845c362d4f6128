package maitake.impl.sync;

import java.util.Objects;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Poll;
import maitake.future.Waker;
import maitake.impl.util.Wakers;
import maitake.sync.Oneshot;
import maitake.sync.Outcome;
import maitake.sync.blocking.RawMutex;

/**
 * The {@link Oneshot}: a value slot, a state and the receiver's waker, under a raw lock.
 *
 * @param <T> the value type
 */
public final class LockedOneshot<T> implements Oneshot<T> {
  /*
   * Implementation overview
   *
   * state: EMPTY -> SENT (value stored) -> TAKEN (received); EMPTY -> SENDER_CLOSED; any state
   * but TAKEN -> RECEIVER_CLOSED (a stored value is dropped). Transitions under the lock; the
   * receiver's waker is taken under it and woken after.
   */
  private static final int EMPTY = 0;
  private static final int SENT = 1;
  private static final int TAKEN = 2;
  private static final int SENDER_CLOSED = 3;
  private static final int RECEIVER_CLOSED = 4;

  private final RawMutex lock;
  private int state; // under lock
  private T value; // under lock
  private Waker receiverWaker; // under lock

  /**
   * An empty oneshot.
   *
   * @param lock guards it
   */
  public LockedOneshot(RawMutex lock) {
    this.lock = Objects.requireNonNull(lock, "lock");
  }

  @Override
  public Outcome<T> send(T v) {
    Objects.requireNonNull(v, "value");
    Waker w;
    lock.lock();
    try {
      if (state != EMPTY) {
        return Outcome.error(Outcome.Failure.CLOSED, v);
      }
      value = v;
      state = SENT;
      w = receiverWaker;
      receiverWaker = null;
    } finally {
      lock.unlock();
    }
    Wakers.wakeSafely(w);
    return Outcome.ok(null);
  }

  @Override
  public Future<Outcome<T>> receive() {
    return new Future<>() {
      private boolean done;

      @Override
      public Poll<Outcome<T>> poll(Context context) {
        if (done) {
          throw new IllegalStateException("receive polled after it completed");
        }
        lock.lock();
        try {
          switch (state) {
            case SENT -> {
              T v = value;
              value = null;
              state = TAKEN;
              done = true;
              return Poll.ready(Outcome.ok(v));
            }
            case EMPTY -> {
              receiverWaker = context.waker();
              return Poll.pending();
            }
            default -> {
              done = true;
              return Poll.ready(Outcome.error(Outcome.Failure.CLOSED));
            }
          }
        } finally {
          lock.unlock();
        }
      }

      @Override
      public void abandon() {
        done = true;
      }
    };
  }

  @Override
  public void closeSender() {
    Waker w = null;
    lock.lock();
    try {
      if (state == EMPTY) {
        state = SENDER_CLOSED;
        w = receiverWaker;
        receiverWaker = null;
      }
    } finally {
      lock.unlock();
    }
    Wakers.wakeSafely(w);
  }

  @Override
  public void closeReceiver() {
    lock.lock();
    try {
      if (state != TAKEN) {
        state = RECEIVER_CLOSED;
        value = null;
        receiverWaker = null;
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    String[] names = {"empty", "sent", "taken", "sender closed", "receiver closed"};
    return "Oneshot(" + names[state] + ")";
  }
}
