package maitake.mutex.providers;

import maitake.impl.lock.LockRegistry;
import maitake.spi.RawMutexProvider;
import maitake.sync.blocking.RawMutex;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Lincheck for hot swap by generations: pairs of four locks taken in one global order by the
 * workers, while another thread swaps between a per-lock provider (spin) and a critical-section
 * provider (every lock enters one section first): the mix of disciplines that deadlocked before
 * generations, in both directions. The last lock is a leaf lock (newLeafMutex, as the kit's wait
 * lists use), taken while the thread holds a user lock. Each lock guards a counter, so the results
 * are linearizable only if mutual exclusion holds across every swap, and the model checker reports
 * any interleaving that deadlocks.
 */
public class GenerationSwapLincheckTest {
  private final CriticalSection section = new CriticalSection(); // one per scenario

  /** The critical-section discipline with a section of this scenario's own. */
  private final RawMutexProvider sectioned =
      new RawMutexProvider() {
        @Override
        public String name() {
          return "sectioned";
        }

        @Override
        public int ranking() {
          return 10;
        }

        @Override
        public RawMutex newRawMutex() {
          return new CriticalSectionMutex(section);
        }
      };

  private final LockRegistry registry = new LockRegistry();
  private final RawMutex w; // the global order: w < x < y < z
  private final RawMutex x;
  private final RawMutex y;
  private final RawMutex z; // a leaf lock
  private final long[] counts = new long[4]; // counts[i] guarded by lock i
  private int swaps; // the swapper only

  public GenerationSwapLincheckTest() {
    registry.add(new SpinProvider(), SpinProvider.RANKING);
    registry.add(sectioned, 10);
    w = registry.newRawMutex();
    x = registry.newRawMutex();
    y = registry.newRawMutex();
    z = registry.newLeafMutex(); // always taken last: a leaf, as the kit's wait lists are
  }

  /** Takes a then b (a before b in the order), increments both counters, returns both. */
  private long incrementUnder(RawMutex a, int ia, RawMutex b, int ib) {
    a.lock();
    try {
      b.lock();
      try {
        return ++counts[ia] * 1000 + ++counts[ib];
      } finally {
        b.unlock();
      }
    } finally {
      a.unlock();
    }
  }

  @Operation
  public long incrementWx() {
    return incrementUnder(w, 0, x, 1);
  }

  @Operation
  public long incrementXy() {
    return incrementUnder(x, 1, y, 2);
  }

  @Operation
  public long incrementYz() {
    return incrementUnder(y, 2, z, 3);
  }

  @Operation(nonParallelGroup = "swapper")
  public void swap() {
    registry.pin(swaps++ % 2 == 0 ? "sectioned" : SpinProvider.NAME);
  }

  @Test
  public void modelChecking() {
    new ModelCheckingOptions()
        .iterations(10)
        .invocationsPerIteration(300)
        .threads(3)
        .actorsPerThread(2)
        .check(getClass());
  }

  @Test
  public void stress() {
    new StressOptions()
        .iterations(10)
        .invocationsPerIteration(300)
        .threads(3)
        .actorsPerThread(3)
        .check(getClass());
  }
}
