package maitake.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import kotlinx.coroutines.sync.MutexKt;
import maitake.Toolkit;
import maitake.future.Context;
import maitake.sync.Mutex;
import maitake.sync.MutexGuard;
import maitake.sync.Outcome;
import maitake.sync.Semaphore;
import maitake.sync.WaitCell;
import maitake.sync.WaitQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * mutex_uncontended: lock and unlock with nobody else, beside ReentrantLock, synchronized and
 * kotlinx.coroutines' Mutex.tryLock; plus the other uncontended sync paths that must allocate
 * nothing (semaphore acquire and release, a wake with nobody waiting).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MutexUncontendedBench {
  Mutex<long[]> mutex;
  Mutex.ReusableLock<long[]> reusableLock;
  Semaphore semaphore;
  Semaphore.ReusableAcquire reusableAcquire;
  WaitCell cell;
  WaitQueue queue;
  ReentrantLock reentrant;
  kotlinx.coroutines.sync.Mutex kotlinx;
  final Object monitor = new Object();
  long[] plain;

  @Setup(Level.Trial)
  public void setup() {
    Toolkit kit = Toolkit.load();
    mutex = kit.newMutex(new long[1]);
    reusableLock = mutex.reusableLock();
    semaphore = kit.newSemaphore(4);
    reusableAcquire = semaphore.reusableAcquire(1);
    cell = kit.newWaitCell();
    queue = kit.newWaitQueue();
    reentrant = new ReentrantLock();
    kotlinx = MutexKt.Mutex(false);
    plain = new long[1];
  }

  @Benchmark
  public long ours_tryLock() {
    try (MutexGuard<long[]> g = mutex.tryLock()) {
      return ++g.get()[0];
    }
  }

  @Benchmark
  public long ours_lockFuture() {
    try (MutexGuard<long[]> g = mutex.lock().poll(Context.NOOP).value()) {
      return ++g.get()[0];
    }
  }

  @Benchmark
  public long ours_reusableLockFuture() {
    try (MutexGuard<long[]> g = reusableLock.poll(Context.NOOP).value()) {
      return ++g.get()[0];
    } finally {
      reusableLock.reset();
    }
  }

  @Benchmark
  public long ours_semaphoreTryAcquireRelease() {
    Outcome<Semaphore.Permit> o = semaphore.tryAcquire(1);
    Semaphore.Permit p = o.value();
    long n = p.permits();
    p.close();
    return n;
  }

  @Benchmark
  public long ours_semaphoreAcquireRelease() {
    Semaphore.Permit p = semaphore.acquire(1).poll(Context.NOOP).value().value();
    long n = p.permits();
    p.close();
    return n;
  }

  @Benchmark
  public long ours_reusableSemaphoreAcquireRelease() {
    Semaphore.Permit p = reusableAcquire.poll(Context.NOOP).value().value();
    long n = p.permits();
    p.close();
    reusableAcquire.reset();
    return n;
  }

  @Benchmark
  public boolean ours_waitCellWakeNobodyWaiting() {
    return cell.wake();
  }

  @Benchmark
  public void ours_waitQueueWakeOneNobodyWaiting() {
    queue.wakeOne();
  }

  @Benchmark
  public long peer_reentrantLock() {
    reentrant.lock();
    try {
      return ++plain[0];
    } finally {
      reentrant.unlock();
    }
  }

  @Benchmark
  public long peer_synchronized() {
    synchronized (monitor) {
      return ++plain[0];
    }
  }

  @Benchmark
  public long peer_kotlinxMutexTryLock() {
    if (!kotlinx.tryLock(null)) {
      throw new IllegalStateException("uncontended tryLock failed");
    }
    try {
      return ++plain[0];
    } finally {
      kotlinx.unlock(null);
    }
  }
}
