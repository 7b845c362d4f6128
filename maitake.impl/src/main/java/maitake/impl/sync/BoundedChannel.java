package maitake.impl.sync;

import java.util.Objects;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Poll;
import maitake.future.Waker;
import maitake.impl.util.WakerBatch;
import maitake.impl.util.Wakers;
import maitake.sync.Channel;
import maitake.sync.Outcome;
import maitake.sync.blocking.RawMutex;

/**
 * The bounded MPSC {@link Channel}: a ring buffer, a FIFO of senders waiting for room and the
 * receiver's waker, all guarded by one raw lock.
 *
 * @param <T> the value type
 */
public final class BoundedChannel<T> implements Channel<T> {
  /*
   * Implementation overview
   *
   * Under the lock: buf[head .. head + count) holds the values; sendWaiters are sends that found
   * the buffer full (or other senders already waiting: no overtaking); receiverWaker is the
   * pending receive's waker.
   *
   * send: if closed -> CLOSED(value); if there is room and nobody waits -> append, take the
   * receiver's waker; else link and wait. receive: if a value is buffered, take it, and if a
   * sender waits, move its value into the freed slot (so waiting senders keep their order and the
   * buffer never exceeds its capacity) and take its waker; else if closed -> CLOSED; else store
   * the waker. Every waker runs after the lock is released.
   *
   * Closing (all senders released, a sender's closeChannel, or the receiver's close) wakes every
   * waiting sender with CLOSED (each hands its own value back) and the receiver, which drains
   * what is buffered before it sees CLOSED. The receiver's close also drops the buffer.
   */
  private final RawMutex lock;
  private final Object[] buf; // under lock
  private int head; // under lock
  private int count; // under lock
  private boolean closed; // under lock
  private int openSenders; // under lock
  private Waker receiverWaker; // under lock
  private final WaitList<Send<T>> sendWaiters = new WaitList<>(); // under lock
  private final Receiver<T> receiver = new ReceiverSide<>(this);

  /**
   * A channel.
   *
   * @param lock guards the channel
   * @param capacity at least 1
   */
  public BoundedChannel(RawMutex lock, int capacity) {
    this.lock = Objects.requireNonNull(lock, "lock");
    if (capacity < 1) {
      throw new IllegalArgumentException("channel capacity must be at least 1: " + capacity);
    }
    this.buf = new Object[capacity];
  }

  @Override
  public Sender<T> sender() {
    lock.lock();
    try {
      openSenders++;
    } finally {
      lock.unlock();
    }
    return new SenderSide<>(this);
  }

  @Override
  public Receiver<T> receiver() {
    return receiver;
  }

  @Override
  public int capacity() {
    return buf.length;
  }

  private void pushLocked(T v) {
    buf[(head + count) % buf.length] = v;
    count++;
  }

  @SuppressWarnings("unchecked")
  private T popLocked() {
    T v = (T) buf[head];
    buf[head] = null;
    head = (head + 1) % buf.length;
    count--;
    return v;
  }

  private Waker takeReceiverWakerLocked() {
    Waker w = receiverWaker;
    receiverWaker = null;
    return w;
  }

  /** Closes under the lock; collects every waiter's waker. */
  private void closeLocked(WakerBatch batch) {
    closed = true;
    Send<T> s;
    while ((s = sendWaiters.pollFirst()) != null) {
      s.closed = true;
      batch.add(s.waker);
      s.waker = null;
    }
    batch.add(takeReceiverWakerLocked());
  }

  void closeChannel(boolean dropBuffer) {
    WakerBatch batch = WakerBatch.acquire();
    lock.lock();
    try {
      closeLocked(batch);
      if (dropBuffer) {
        while (count > 0) {
          popLocked();
        }
      }
    } finally {
      lock.unlock();
      batch.wakeAll();
    }
  }

  Outcome<T> trySend(T value) {
    Objects.requireNonNull(value, "value");
    Waker w;
    lock.lock();
    try {
      if (closed) {
        return Outcome.error(Outcome.Error.CLOSED, value);
      }
      if (count == buf.length || !sendWaiters.isEmpty()) {
        return Outcome.error(Outcome.Error.FULL, value);
      }
      pushLocked(value);
      w = takeReceiverWakerLocked();
    } finally {
      lock.unlock();
    }
    Wakers.wakeSafely(w);
    return Outcome.ok(null);
  }

  /** Receives under the lock; null when nothing is buffered. */
  private T receiveLocked(WakerBatch batch) {
    if (count == 0) {
      return null;
    }
    T v = popLocked();
    Send<T> s = sendWaiters.pollFirst();
    if (s != null) {
      pushLocked(s.value);
      s.sent = true;
      batch.add(s.waker);
      s.waker = null;
    }
    return v;
  }

