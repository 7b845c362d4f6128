package maitake.bench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import maitake.Toolkit;
import maitake.future.Future;
import maitake.future.Futures;
import maitake.future.Yield;
import maitake.runtime.Runtime;
import maitake.sync.Mutex;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * runtime_mixed: 1,000 tasks on two worker threads, each yields once, increments a shared counter
 * under a mutex, and one in ten sleeps a millisecond; the score is per task. The {@code
 * ..._noSleep} rows leave the sleep out, so that the spawning, yielding and locking show (with the
 * sleep, a batch takes at least the millisecond and the timers' resolution decides much of the
 * score). Ours: {@link Runtime} with 2 workers, its default timer tick of one millisecond (a one
 * millisecond sleep fires 1 to 2 ms after its first poll; the peers' delays are to the nanosecond),
 * and the async mutex. Peers: a {@link ForkJoinPool} of 2 with {@link CompletableFuture} stages (a
 * yield is a resubmission, the sleep a delayed executor, the mutex a {@link ReentrantLock}), and a
 * virtual thread per task (JDK 21 and later; the JDK's scheduler, with its parallelism at the
 * default, the core count) with {@code Thread.yield}, {@code Thread.sleep} and a {@link
 * ReentrantLock}; and a coroutine per task on kotlinx's {@code Dispatchers.Default} limited to 2
 * threads, with {@code yield}, {@code delay} and kotlinx's {@code Mutex} (Kotlin code in {@code
 * KotlinxPeers.kt}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RuntimeMixedBench {
  static final int TASKS = 1_000;
  static final Duration NAP = Duration.ofMillis(1);

  /** The runtime's idle strategy: default, or park (run with {@code -p idle=park}). */
  @Param({"default"})
  public String idle;

  Runtime rt;
  Mutex<long[]> mutex;
  ForkJoinPool fj;
  ExecutorService virtual;
  final ReentrantLock lock = new ReentrantLock();
  long counter;

  @Setup(Level.Trial)
  public void setup() {
    Toolkit kit = Toolkit.load();
    rt = Runtime.builder(kit).workers(2).idleStrategy(Support.idleStrategy(idle)).build();
    mutex = kit.newMutex(new long[1]);
    fj = new ForkJoinPool(2);
    if (Support.virtualThreads()) {
      virtual = Support.virtualThreadExecutor();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    rt.close();
    fj.shutdownNow();
    if (virtual != null) {
      virtual.shutdownNow();
    }
  }

  private Future<Void> job(int i, CountDownLatch done, boolean nap) {
    return new Yield(1)
        .andThen(
            v ->
                mutex.withLock(
                    g -> {
                      g.get()[0]++;
                      return Futures.<Void>ready(null);
                    }))
        .andThen(v -> nap && i % 10 == 0 ? rt.timer().sleep(NAP) : Futures.<Void>ready(null))
        .map(
            v -> {
              done.countDown();
              return null;
            });
  }

  @Benchmark
  @OperationsPerInvocation(TASKS)
  public void ours_runtime() throws InterruptedException {
    runtime(true);
  }

  @Benchmark
  @OperationsPerInvocation(TASKS)
  public void ours_runtime_noSleep() throws InterruptedException {
    runtime(false);
  }

  private void runtime(boolean nap) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(TASKS);
    for (int i = 0; i < TASKS; i++) {
      rt.spawn(job(i, done, nap)).detach();
    }
    done.await();
  }

  private void locked() {
    lock.lock();
    try {
      counter++;
    } finally {
      lock.unlock();
    }
  }

  @Benchmark
  @OperationsPerInvocation(TASKS)
  public void peer_forkJoinCompletableFuture() {
    forkJoin(true);
  }

  @Benchmark
  @OperationsPerInvocation(TASKS)
  public void peer_forkJoinCompletableFuture_noSleep() {
    forkJoin(false);
  }

  private void forkJoin(boolean nap) {
    CompletableFuture<?>[] all = new CompletableFuture<?>[TASKS];
    for (int i = 0; i < TASKS; i++) {
      int n = i;
      CompletableFuture<Void> f =
          CompletableFuture.runAsync(() -> {}, fj).thenRunAsync(this::locked, fj);
      if (nap && n % 10 == 0) {
        f =
            f.thenRunAsync(
                () -> {},
                CompletableFuture.delayedExecutor(NAP.toNanos(), TimeUnit.NANOSECONDS, fj));
      }
      all[i] = f;
    }
    CompletableFuture.allOf(all).join();
  }

  @Benchmark
  @OperationsPerInvocation(TASKS)
  public void peer_virtualThreadPerTask() throws InterruptedException {
    virtualThreads(true);
  }

  @Benchmark
  @OperationsPerInvocation(TASKS)
  public void peer_virtualThreadPerTask_noSleep() throws InterruptedException {
    virtualThreads(false);
  }

  private void virtualThreads(boolean nap) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(TASKS);
    for (int i = 0; i < TASKS; i++) {
      int n = i;
      virtual.execute(
          () -> {
            Thread.yield();
            locked();
            if (nap && n % 10 == 0) {
              try {
                Thread.sleep(NAP.toMillis());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            done.countDown();
          });
    }
    done.await();
  }

  @Benchmark
  @OperationsPerInvocation(TASKS)
  public long peer_kotlinxDefaultDispatcher() {
    return KotlinxPeers.runtimeMixed(TASKS, true);
  }

  @Benchmark
  @OperationsPerInvocation(TASKS)
  public long peer_kotlinxDefaultDispatcher_noSleep() {
    return KotlinxPeers.runtimeMixed(TASKS, false);
  }
}
