package maitake.impl.lock;

import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import maitake.spi.RawMutexProvider;
import maitake.sync.blocking.RawMutex;
import maitake.sync.blocking.RawRwLock;

/**
 * Which raw-lock provider is active: the pinned one if present, else the best-ranked one, else the
 * built-in locks. Primitives made through the toolkit take their locks from {@link #newRawMutex()}
 * and {@link #newRawRwLock()}, which follow the active provider as it changes, by generations:
 * mutual exclusion and deadlock freedom both hold across every swap, for every pair of providers.
 *
 * <p>A provider whose factory throws is skipped with a warning through {@link System.Logger}
 * (logger {@code maitake.locks}), and the locks fall back to the next choice; a lock never stays
 * held because of it.
 *
 * <p>Thread-safe: changes of the choice are serialized on this object; lock holders read the choice
 * with volatile loads.
 */
public final class LockRegistry {
  /*
   * Implementation overview: hot swap by generations
   *
   * Every change of the chosen provider starts a new Generation (number, provider); current is
   * the newest. A thread joins a generation at its outermost acquisition of any lock of this
   * registry and keeps it while it holds any of them (Holds: its generation and how many locks
   * it holds, one object per thread, published in holdsArray). Nested acquisitions use the
   * generation the thread holds in, and a lock moves to a generation's provider lazily: its
   * holder in that generation makes the new delegate while holding the old one, publishes it,
   * releases the old one, and acquirers blocked on the old one retry on the new one.
   *
   * active is the generation that fresh acquirers (threads holding nothing) join: the oldest
   * generation that is not CLOSED. When active is older than current, a fresh lock() first
   * tries to close it: CAS its phase OPEN -> CLOSING, wait a bounded time (a few spins and
   * yields) for every other thread's holds in it to end, then CLOSED and move active on; if
   * holders remain, phase back to OPEN and join the old generation after all (keeping the old
   * discipline). A fresh join publishes holds (gen, count = 1: volatile) and then re-reads the
   * phase; a closer sets CLOSING and then reads every thread's holds: a Dekker pair, so a joiner
   * either is seen by the closer or sees CLOSING and backs out. A try-acquisition never starts a
   * close. Joiners meeting CLOSING wait for the closer's verdict (it runs no user code and its
   * wait is bounded).
   *
   * Proof sketch.
   *  (1) At any time all holders are in one generation. A thread's holds start with a fresh join
   *      of active. A generation becomes CLOSED only after a closer saw no holds in it while it
   *      was CLOSING, and no thread joins it from CLOSING on; so once a newer generation has a
   *      holder, the older ones have none and never get one again.
   *  (2) Mutual exclusion: each lock has one delegate at a time (moved only by a thread holding
   *      the previous delegate, and only forward: a lock's delegate is never newer than the
   *      generation its holders are in, by (1) and because new locks start in active), and every
   *      acquirer re-checks after locking that the delegate it locked is still the current one.
   *  (3) Deadlock freedom: by (1) every holder follows one provider's discipline, so a program
   *      that takes locks in one global order cannot deadlock through a mix of disciplines (the
   *      critical-section provider couples all its locks through one section; a per-lock
   *      provider does not). The protocol adds no unbounded wait: a fresh acquirer waits at most
   *      for a closer's bounded scan, and a closer gives up rather than wait for a holder.
   *  The price: a fresh acquisition publishes its holds with a volatile store (one StoreLoad
   *  fence), and every acquisition reads a thread-local. A generation that never drains (some
   *  thread always holds one of its locks) keeps its provider in use until it does.
   *
   * Leaf locks (newLeafMutex: the kit's own wait lists and timer wheel, whose critical sections
   * take no other lock and run no user code that waits) skip the bookkeeping: no thread-local,
   * no fence. A leaf acquirer locks the lock's current delegate, moves it forward to active (never
   * to a generation newer than active), and, when a swap is pending, tries to close active first
   * like a fresh acquirer (only then does it read its thread's holds: a thread that holds locks
   * of the registry closes nothing and stays in the generation it holds in, which is never older
   * than active). Leaf holders are invisible to closers, which is safe: a leaf holder
   * waits for nothing while it holds, so it is never part of a wait-for cycle, and the delegate
   * it holds is never newer than the generation of any published holder (delegates move only up
   * to active). Mutual exclusion is the same argument as (2).
   *
   * Failing providers: a factory that throws (or a delegate move that fails) is caught while
   * the old delegate is held; the lock keeps the old delegate for this generation, the provider
   * is marked failed (a warning is logged once) and the choice is recomputed without it, which
   * starts a new generation with the next choice.
   */

