package maitake.bench;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import maitake.Toolkit;
import maitake.scheduler.LocalScheduler;
import maitake.scheduler.Scheduler;
import maitake.task.TaskStorage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * spawn_many: spawn 10,000 trivial tasks from outside and run them all to completion; the score is
 * per task. The floor allocates one Runnable per task into an ArrayDeque and runs them; the deque
 * is made once, with room for every task, as our schedulers' queues are made once and reused.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SpawnManyBench {
  static final int TASKS = 10_000;

  LocalScheduler local;
  Scheduler scheduler;
  LocalScheduler storageScheduler;
  TaskStorage<Object>[] storages;
  ExecutorService single;
  ForkJoinPool fj1;
  ForkJoinPool fj2;
  ExecutorService virtual;
  final ArrayDeque<Runnable> floorQueue = new ArrayDeque<>(TASKS);

  @Setup(Level.Trial)
  @SuppressWarnings("unchecked")
  public void setup() {
    Toolkit kit = Toolkit.load();
    local = kit.newLocalScheduler();
    scheduler = kit.newScheduler();
    storageScheduler = kit.newLocalScheduler();
    storages = new TaskStorage[TASKS];
    for (int i = 0; i < TASKS; i++) {
      storages[i] = storageScheduler.newTaskStorage();
    }
    single = Executors.newSingleThreadExecutor();
    fj1 = new ForkJoinPool(1);
    fj2 = new ForkJoinPool(2);
    virtual = Support.virtualThreads() ? Support.virtualThreadExecutor() : null;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    single.shutdownNow();
    fj1.shutdownNow();
    fj2.shutdownNow();
    if (virtual != null) {
      virtual.shutdownNow();
    }
  }

  @Benchmark
  @OperationsPerInvocation(TASKS)
  public void floor_runnableDeque(Blackhole bh) {
    ArrayDeque<Runnable> q = floorQueue; // empty again at the end of each op
    for (int i = 0; i < TASKS; i++) {
      int n = i;
      q.add(() -> bh.consume(n));
    }
    Runnable r;
    while ((r = q.poll()) != null) {
      r.run();
    }
  }

  @Benchmark
  @OperationsPerInvocation(TASKS)
  public void ours_localScheduler() {
    for (int i = 0; i < TASKS; i++) {
      local.spawn(Support.TRIVIAL);
    }
    Support.drain(local);
  }

  @Benchmark
  @OperationsPerInvocation(TASKS)
  public void ours_scheduler() {
    for (int i = 0; i < TASKS; i++) {
      scheduler.spawn(Support.TRIVIAL);
    }
    Support.drain(scheduler);
  }

  /** Spawning into preallocated task storage, reused every invocation: 0 B per spawn. */
  @Benchmark
  @OperationsPerInvocation(TASKS)
  public void ours_localSchedulerReusedStorage() {
    for (int i = 0; i < TASKS; i++) {
      storageScheduler.spawn(storages[i], Support.TRIVIAL).detach();
    }
    Support.drain(storageScheduler);
  }

  private static void await(CountDownLatch l) {
    try {
      l.await();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private void submitAll(ExecutorService ex) {
    CountDownLatch done = new CountDownLatch(TASKS);
    for (int i = 0; i < TASKS; i++) {
      ex.execute(done::countDown);
    }
    await(done);
  }

  @Benchmark
  @OperationsPerInvocation(TASKS)
  public void peer_singleThreadExecutor() {
    submitAll(single);
  }

  @Benchmark
  @OperationsPerInvocation(TASKS)
  public void peer_forkJoinPool1() {
    submitAll(fj1);
  }

  @Benchmark
  @OperationsPerInvocation(TASKS)
  public void peer_forkJoinPool2() {
    submitAll(fj2);
  }

  @Benchmark
  @OperationsPerInvocation(TASKS)
  public void peer_completableFutureRunAsync() {
    CompletableFuture<?>[] all = new CompletableFuture<?>[TASKS];
    for (int i = 0; i < TASKS; i++) {
      all[i] = CompletableFuture.runAsync(() -> {}, fj2);
    }
    CompletableFuture.allOf(all).join();
  }

  /** JDK 21+: one virtual thread per task. */
  @Benchmark
  @OperationsPerInvocation(TASKS)
  public void peer_virtualThreadPerTask() {
    submitAll(virtual);
  }
}
