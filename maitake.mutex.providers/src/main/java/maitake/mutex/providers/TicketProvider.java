package maitake.mutex.providers;

import maitake.spi.RawMutexProvider;
import maitake.sync.blocking.RawMutex;

/**
 * The {@code ticket} provider (ranking 200): fair FIFO ticket spin lock; not re-entrant. Pick it
 * when waiters must not starve. It offers no reader-writer lock (a fair one is a different
 * algorithm; the toolkit then uses its built-in one).
 */
public class TicketProvider implements RawMutexProvider {
  /** The provider's name. */
  public static final String NAME = "ticket";

  /** The provider's ranking. */
  public static final int RANKING = 200;

  /** Made by ServiceLoader, Declarative Services or a test. */
  public TicketProvider() {}

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
    return new TicketSpinLock();
  }

  @Override
  public String toString() {
    return "RawMutexProvider(" + NAME + ", ranking " + RANKING + ")";
  }
}
