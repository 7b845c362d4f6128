package maitake.impl.sync;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Poll;
import maitake.future.Waker;
import maitake.sync.Channel;
import maitake.sync.Channel.ReusableReceive;
import maitake.sync.Channel.ReusableSend;
import maitake.sync.Outcome;
import maitake.sync.blocking.RawMutex;

/**
 * The bounded MPSC {@link Channel}: a ring buffer and the receiver's waker, plus the {@link
 * WaitEngine}'s FIFO of senders waiting for room, all guarded by one raw lock.
 *
 * @param <T> the value type
 */
public final class BoundedChannel<T> extends WaitEngine<BoundedChannel.Send<T>>
    implements Channel<T> {
  /*
   * Implementation overview
   *
   * Under the lock: buf[head .. head + count) holds the values (modulo buf.length); the ring
   * starts small and doubles up to the capacity, so a large bound costs nothing until it is
   * used; the engine's queue holds sends that found the buffer full (or other senders already
   * waiting: no overtaking); receiverWaker is the pending receive's waker.
   *
   * send (the engine's register, tryGrantLocked): closed -> CLOSED (the value handed back);
   * room and nobody waiting -> append, defer the receiver's waker, GRANTED; else queue.
   * receive: if a value is buffered, take it, and if a sender waits, move its value into the
   * freed slot (so waiting senders keep their order and the buffer never exceeds its capacity)
   * and grant that send; else if closed -> CLOSED; else store the waker. Every waker runs after
   * the lock is released.
   *
   * Closing (every sender handle released, a sender's closeChannel, or the receiver's close)
   * completes every waiting send with CLOSED (each hands its own value back) and wakes the
   * receiver, which drains what is buffered before it sees CLOSED. The receiver's close also
   * drops the buffer. count and closed are also read without the lock, by toString only.
   */
  private static final int INITIAL_RING = 16;

  private final int capacity;
  private Object[] buf; // under lock
  private int head; // under lock
  private int count; // under lock (opaque writes: toString reads it without the lock)
  private volatile boolean closed; // written under lock
  private int openSenders; // under lock
  private Waker receiverWaker; // under lock
  private final Receiver<T> receiver = new ReceiverSide<>(this);

  /**
   * A channel.
   *
   * @param lock guards the channel
   * @param capacity at least 1
   */
  public BoundedChannel(RawMutex lock, int capacity) {
    super(lock);
    if (capacity < 1) {
      throw new IllegalArgumentException("channel capacity must be at least 1: " + capacity);
    }
    this.capacity = capacity;
    this.buf = new Object[Math.min(capacity, INITIAL_RING)];
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
    return capacity;
  }

  private void pushLocked(T v) {
    if (count == buf.length) {
      grow();
    }
    buf[(head + count) % buf.length] = v;
    COUNT.setOpaque(this, count + 1);
  }

  private void grow() {
    Object[] bigger = new Object[(int) Math.min(capacity, 2L * buf.length)];
    for (int i = 0; i < count; i++) {
      bigger[i] = buf[(head + i) % buf.length];
    }
    buf = bigger;
    head = 0;
  }

  @SuppressWarnings("unchecked")
  private T popLocked() {
    T v = (T) buf[head];
    buf[head] = null;
    head = (head + 1) % buf.length;
    COUNT.setOpaque(this, count - 1);
    return v;
  }

  /** Closes under the lock: completes every waiting send and wakes the receiver. */
  private void closeLocked() {
    closed = true;
    completeAllLocked(CLOSED);
    deferLocked(takeReceiverWakerLocked());
  }

  private Waker takeReceiverWakerLocked() {
    Waker w = receiverWaker;
    receiverWaker = null;
    return w;
  }

  void closeChannel(boolean dropBuffer) {
    lock.lock();
    try {
      closeLocked();
      if (dropBuffer) {
        while (count > 0) {
          popLocked();
        }
      }
    } finally {
      unlockAndWake();
    }
  }

  Outcome<T> trySend(T value) {
    Objects.requireNonNull(value, "value");
    lock.lock();
    try {
      if (closed) {
        return Outcome.error(Outcome.Failure.CLOSED, value);
      }
      if (count == capacity || !isEmptyLocked()) {
        return Outcome.error(Outcome.Failure.FULL, value);
      }
      pushLocked(value);
      deferLocked(takeReceiverWakerLocked());
    } finally {
      unlockAndWake();
    }
    return Outcome.ok(null);
  }

  /** Receives under the lock; null when nothing is buffered. */
  private T receiveLocked() {
    if (count == 0) {
      return null;
    }
    T v = popLocked();
    Send<T> s = firstLocked();
    if (s != null) {
      pushLocked(s.value); // the oldest waiting send takes the freed slot
      completeLocked(s, GRANTED);
    }
    return v;
  }

  Outcome<T> tryReceive() {
    lock.lock();
    try {
      T v = receiveLocked();
      if (v != null) {
        return Outcome.ok(v);
      }
      return closed ? Outcome.error(Outcome.Failure.CLOSED) : Outcome.error(Outcome.Failure.EMPTY);
    } finally {
      unlockAndWake();
    }
  }

  @Override
  public String toString() {
    return "Channel("
        + (int) COUNT.getOpaque(this)
        + "/"
        + capacity
        + (closed ? ", closed" : "")
        + ", "
        + sizeRacy()
        + " senders waiting)";
  }

  // ---------------------------------------------------------------------------------------
  // Engine hooks (sends)

  @Override
  int tryGrantLocked(Send<T> s) {
    if (closed) {
      return CLOSED;
    }
    if (count < capacity && isEmptyLocked()) {
      pushLocked(s.value);
      deferLocked(takeReceiverWakerLocked());
      return GRANTED;
    }
    return PENDING;
  }

  /**
   * Receives for its owner: the value, or {@link #CLOSED_MARK} once closed and drained, or null
   * after storing {@code k} to be woken.
   */
  private Object receiveOrWait(Waker k) {
    lock.lock();
    try {
      T v = receiveLocked();
      if (v != null) {
        return v;
      }
      if (closed) {
        return CLOSED_MARK;
      }
      receiverWaker = k;
      return null;
    } finally {
      unlockAndWake();
    }
  }

  /** What {@link #receiveOrWait} returns once the channel is closed and drained. */
  private static final Object CLOSED_MARK = new Object();

  private static final Outcome<?> SENT = Outcome.ok(null);

  /**
   * A send; its node is itself. A reusable one (from {@link Sender#reusableSend()}) keeps its
   * handle and one result cell, and {@link #reset} makes its node new again.
   */
  static final class Send<T> extends WaitEngine.Waiter<Send<T>>
      implements Future<Outcome<T>>, ReusableSend<T> {
    private final BoundedChannel<T> ch;
    private final SenderSide<T> handle; // null for a one-shot send
    private final Poll.Ready<Outcome<T>> cell; // null for a one-shot send
    T value; // moved into the buffer under the lock

    /** A one-shot send of {@code value}. */
    Send(BoundedChannel<T> ch, T value) {
      this.ch = ch;
      this.handle = null;
      this.cell = null;
      this.value = value;
    }

    /** A reusable send, not armed. */
    Send(SenderSide<T> handle) {
      this.ch = handle.ch;
      this.handle = handle;
      this.cell = Poll.cell();
      this.phase = DONE; // not armed: reset arms it
    }

    @Override
    public Send<T> reset(T v) {
      Objects.requireNonNull(v, "value");
      if (handle == null) {
        throw new UnsupportedOperationException(
            "only a send from Channel.Sender.reusableSend() can be reset");
      }
      handle.checkOpen();
      ch.renew(this); // throws while the previous send is pending
      value = v;
      return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Poll<Outcome<T>> poll(Context context) {
      if (cell != null && phase == DONE) {
        throw new IllegalStateException(
            "Channel.reusableSend polled while not armed: arm it with reset(value) before "
                + "the first poll and after each time it is ready");
      }
      int st = ch.poll(this, context.waker());
      if (st == PENDING) {
        return Poll.pending();
      }
      T v = value;
      value = null;
      Outcome<T> o = st == GRANTED ? (Outcome<T>) SENT : Outcome.error(Outcome.Failure.CLOSED, v);
      return cell != null ? cell.fill(o) : Poll.ready(o);
    }

    @Override
    public void abandon() {
      ch.abandon(this); // a queued send is unlinked and its value is not sent
      value = null;
    }

    @Override
    String describe() {
      return cell != null ? "Channel.reusableSend" : "Channel.send";
    }
  }

  /** A receive: no node, the channel keeps the one receiver's waker. */
  static final class Receive<T> implements Future<Outcome<T>> {
    private final BoundedChannel<T> ch;
    private boolean done; // the owner

    Receive(BoundedChannel<T> ch) {
      this.ch = ch;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Poll<Outcome<T>> poll(Context context) {
      if (done) {
        throw new IllegalStateException(
            "Channel.receive polled after it completed: a future "
                + "must not be polled again once it returned ready");
      }
      Object r = ch.receiveOrWait(context.waker());
      if (r == null) {
        return Poll.pending();
      }
      done = true;
      return Poll.ready(
          r == CLOSED_MARK ? Outcome.error(Outcome.Failure.CLOSED) : Outcome.ok((T) r));
    }

    @Override
    public void abandon() {
      done = true; // nothing is taken before the poll that returns it
    }

    @Override
    public String toString() {
      return "Channel.receive(" + (done ? "done" : "pending") + ", " + ch + ")";
    }
  }

  /** A reusable receive: the value itself, or null once closed and drained; one result cell. */
  static final class ReusableReceiveFuture<T> implements ReusableReceive<T> {
    private final BoundedChannel<T> ch;
    private final Poll.Ready<T> cell = Poll.cell();
    private boolean done; // the owner

    ReusableReceiveFuture(BoundedChannel<T> ch) {
      this.ch = ch;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Poll<T> poll(Context context) {
      if (done) {
        throw new IllegalStateException(
            "Channel.reusableReceive polled after it returned ready or was abandoned: "
                + "reset() it before polling again");
      }
      Object r = ch.receiveOrWait(context.waker());
      if (r == null) {
        return Poll.pending();
      }
      done = true;
      return cell.fill(r == CLOSED_MARK ? null : (T) r);
    }

    @Override
    public ReusableReceiveFuture<T> reset() {
      done = false;
      return this;
    }

    @Override
    public void abandon() {
      done = true; // nothing is taken before the poll that returns it
    }

    @Override
    public String toString() {
      return "Channel.reusableReceive(" + (done ? "done" : "armed") + ", " + ch + ")";
    }
  }

  private static final class SenderSide<T> implements Sender<T> {
    private final BoundedChannel<T> ch;
    private volatile boolean released;

    SenderSide(BoundedChannel<T> ch) {
      this.ch = ch;
    }

    private void checkOpen() {
      if (released) {
        throw new IllegalStateException(
            "this sender handle was closed: take a new one from " + "Channel.sender()");
      }
    }

    @Override
    public Future<Outcome<T>> send(T value) {
      checkOpen();
      return new Send<>(ch, Objects.requireNonNull(value, "value"));
    }

    @Override
    public ReusableSend<T> reusableSend() {
      checkOpen();
      return new Send<>(this);
    }

    @Override
    public Outcome<T> trySend(T value) {
      checkOpen();
      return ch.trySend(value);
    }

    @Override
    public void closeChannel() {
      checkOpen();
      ch.closeChannel(false);
    }

    @Override
    public synchronized void close() {
      if (released) {
        return;
      }
      released = true;
      BoundedChannel<T> c = ch;
      c.lock.lock();
      try {
        if (--c.openSenders == 0) {
          c.closeLocked();
        }
      } finally {
        c.unlockAndWake();
      }
    }

    @Override
    public String toString() {
      return "Channel.Sender(" + (released ? "closed" : "open") + ", " + ch + ")";
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
    public ReusableReceive<T> reusableReceive() {
      return new ReusableReceiveFuture<>(ch);
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

  private static final VarHandle COUNT;

  static {
    try {
      COUNT = MethodHandles.lookup().findVarHandle(BoundedChannel.class, "count", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