  Outcome<T> tryReceive() {
    WakerBatch batch = WakerBatch.acquire();
    lock.lock();
    try {
      T v = receiveLocked(batch);
      if (v != null) {
        return Outcome.ok(v);
      }
      return closed ? Outcome.error(Outcome.Error.CLOSED) : Outcome.error(Outcome.Error.EMPTY);
    } finally {
      lock.unlock();
      batch.wakeAll();
    }
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "Channel(" + count + "/" + buf.length + (closed ? ", closed" : "") + ", "
          + sendWaiters.size() + " senders waiting)";
    } finally {
      lock.unlock();
    }
  }

  /** A send; its node is itself. */
  static final class Send<T> extends WaitList.Node<Send<T>> implements Future<Outcome<T>> {
    private static final int START = 0;
    private static final int QUEUED = 1;
    private static final int DONE = 2;

    private final BoundedChannel<T> ch;
    T value; // handed to the buffer under the lock
    private int phase = START; // the owner
    boolean sent; // under the lock
    boolean closed; // under the lock
    Waker waker; // under the lock

    Send(BoundedChannel<T> ch, T value) {
      this.ch = ch;
      this.value = value;
    }

    @Override
    public Poll<Outcome<T>> poll(Context context) {
      if (phase == DONE) {
        throw new IllegalStateException("send polled after it completed");
      }
      Waker rw = null;
      ch.lock.lock();
      try {
        if (phase == START) {
          if (ch.closed) {
            return done(Outcome.error(Outcome.Error.CLOSED, value));
          }
          if (ch.count < ch.buf.length && ch.sendWaiters.isEmpty()) {
            ch.pushLocked(value);
            rw = ch.takeReceiverWakerLocked();
            return done(Outcome.ok(null));
          }
          waker = context.waker();
          ch.sendWaiters.addLast(this);
          phase = QUEUED;
          return Poll.pending();
        }
        if (sent) {
          return done(Outcome.ok(null));
        }
        if (closed) {
          return done(Outcome.error(Outcome.Error.CLOSED, value));
        }
        Waker w = context.waker();
        if (waker == null || !waker.willWake(w)) {
          waker = w;
        }
        return Poll.pending();
      } finally {
        ch.lock.unlock();
        Wakers.wakeSafely(rw);
      }
    }

    private Poll<Outcome<T>> done(Outcome<T> o) {
      phase = DONE;
      if (o.isOk()) {
        value = null;
      }
      return Poll.ready(o);
    }

    @Override
    public void abandon() {
      if (phase == QUEUED) {
        ch.lock.lock();
        try {
          ch.sendWaiters.remove(this);
          waker = null;
        } finally {
          ch.lock.unlock();
        }
      }
      phase = DONE;
    }
  }

  /** A receive: no node, the channel keeps the waker. */
  static final class Receive<T> implements Future<Outcome<T>> {
    private final BoundedChannel<T> ch;
    private boolean done;

    Receive(BoundedChannel<T> ch) {
      this.ch = ch;
    }

    @Override
    public Poll<Outcome<T>> poll(Context context) {
      if (done) {
        throw new IllegalStateException("receive polled after it completed");
      }
      WakerBatch batch = WakerBatch.acquire();
      ch.lock.lock();
      try {
        T v = ch.receiveLocked(batch);
        if (v != null) {
          done = true;
          return Poll.ready(Outcome.ok(v));
        }
        if (ch.closed) {
          done = true;
          return Poll.ready(Outcome.error(Outcome.Error.CLOSED));
        }
        ch.receiverWaker = context.waker();
        return Poll.pending();
      } finally {
        ch.lock.unlock();
        batch.wakeAll();
      }
    }

    @Override
    public void abandon() {
      done = true;
    }
  }

  private static final class SenderSide<T> implements Sender<T> {
    private final BoundedChannel<T> ch;
    private boolean released; // the owner

    SenderSide(BoundedChannel<T> ch) {
      this.ch = ch;
    }

    @Override
    public Future<Outcome<T>> send(T value) {
      return new Send<>(ch, Objects.requireNonNull(value, "value"));
    }

    @Override
    public Outcome<T> trySend(T value) {
      return ch.trySend(value);
    }

    @Override
    public void closeChannel() {
      ch.closeChannel(false);
    }

    @Override
    public synchronized void close() {
      if (released) {
        return;
      }
      released = true;
      WakerBatch batch = WakerBatch.acquire();
      ch.lock.lock();
      try {
        if (--ch.openSenders == 0) {
          ch.closeLocked(batch);
        }
      } finally {
        ch.lock.unlock();
        batch.wakeAll();
      }
    }
  }

  private static final class ReceiverSide<T> implements Receiver<T> {
    private final BoundedChannel<T> ch;

    ReceiverSide(BoundedChannel<T> ch) {
      this.ch = ch;
    }

    @Override
    public Future<Outcome<T>> receive() {
      return new Receive<>(ch);
    }

    @Override
    public Outcome<T> tryReceive() {
      return ch.tryReceive();
    }

    @Override
    public void close() {
      ch.closeChannel(true);
    }
  }
}
