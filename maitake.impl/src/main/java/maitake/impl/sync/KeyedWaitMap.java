package maitake.impl.sync;

import java.util.Objects;
import maitake.future.Context;
import maitake.future.Poll;
import maitake.sync.Outcome;
import maitake.sync.WaitMap;
import maitake.sync.blocking.RawMutex;

/**
 * The {@link WaitMap}: the {@link WaitEngine}'s list of keyed waiters; a wake searches it for the
 * key (linear in the number of waiters, as in the Rust crate).
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class KeyedWaitMap<K, V> extends WaitEngine<KeyedWaitMap.MapWait<K, V>>
    implements WaitMap<K, V> {
  /*
   * Implementation overview
   *
   * Ported from the WaitMap of hawkw/mycelium maitake-sync/src/wait_map.rs. A wait
   * registers under the lock (tryGrantLocked): CLOSED if the map is closed, DUPLICATE if a
   * queued waiter has an equal key, else it is queued. wake(key, v) finds the first queued
   * waiter with an equal key, stores v in it and grants it; with no match the value is handed
   * back. A wait abandoned after a value was stored in it keeps the value for
   * takeUndelivered() (passOnLocked).
   */
  static final int DUPLICATE = FIRST_OWN_STATUS;

  private volatile boolean closed; // written under lock

  /**
   * An empty map.
   *
   * @param lock guards the waiters
   */
  public KeyedWaitMap(RawMutex lock) {
    super(lock);
  }

  @Override
  public Wait<V> await(K key) {
    return new MapWait<>(this, Objects.requireNonNull(key, "key"));
  }

  @Override
  public Outcome<V> wake(K key, V value) {
    Objects.requireNonNull(key, "key");
    lock.lock();
    try {
      if (closed) {
        return Outcome.error(Outcome.Failure.CLOSED, value);
      }
      MapWait<K, V> match = find(key);
      if (match == null) {
        return Outcome.error(Outcome.Failure.NO_MATCH, value);
      }
      match.data = value;
      completeLocked(match, GRANTED);
    } finally {
      unlockAndWake();
    }
    return Outcome.ok(null);
  }

  private MapWait<K, V> find(K key) {
    for (MapWait<K, V> w = firstLocked(); w != null; w = nextLocked(w)) {
      if (w.key.equals(key)) {
        return w;
      }
    }
    return null;
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      completeAllLocked(CLOSED);
    } finally {
      unlockAndWake();
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public String toString() {
    return "WaitMap(" + (closed ? "closed" : "open") + ", " + sizeRacy() + " waiting)";
  }

  @Override
  int tryGrantLocked(MapWait<K, V> w) {
    if (closed) {
      return CLOSED;
    }
    return find(w.key) != null ? DUPLICATE : PENDING;
  }

  @Override
  void passOnLocked(MapWait<K, V> w, int status) {
    if (status == GRANTED) {
      w.undelivered = w.data;
      w.data = null;
    }
  }

  /** A keyed wait; its node is itself. */
  static final class MapWait<K, V> extends WaitEngine.Waiter<MapWait<K, V>> implements Wait<V> {
    private final KeyedWaitMap<K, V> map;
    final K key;
    V data; // written under the lock before the grant; read by the owner after it
    private V undelivered; // the owner, after an abandon that found a value

    MapWait(KeyedWaitMap<K, V> map, K key) {
      this.map = map;
      this.key = key;
    }

    @Override
    public Poll<Outcome<V>> poll(Context context) {
      return result(map.poll(this, context.waker()));
    }

    @Override
    public Poll<Outcome<V>> subscribe() {
      return result(map.poll(this, null));
    }

    private Poll<Outcome<V>> result(int status) {
      switch (status) {
        case PENDING:
          return Poll.pending();
        case GRANTED:
          V v = data;
          data = null;
          return Poll.ready(Outcome.ok(v));
        case DUPLICATE:
          return Poll.ready(Outcome.error(Outcome.Failure.DUPLICATE));
        default:
          return Poll.ready(Outcome.error(Outcome.Failure.CLOSED));
      }
    }

    @Override
    public void abandon() {
      map.abandon(this);
    }

    @Override
    public V takeUndelivered() {
      V v = undelivered;
      undelivered = null;
      return v;
    }

    @Override
    String describe() {
      return "WaitMap.Wait(" + key + ")";
    }
  }
}
