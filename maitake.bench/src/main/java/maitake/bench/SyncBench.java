package maitake.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import maitake.future.Context;
import maitake.spi.Toolkit;
import maitake.sync.Mutex;
import maitake.sync.MutexGuard;
import maitake.sync.Outcome;
import maitake.sync.Semaphore;
import maitake.sync.WaitCell;
import maitake.sync.WaitQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The uncontended paths of the sync primitives: lock and unlock, acquire and release, and a wake
 * with nobody waiting, beside ReentrantLock. Each must allocate nothing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SyncBench {
  Mutex<long[]> mutex;
  Semaphore semaphore;
  WaitCell cell;
  WaitQueue queue;
  ReentrantLock reentrant;
  long[] plain;

  @Setup(Level.Trial)
  public void setup() {
    Toolkit kit = Toolkit.load();
    mutex = kit.newMutex(new long[1]);
    semaphore = kit.newSemaphore(4);
    cell = kit.newWaitCell();
    queue = kit.newWaitQueue();
    reentrant = new ReentrantLock();
    plain = new long[1];
  }

  @Benchmark
  public long mutexTryLockUnlock() {
    try (MutexGuard<long[]> g = mutex.tryLock()) {
      return ++g.get()[0];
    }
  }

  @Benchmark
  public long mutexLockFutureUncontended() {
    try (MutexGuard<long[]> g = mutex.lock().poll(Context.NOOP).value()) {
      return ++g.get()[0];
    }
  }

  @Benchmark
  public long reentrantLockUnlock() {
    reentrant.lock();
    try {
      return ++plain[0];
    } finally {
      reentrant.unlock();
    }
  }

  @Benchmark
  public long semaphoreTryAcquireRelease() {
    Outcome<Semaphore.Permit> o = semaphore.tryAcquire(1);
    Semaphore.Permit p = o.value();
    long n = p.permits();
    p.close();
    return n;
  }

  @Benchmark
  public long semaphoreAcquireFutureRelease() {
    Semaphore.Permit p = semaphore.acquire(1).poll(Context.NOOP).value().value();
    long n = p.permits();
    p.close();
    return n;
  }

  @Benchmark
  public boolean waitCellWakeNobodyWaiting() {
    return cell.wake();
  }

  @Benchmark
  public void waitQueueWakeOneNobodyWaiting() {
    queue.wakeOne();
  }
}
