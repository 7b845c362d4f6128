package maitake.impl.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import maitake.spi.RawMutexProvider;
import maitake.sync.blocking.RawMutex;
import maitake.sync.blocking.RawRwLock;

/**
 * Which raw-lock provider is active: the pinned one if present, else the best-ranked one, else
 * the built-in locks. Primitives made through the toolkit take their locks from
 * {@link #newRawMutex()} and {@link #newRawRwLock()}, which follow the active provider as it
 * changes (see {@link SwappableRawMutex}).
 *
 * <p>Thread-safe: changes are serialized on this object; the active provider is a volatile
 * read for lock holders.
 */
public final class LockRegistry {
  /*
   * Implementation overview
   *
   * providers is the list of present providers with their ranking and arrival order. Every
   * change (add, remove, pin) recomputes the choice; if the chosen provider differs from the
   * active one, active becomes a new Active with the next generation. Swappable locks compare
   * the generation they are bound to with the active one at each acquisition and move
   * themselves over (lazily, one lock at a time, under the old lock). So a swap costs nothing
   * up front, and a lock that is never used again is never moved.
   */

  /** The active provider (null: built-in) and the generation it started. */
  static final class Active {
    final RawMutexProvider provider;
    final long generation;

    Active(RawMutexProvider provider, long generation) {
      this.provider = provider;
      this.generation = generation;
    }

    String name() {
      return provider == null ? BUILT_IN : provider.name();
    }
  }

  /** A present provider. */
  public record Entry(RawMutexProvider provider, int ranking, long order) {
  }

  /** The name the built-in locks go by. */
  public static final String BUILT_IN = "built-in";

  private final List<Entry> providers = new ArrayList<>(); // guarded by this
  private String pinned; // guarded by this
  private long nextOrder; // guarded by this
  private volatile Active active = new Active(null, 0);

  /** A registry with no provider (built-in locks), pinned by the system property if set. */
  public LockRegistry() {
    String p = System.getProperty(RawMutexProvider.PIN_PROPERTY);
    this.pinned = p == null || p.isBlank() ? null : p.strip();
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
    recompute();
  }

  /**
   * Pins a provider by name, or unpins with null. A pinned name that is not present falls back
   * to the ranking until that provider arrives.
   *
   * @param name the provider name, {@value #BUILT_IN} for the built-in locks, or null
   */
  public synchronized void pin(String name) {
    pinned = name == null || name.isBlank() ? null : name.strip();
    recompute();
  }

  private void recompute() {
    RawMutexProvider chosen = null;
    if (!BUILT_IN.equals(pinned)) {
      Entry best = null;
      for (Entry e : providers) {
        if (pinned != null && pinned.equals(e.provider.name())) {
          best = e;
          break;
        }
        if (best == null || e.ranking > best.ranking
            || (e.ranking == best.ranking && e.order < best.order)) {
          best = e;
        }
      }
      if (best != null && pinned != null && !pinned.equals(best.provider.name())) {
        // the pinned provider is absent: fall back to the best-ranked one
        best = providers.stream().reduce(null, (a, e) -> a == null || e.ranking > a.ranking
            || (e.ranking == a.ranking && e.order < a.order) ? e : a);
      }
      chosen = best == null ? null : best.provider;
    }
    Active a = active;
    if (a.provider != chosen) {
      active = new Active(chosen, a.generation + 1);
    }
  }

  Active active() {
    return active;
  }

  /** @return the active provider's name, or {@value #BUILT_IN} */
  public String activeName() {
    return active.name();
  }

  /** @return how many times the active provider changed */
  public long swaps() {
    return active.generation;
  }

  /** @return the pinned name, or null */
  public synchronized String pinned() {
    return pinned;
  }

  /** @return the present providers, best-ranked first */
  public synchronized List<Entry> providers() {
    List<Entry> copy = new ArrayList<>(providers);
    copy.sort((x, y) -> x.ranking != y.ranking ? Integer.compare(y.ranking, x.ranking)
        : Long.compare(x.order, y.order));
    return copy;
  }

  /** @return a raw mutex that follows the active provider */
  public RawMutex newRawMutex() {
    return new SwappableRawMutex(this);
  }

  /** @return a raw reader-writer lock that follows the active provider */
  public RawRwLock newRawRwLock() {
    return new SwappableRawRwLock(this);
  }

  static RawMutex mutexOf(Active a) {
    RawMutex m = a.provider == null ? null : a.provider.newRawMutex();
    return m != null ? m : new BackoffSpinLock();
  }

  static RawRwLock rwLockOf(Active a) {
    RawRwLock l = a.provider == null ? null : a.provider.newRawRwLock();
    return l != null ? l : new SpinRwLock();
  }

  @Override
  public String toString() {
    return "LockRegistry(active=" + activeName() + ", swaps=" + swaps() + ")";
  }
}
