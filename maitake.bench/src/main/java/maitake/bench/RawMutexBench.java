package maitake.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import maitake.impl.lock.BackoffSpinLock;
import maitake.mutex.providers.CriticalSectionProvider;
import maitake.mutex.providers.MonitorProvider;
import maitake.mutex.providers.SpinProvider;
import maitake.mutex.providers.TicketProvider;
import maitake.sync.blocking.RawMutex;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * raw_mutex: lock and unlock of each raw lock (the built-in one, every provider's, the toolkit's
 * swappable lock over the spin provider as users' blocking locks get it, and the leaf lock over
 * spin that the kit's own primitives use), by one thread and by two threads at once, beside
 * ReentrantLock.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RawMutexBench {
  @Param({
    "built-in",
    "spin",
    "ticket",
    "synchronized",
    "critical-section",
    "toolkit-spin",
    "toolkit-leaf-spin"
  })
  String provider;

  RawMutex lock;
  ReentrantLock reentrant;
  long counter;

  @Setup(Level.Trial)
  public void setup() {
    lock =
        switch (provider) {
          case "built-in" -> new BackoffSpinLock();
          case "spin" -> new SpinProvider().newRawMutex();
          case "ticket" -> new TicketProvider().newRawMutex();
          case "synchronized" -> new MonitorProvider().newRawMutex();
          case "critical-section" -> new CriticalSectionProvider().newRawMutex();
          case "toolkit-spin" -> { // what primitives use: the registry's swappable lock over spin
            maitake.impl.lock.LockRegistry registry = new maitake.impl.lock.LockRegistry();
            registry.add(new SpinProvider(), SpinProvider.RANKING);
            yield registry.newRawMutex();
          }
          case "toolkit-leaf-spin" -> { // the kit's own wait lists and timer: a leaf lock over spin
            maitake.impl.lock.LockRegistry registry = new maitake.impl.lock.LockRegistry();
            registry.add(new SpinProvider(), SpinProvider.RANKING);
            yield registry.newLeafMutex();
          }
          default -> throw new IllegalArgumentException(provider);
        };
    reentrant = new ReentrantLock();
  }

  @Benchmark
  @Threads(1)
  public long ours_oneThread() {
    lock.lock();
    try {
      return ++counter;
    } finally {
      lock.unlock();
    }
  }

  @Benchmark
  @Threads(2)
  public long ours_twoThreads() {
    lock.lock();
    try {
      return ++counter;
    } finally {
      lock.unlock();
    }
  }

  @Benchmark
  @Threads(1)
  public long peer_reentrantLockOneThread() {
    reentrant.lock();
    try {
      return ++counter;
    } finally {
      reentrant.unlock();
    }
  }

  @Benchmark
  @Threads(2)
  public long peer_reentrantLockTwoThreads() {
    reentrant.lock();
    try {
      return ++counter;
    } finally {
      reentrant.unlock();
    }
  }
}
