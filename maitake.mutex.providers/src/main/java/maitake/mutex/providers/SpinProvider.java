package maitake.mutex.providers;

import maitake.spi.RawMutexProvider;
import maitake.sync.blocking.RawMutex;
import maitake.sync.blocking.RawRwLock;

/**
 * The {@code spin} provider (ranking 300): test-and-test-and-set spin lock with exponential
 * backoff; not fair, not re-entrant. The default choice: the kit's critical sections are a few
 * dozen nanoseconds, and an uncontended lock is one CAS.
 */
public class SpinProvider implements RawMutexProvider {
  /** The provider's name. */
  public static final String NAME = "spin";

  /** The provider's ranking. */
  public static final int RANKING = 300;

  /** Made by ServiceLoader, Declarative Services or a test. */
  public SpinProvider() {}

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
    return new TtasSpinLock();
  }

  @Override
  public RawRwLock newRawRwLock() {
    return new TtasRwLock();
  }

  @Override
  public String toString() {
    return "RawMutexProvider(" + NAME + ", ranking " + RANKING + ")";
  }
}
