package maitake.mutex.providers;

import maitake.sync.blocking.RawMutex;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Lincheck, per provider: a counter incremented with a plain read-modify-write under the lock is
 * linearizable to an atomic counter, which holds only if the lock excludes. One subclass per
 * provider. (tryLock is left out: failing while another thread holds the lock is correct but has no
 * sequential counterpart.)
 */
public abstract class RawMutexLincheckTest {
  private final RawMutex lock;
  private long counter; // guarded by lock

  protected RawMutexLincheckTest(RawMutex lock) {
    this.lock = lock;
  }

  @Operation
  public long increment() {
    lock.lock();
    try {
      return ++counter;
    } finally {
      lock.unlock();
    }
  }

  @Operation
  public long get() {
    return lock.withLock(() -> counter);
  }

  @Test
  public void modelChecking() {
    new ModelCheckingOptions()
        .iterations(10)
        .invocationsPerIteration(300)
        .threads(3)
        .actorsPerThread(3)
        .check(getClass());
  }

  @Test
  public void stress() {
    new StressOptions()
        .iterations(10)
        .invocationsPerIteration(300)
        .threads(2)
        .actorsPerThread(3)
        .check(getClass());
  }

  /** spin. */
  public static class SpinTest extends RawMutexLincheckTest {
    public SpinTest() {
      super(new SpinProvider().newRawMutex());
    }
  }

  /** ticket. */
  public static class TicketTest extends RawMutexLincheckTest {
    public TicketTest() {
      super(new TicketProvider().newRawMutex());
    }
  }

  /** synchronized. */
  public static class MonitorTest extends RawMutexLincheckTest {
    public MonitorTest() {
      super(new MonitorProvider().newRawMutex());
    }
  }

  /** critical-section. */
  public static class CriticalSectionTest extends RawMutexLincheckTest {
    public CriticalSectionTest() {
      super(new CriticalSectionMutex(new CriticalSection())); // a section of its own
    }
  }
}
