package maitake.mutex.providers;

import maitake.spi.RawMutexProvider;
import maitake.sync.blocking.RawMutex;
import maitake.sync.blocking.RawRwLock;

/**
 * The {@code synchronized} provider (ranking 100): Java monitor (synchronized, wait, notify);
 * waiters block instead of spinning; not fair, not re-entrant. Pick it when threads outnumber cores
 * or critical sections are long.
 */
public class MonitorProvider implements RawMutexProvider {
  /** The provider's name. */
  public static final String NAME = "synchronized";

  /** The provider's ranking. */
  public static final int RANKING = 100;

  /** Made by ServiceLoader, Declarative Services or a test. */
  public MonitorProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int ranking() {
    return RANKING;
  }

  @Override
  public RawMutex newRawMutex() {
    return new MonitorLock();
  }

  @Override
  public RawRwLock newRawRwLock() {
    return new MonitorRwLock();
  }

  @Override
  public String toString() {
    return "RawMutexProvider(" + NAME + ", ranking " + RANKING + ")";
  }
}
