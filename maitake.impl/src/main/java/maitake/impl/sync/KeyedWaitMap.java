package maitake.impl.sync;

import java.util.Objects;
import maitake.future.Context;
import maitake.future.Poll;
import maitake.future.Waker;
import maitake.impl.util.WakerBatch;
import maitake.impl.util.Wakers;
import maitake.sync.Outcome;
import maitake.sync.WaitMap;
import maitake.sync.blocking.RawMutex;

/**
 * The {@link WaitMap}: an intrusive list of keyed waiters guarded by a raw lock; a wake searches
 * it for the key (linear in the number of waiters, as in the Rust crate).
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class KeyedWaitMap<K, V> implements WaitMap<K, V> {
  /*
   * Implementation overview
   *
   * Ported from maitake-sync's WaitMap (reference notes, 5.3). A wait registers under the lock:
   * CLOSED if the map is closed, DUPLICATE if a linked waiter has an equal key, else it links
   * itself. wake(key, v) unlinks the first waiter with an equal key, stores v in it and takes its
   * waker, then wakes it after the lock is released; with no match the value is handed back. A
   * wait abandoned after a value was stored in it keeps the value in undelivered.
   */
  private final RawMutex lock;
  private volatile boolean closed; // written under lock
  private final WaitList<MapWait<K, V>> waiters = new WaitList<>(); // under lock

  /**
   * An empty map.
   *
   * @param lock guards the waiters
   */
  public KeyedWaitMap(RawMutex lock) {
    this.lock = Objects.requireNonNull(lock, "lock");
  }

  @Override
  public Wait<V> await(K key) {
    return new MapWait<>(this, Objects.requireNonNull(key, "key"));
  }

  @Override
  public Outcome<V> wake(K key, V value) {
    Objects.requireNonNull(key, "key");
    Waker w;
    lock.lock();
    try {
      if (closed) {
        return Outcome.error(Outcome.Error.CLOSED, value);
      }
      MapWait<K, V> match = waiters.peekFirst();
      while (match != null && !match.key.equals(key)) {
        match = match.next;
      }
      if (match == null) {
        return Outcome.error(Outcome.Error.NO_MATCH, value);
      }
      waiters.remove(match);
      match.data = value;
      match.wakeup = MapWait.DATA;
      w = match.waker;
      match.waker = null;
    } finally {
      lock.unlock();
    }
    Wakers.wakeSafely(w);
    return Outcome.ok(null);
  }

  @Override
  public void close() {
    WakerBatch batch = WakerBatch.acquire();
    lock.lock();
    try {
      closed = true;
      MapWait<K, V> w;
      while ((w = waiters.pollFirst()) != null) {
        w.wakeup = MapWait.CLOSED;
        batch.add(w.waker);
        w.waker = null;
      }
    } finally {
      lock.unlock();
      batch.wakeAll();
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public String toString() {
    return "WaitMap(" + (closed ? "closed" : "open") + ")";
  }

  /** A keyed wait; its node is itself. */
  static final class MapWait<K, V> extends WaitList.Node<MapWait<K, V>> implements Wait<V> {
    static final int NONE = 0;
    static final int DATA = 1;
    static final int CLOSED = 2;
    private static final int START = 0;
    private static final int QUEUED = 1;
    private static final int DONE = 2;

    private final KeyedWaitMap<K, V> map;
    final K key;
    private int phase = START; // the owner
    private Outcome<V> result; // the owner, once DONE
    int wakeup = NONE; // under the lock
    V data; // under the lock
    Waker waker; // under the lock
    private V undelivered; // the owner

    MapWait(KeyedWaitMap<K, V> map, K key) {
      this.map = map;
      this.key = key;
    }

    @Override
    public Poll<Outcome<V>> poll(Context context) {
      return step(context.waker(), true);
    }

    @Override
    public Poll<Outcome<V>> subscribe() {
      return step(null, false);
    }

    private Poll<Outcome<V>> step(Waker w, boolean updateWaker) {
      if (phase == DONE) {
        Outcome.Error e = result.error();
        if (e == null) {
          return Poll.ready(Outcome.error(Outcome.Error.ALREADY_CONSUMED));
        }
        if (e == Outcome.Error.DUPLICATE || e == Outcome.Error.NEVER_ADDED) {
          return Poll.ready(result = Outcome.error(Outcome.Error.NEVER_ADDED));
        }
        return Poll.ready(result);
      }
      KeyedWaitMap<K, V> m = map;
      m.lock.lock();
      try {
        if (phase == START) {
          if (m.closed) {
            return done(Outcome.error(Outcome.Error.CLOSED));
          }
          for (MapWait<K, V> x = m.waiters.peekFirst(); x != null; x = x.next) {
            if (x.key.equals(key)) {
              return done(Outcome.error(Outcome.Error.DUPLICATE));
            }
          }
          waker = w;
          m.waiters.addLast(this);
          phase = QUEUED;
          return Poll.pending();
        }
        if (wakeup == DATA) {
          V v = data;
          data = null;
          return done(Outcome.ok(v));
        }
        if (wakeup == CLOSED) {
          return done(Outcome.error(Outcome.Error.CLOSED));
        }
        if (updateWaker && (waker == null || !waker.willWake(w))) {
          waker = w;
        }
        return Poll.pending();
      } finally {
        m.lock.unlock();
      }
    }

    private Poll<Outcome<V>> done(Outcome<V> o) {
      phase = DONE;
      result = o;
      return Poll.ready(o);
    }

    @Override
    public void abandon() {
      if (phase != QUEUED) {
        phase = DONE;
        if (result == null) {
          result = Outcome.error(Outcome.Error.CLOSED);
        }
        return;
      }
      KeyedWaitMap<K, V> m = map;
      m.lock.lock();
      try {
        if (!m.waiters.remove(this) && wakeup == DATA) {
          undelivered = data;
          data = null;
        }
        waker = null;
      } finally {
        m.lock.unlock();
      }
      phase = DONE;
      result = Outcome.error(Outcome.Error.CLOSED);
    }

    @Override
    public V takeUndelivered() {
      V v = undelivered;
      undelivered = null;
      return v;
    }
  }
}