  /** The name the built-in locks go by. */
  public static final String BUILT_IN = "built-in";

  private static final System.Logger LOG = System.getLogger("maitake.locks");

  static final int OPEN = 0;
  static final int CLOSING = 1;
  static final int CLOSED = 2;

  /** A choice of provider, and whether fresh acquirers may still join it. */
  static final class Generation {
    final long number;
    final RawMutexProvider provider; // null: the built-in locks
    volatile Generation newer; // set before this stops being current
    private volatile int phase; // OPEN -> CLOSING -> OPEN or CLOSED

    Generation(long number, RawMutexProvider provider) {
      this.number = number;
      this.provider = provider;
    }

    String name() {
      return provider == null ? BUILT_IN : provider.name();
    }

    int phase() {
      return phase;
    }

    boolean casPhase(int expected, int next) {
      return PHASE.compareAndSet(this, expected, next);
    }

    void setPhase(int p) {
      phase = p;
    }

    @Override
    public String toString() {
      return "Generation(" + number + ", " + name() + ")";
    }

    private static final VarHandle PHASE;

    static {
      try {
        PHASE = MethodHandles.lookup().findVarHandle(Generation.class, "phase", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }
  }

  /** One thread's holds: the generation it holds in and how many locks it holds. */
  static final class Holds {
    final WeakReference<Thread> thread = new WeakReference<>(Thread.currentThread());
    Generation gen; // plain: written by the owner before the volatile store of count 0 -> 1,
    // read by closers after a volatile read of count

    private volatile int count; // the owner writes; closers read

    int count() {
      return count;
    }

    /** The owner: 0 -> 1 with a volatile store (the joiner's half of the Dekker pair). */
    void setCountVolatile(int c) {
      count = c;
    }

    /** The owner, while count stays positive. */
    void setCountOpaque(int c) {
      COUNT.setOpaque(this, c);
    }

    /** The owner: the last hold ends. */
    void setCountRelease(int c) {
      COUNT.setRelease(this, c);
    }

    private static final VarHandle COUNT;

    static {
      try {
        COUNT = MethodHandles.lookup().findVarHandle(Holds.class, "count", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }
  }

  /** A present provider. */
  public record Entry(RawMutexProvider provider, int ranking, long order) {}

  private static final int CLOSE_SPINS = 1 << 10;
  private static final int CLOSE_YIELDS = 64;

  private final List<Entry> providers = new ArrayList<>(); // guarded by this
  private final Set<RawMutexProvider> failed =
      Collections.newSetFromMap(new IdentityHashMap<>()); // guarded by this
  private String pinned; // guarded by this
  private long nextOrder; // guarded by this
  private long swaps; // guarded by this
  private volatile boolean locksMade; // set once the first lock is made
  private volatile Generation current = new Generation(0, null);
  private volatile Generation active = current;
  private final ThreadLocal<Holds> holds = ThreadLocal.withInitial(this::newHolds);
  private final List<Holds> allHolds = new ArrayList<>(); // guarded by itself
  private volatile Holds[] holdsArray = new Holds[0]; // a snapshot of allHolds, for closers

  /**
   * A registry with no provider (built-in locks), pinned by the system property {@value
   * RawMutexProvider#PIN_PROPERTY} if set (an absent name is logged and the ranking decides until
   * it arrives).
   */
  public LockRegistry() {
    String p = System.getProperty(RawMutexProvider.PIN_PROPERTY);
    this.pinned = p == null || p.isBlank() ? null : p.strip();
    if (pinned != null) {
      recompute(); // reports a pin that names no present provider
    }
  }

  /**
   * A provider arrived.
   *
   * @param provider the provider
   * @param ranking its ranking (in OSGi, the service's {@code service.ranking})
   */
  public synchronized void add(RawMutexProvider provider, int ranking) {
    Objects.requireNonNull(provider, "provider");
    providers.add(new Entry(provider, ranking, nextOrder++));
    recompute();
  }

  /**
   * A provider left (its bundle stopped, or its service was unregistered).
   *
   * @param provider the provider
   */
  public synchronized void remove(RawMutexProvider provider) {
    providers.removeIf(e -> e.provider == provider);
    failed.remove(provider);
    recompute();
  }

  /**
   * Pins a present provider by name, or unpins with null.
   *
   * @param name a present provider's name, {@value #BUILT_IN} for the built-in locks, or null
   * @throws IllegalArgumentException if no provider of that name is present (the pin is not
   *     changed); the message names the ones that are
   */
  public synchronized void pin(String name) {
    String n = name == null || name.isBlank() ? null : name.strip();
    if (n != null && !BUILT_IN.equals(n) && find(n) == null) {
      throw new IllegalArgumentException(
          "no lock provider named '"
              + n
              + "' is present; "
              + "present: "
              + names()
              + " (or "
              + BUILT_IN
              + ")");
    }
    pinned = n;
    recompute();
  }

  /**
   * Pins a provider by a configured name (a system property, Config Admin): a name that is not
   * present is kept, logged as a warning, and the ranking decides until that provider arrives.
   *
   * @param name the configured name, or null to unpin
   */
  public synchronized void pinConfigured(String name) {
    pinned = name == null || name.isBlank() ? null : name.strip();
    recompute();
  }

  private Entry find(String name) {
    for (Entry e : providers) {
      if (name.equals(e.provider.name()) && !failed.contains(e.provider)) {
        return e;
      }
    }
    return null;
  }

  private String names() {
    return providers.stream()
        .map(e -> e.provider.name())
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private void recompute() {
    RawMutexProvider chosen = null;
    if (!BUILT_IN.equals(pinned)) {
      Entry best = pinned == null ? null : find(pinned);
      if (best == null) {
        for (Entry e : providers) {
          if (!failed.contains(e.provider)
              && (best == null
                  || e.ranking > best.ranking
                  || (e.ranking == best.ranking && e.order < best.order))) {
            best = e;
          }
        }
        if (pinned != null) {
          LOG.log(
              Level.WARNING,
              "the pinned lock provider '"
                  + pinned
                  + "' is not present "
                  + "(present: "
                  + names()
                  + "); using "
                  + (best == null ? BUILT_IN : best.provider.name())
                  + " until it arrives");
        }
      }
      chosen = best == null ? null : best.provider;
    }
    Generation c = current;
    if (c.provider != chosen) {
      Generation g = new Generation(c.number + 1, chosen);
      c.newer = g; // before g is published: closers follow newer from active to current
      if (locksMade) {
        swaps++; // locks exist that move: a swap (choosing before any lock is not one)
      }
      current = g;
    }
  }

  /** A provider's factory failed: skip it from now on and choose again. */
  private void providerFailed(RawMutexProvider p, Throwable e) {
    synchronized (this) {
      if (!failed.add(p)) {
        return;
      }
      LOG.log(
          Level.WARNING,
          "the lock provider '"
              + safeName(p)
              + "' failed to make a lock; "
              + "skipping it and falling back",
          e);
      recompute();
    }
  }

  private static String safeName(RawMutexProvider p) {
    try {
      return p.name();
    } catch (Throwable e) {
      return String.valueOf(p.getClass().getName());
    }
  }

  /**
   * @return the chosen provider's name (the one locks move to), or {@value #BUILT_IN}
   */
  public String activeName() {
    return current.name();
  }

  /**
   * How many times the chosen provider changed once locks existed (the choice made before the first
   * lock is not a swap).
   *
   * @return the swap count
   */
  public synchronized long swaps() {
    return swaps;
  }

  /**
   * @return the pinned name, or null
   */
  public synchronized String pinned() {
    return pinned;
  }

  /**
   * @return the present providers, best-ranked first (failed ones included)
   */
  public synchronized List<Entry> providers() {
    List<Entry> copy = new ArrayList<>(providers);
    copy.sort(
        (x, y) ->
            x.ranking != y.ranking
                ? Integer.compare(y.ranking, x.ranking)
                : Long.compare(x.order, y.order));
    return copy;
  }

  /**
   * @return the names of the providers that failed and are skipped
   */
  public synchronized List<String> failedProviders() {
    return failed.stream().map(LockRegistry::safeName).sorted().toList();
  }

  /**
   * A one-line state for diagnostics: the chosen provider, the pin (and whether it is present), the
   * generation still draining, the failed providers.
   *
   * @return the state
   */
  public synchronized String describe() {
    Generation c = current;
    Generation a = active;
    StringBuilder b = new StringBuilder(c.name());
    if (pinned != null) {
      b.append(" (pinned: ").append(pinned);
      if (!BUILT_IN.equals(pinned) && find(pinned) == null) {
        b.append(", not present");
      }
      b.append(')');
    }
    b.append(", swaps=").append(swaps).append(", generation ").append(c.number);
    if (a != c) {
      b.append(", generation ")
          .append(a.number)
          .append(" (")
          .append(a.name())
          .append(") still held");
    }
    if (!failed.isEmpty()) {
      b.append(", failed: ").append(failedProviders());
    }
    return b.toString();
  }

  /**
   * @return a raw mutex that follows the active provider (for any use, nesting included)
   */
  public RawMutex newRawMutex() {
    locksMade = true;
    return new SwappableRawMutex(this, false);
  }

  /**
   * A raw mutex for a leaf critical section: one in which its holder takes no other lock of this
   * registry and runs no code that could wait (the kit's wait lists and timer wheel). It follows
   * the active provider like {@link #newRawMutex()}, without the per-thread generation bookkeeping,
   * which leaves do not need (see the overview).
   *
   * @return the mutex
   */
  public RawMutex newLeafMutex() {
    locksMade = true;
    return new SwappableRawMutex(this, true);
  }

  /**
   * @return a raw reader-writer lock that follows the active provider
   */
  public RawRwLock newRawRwLock() {
    locksMade = true;
    return new SwappableRawRwLock(this);
  }

  @Override
  public String toString() {
    return "LockRegistry(" + describe() + ")";
  }

  // ---------------------------------------------------------------------------------------
  // The generation protocol (used by the swappable locks)

  /**
   * @return the generation a new lock starts in
   */
  Generation startGeneration() {
    return active;
  }

  /**
   * The generation a leaf acquirer moves a lock to: active, after trying to close it if a swap is
   * pending (bounded, as for a fresh acquirer).
   */
  Generation leafGeneration() {
    Generation a = active;
    if (a == current) {
      return a; // no swap pending: no bookkeeping at all
    }
    Holds h = holds.get();
    if (h.count() > 0) {
      // the thread holds locks of this registry (in a): it must not close the generation it
      // holds in, nor move this lock past it; the leaf lock follows its holds
      return h.gen;
    }
    while (a != current) {
      if (a.phase() == OPEN && a.casPhase(OPEN, CLOSING)) {
        if (drained(a, h)) {
          a.setPhase(CLOSED);
          ACTIVE.compareAndSet(this, a, a.newer);
        } else {
          a.setPhase(OPEN);
          return a;
        }
      } else if (a.phase() == CLOSED) {
        ACTIVE.compareAndSet(this, a, a.newer);
      } else {
        return a; // another thread is closing it: stay on it, as its holders do
      }
      a = active;
    }
    return a;
  }

  /**
   * @return the calling thread's holds
   */
  Holds holds() {
    return holds.get();
  }

  private Holds newHolds() {
    Holds h = new Holds();
    synchronized (allHolds) {
      allHolds.removeIf(x -> x.count() == 0 && !alive(x));
      allHolds.add(h);
      holdsArray = allHolds.toArray(new Holds[0]);
    }
    return h;
  }

  private static boolean alive(Holds h) {
    Thread t = h.thread.get();
    return t != null && t.isAlive();
  }

  /**
   * The generation the calling thread acquires in, counting one more hold: the one it holds in, or
   * (holding nothing) active, after trying to close active if it is older than current.
   *
   * @param h the calling thread's holds
   * @param mayClose false for try-acquisitions, which never start a close
   */
  Generation enter(Holds h, boolean mayClose) {
    int c = h.count();
    if (c > 0) {
      h.setCountOpaque(c + 1);
      return h.gen;
    }
    for (int spins = 0; ; spins++) {
      Generation a = active;
      if (a != current && mayClose && a.phase() == OPEN && a.casPhase(OPEN, CLOSING)) {
        if (drained(a, h)) {
          a.setPhase(CLOSED);
          ACTIVE.compareAndSet(this, a, a.newer);
          continue;
        }
        a.setPhase(OPEN); // holders remain: join it after all, keeping its discipline
      }
      int ph = a.phase();
      if (ph == CLOSED) {
        ACTIVE.compareAndSet(this, a, a.newer); // help a closer that has not moved it yet
        continue;
      }
      if (ph == OPEN) {
        h.gen = a;
        h.setCountVolatile(1); // the joiner's store; then the joiner's load:
        if (a.phase() == OPEN) {
          return a;
        }
        h.setCountRelease(0); // a closer may not have seen us: back out
      }
      backoff(spins); // a closer is scanning (bounded): wait for its verdict
    }
  }

  /** One hold of the calling thread ends. */
  void exit(Holds h) {
    int c = h.count() - 1;
    if (c == 0) {
      h.setCountRelease(0);
    } else {
      h.setCountOpaque(c);
    }
  }

  /**
   * A closer's scan: waits a bounded time for every other thread's holds in {@code g} to end.
   *
   * @return true if none remain
   */
  private boolean drained(Generation g, Holds self) {
    int spins = 0;
    for (Holds h : holdsArray) {
      if (h == self) {
        continue; // a fresh acquirer: it holds nothing
      }
      while (h.count() > 0 && h.gen == g) {
        if (spins >= CLOSE_SPINS + CLOSE_YIELDS) {
          return false;
        }
        backoff(spins++);
      }
    }
    return true;
  }

  private static void backoff(int spins) {
    if (spins < CLOSE_SPINS) {
      Thread.onSpinWait();
    } else {
      Thread.yield();
    }
  }

  /**
   * A delegate mutex for generation {@code g}.
   *
   * @return the delegate, or null if the provider failed (it is skipped from now on)
   */
  RawMutex newMutexFor(Generation g) {
    return delegateFor(g, RawMutexProvider::newRawMutex, BackoffSpinLock::new);
  }

  /**
   * A delegate reader-writer lock for generation {@code g}.
   *
   * @return the delegate, or null if the provider failed (it is skipped from now on)
   */
  RawRwLock newRwLockFor(Generation g) {
    return delegateFor(g, RawMutexProvider::newRawRwLock, SpinRwLock::new);
  }

  /**
   * What g's provider makes (the built-in kind without a provider, or when it makes none); null
   * when the provider throws, which marks it failed. Called only when a lock is made or moves.
   */
  private <L> L delegateFor(Generation g, Function<RawMutexProvider, L> make, Supplier<L> builtIn) {
    RawMutexProvider p = g.provider;
    if (p == null) {
      return builtIn.get();
    }
    try {
      L l = make.apply(p);
      return l != null ? l : builtIn.get();
    } catch (Throwable e) {
      providerFailed(p, e);
      return null;
    }
  }

  private static final VarHandle ACTIVE;

  static {
    try {
      ACTIVE = MethodHandles.lookup().findVarHandle(LockRegistry.class, "active", Generation.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
