package maitake.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import maitake.Toolkit;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Poll;
import maitake.scheduler.LocalScheduler;
import maitake.sync.Mutex;
import maitake.sync.MutexGuard;
import maitake.task.JoinHandle;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * mutex_handoff: two tasks alternate through one mutex, each holding it across a suspension, so
 * every unlock hands the lock to the other, which was suspended waiting; the score is per hand-off
 * (100,000 per invocation). The peers are a fair ReentrantLock with two threads, and kotlinx's
 * {@code Mutex} between two coroutines on one thread (Kotlin code in {@code KotlinxPeers.kt}, as
 * kotlinx's own SequentialSemaphoreAsMutexBenchmark drives it).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MutexHandoffBench {
  static final int HANDOFFS = 100_000;

  /** Locks, yields while holding the lock (so the other task queues), unlocks; n times. */
  static final class Alternator implements Future<Void> {
    private final Mutex<long[]> mutex;
    private int left;
    private Future<MutexGuard<long[]>> locking;
    private MutexGuard<long[]> held;

    Alternator(Mutex<long[]> mutex, int n) {
      this.mutex = mutex;
      this.left = n;
    }

    @Override
    public Poll<Void> poll(Context cx) {
      for (; ; ) {
        if (held != null) {
          held.get()[0]++;
          held.close(); // hands the lock to the other task, which is queued
          held = null;
          left--;
        }
        if (left == 0) {
          return Poll.readyNull();
        }
        if (locking == null) {
          locking = mutex.lock();
        }
        Poll<MutexGuard<long[]>> p = locking.poll(cx);
        if (p.isPending()) {
          return Poll.pending();
        }
        locking = null;
        held = p.value();
        cx.waker().wake();
        return Poll.pending(); // suspend while holding the lock
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(HANDOFFS)
  public long ours_localScheduler() {
    Toolkit kit = Toolkit.load();
    LocalScheduler s = kit.newLocalScheduler();
    Mutex<long[]> mutex = kit.newMutex(new long[1]);
    JoinHandle<Void> a = s.spawn(new Alternator(mutex, HANDOFFS / 2));
    JoinHandle<Void> b = s.spawn(new Alternator(mutex, HANDOFFS / 2));
    while (!a.isComplete() || !b.isComplete()) {
      s.tick();
    }
    return mutex.tryLock().get()[0];
  }

  @Benchmark
  @OperationsPerInvocation(HANDOFFS)
  public long peer_fairReentrantLockTwoThreads() throws InterruptedException {
    ReentrantLock lock = new ReentrantLock(true);
    long[] counter = {0};
    Runnable body =
        () -> {
          for (int i = 0; i < HANDOFFS / 2; i++) {
            lock.lock();
            try {
              counter[0]++;
            } finally {
              lock.unlock();
            }
          }
        };
    Thread t1 = new Thread(body);
    Thread t2 = new Thread(body);
    t1.start();
    t2.start();
    t1.join();
    t2.join();
    return counter[0];
  }

  @Benchmark
  @OperationsPerInvocation(HANDOFFS)
  public long peer_kotlinxMutexTwoCoroutines() {
    return KotlinxPeers.mutexHandoff(HANDOFFS);
  }
}
