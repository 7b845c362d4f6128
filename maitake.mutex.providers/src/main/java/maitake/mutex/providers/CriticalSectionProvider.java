package maitake.mutex.providers;

import maitake.spi.RawMutexProvider;
import maitake.sync.blocking.RawMutex;

/**
 * The {@code critical-section} provider (ranking 10): process-wide critical section, re-entrant per
 * thread, then a per-lock flag. Pick it to serialize every primitive process-wide (code ported from
 * interrupt-masking designs); it gives up parallelism. It offers no reader-writer lock (inside one
 * section readers could not share anyway).
 */
public class CriticalSectionProvider implements RawMutexProvider {
  /** The provider's name. */
  public static final String NAME = "critical-section";

  /** The provider's ranking. */
  public static final int RANKING = 10;

  /** Made by ServiceLoader, Declarative Services or a test. */
  public CriticalSectionProvider() {}

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
    return new CriticalSectionMutex();
  }

  @Override
  public String toString() {
    return "RawMutexProvider(" + NAME + ", ranking " + RANKING + ")";
  }
}
