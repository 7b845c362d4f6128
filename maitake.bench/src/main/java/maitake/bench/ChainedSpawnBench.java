package maitake.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import maitake.Toolkit;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Poll;
import maitake.scheduler.LocalScheduler;
import maitake.scheduler.Scheduler;
import maitake.scheduler.Spawner;
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

/**
 * chained_spawn: each task spawns the next, 1,000 deep; the score is per task. Each link is a new
 * object on both sides: ours a {@link Link} future, the {@link ForkJoinPool} peer a {@link Step}
 * runnable (which the pool wraps in a task of its own, as our scheduler allocates a task).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChainedSpawnBench {
  static final int DEPTH = 1_000;

  LocalScheduler local;
  Scheduler scheduler;
  ForkJoinPool fj;

  @Setup(Level.Trial)
  public void setup() {
    Toolkit kit = Toolkit.load();
    local = kit.newLocalScheduler();
    scheduler = kit.newScheduler();
    fj = new ForkJoinPool(2);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    fj.shutdownNow();
  }

  /** A task that spawns the next link of the chain and completes. */
  static final class Link implements Future<Void> {
    private final Spawner spawner;
    private final int left;
    private final int[] done;

    Link(Spawner spawner, int left, int[] done) {
      this.spawner = spawner;
      this.left = left;
      this.done = done;
    }

    @Override
    public Poll<Void> poll(Context cx) {
      if (left > 1) {
        spawner.spawn(new Link(spawner, left - 1, done));
      } else {
        done[0]++;
      }
      return Poll.readyNull();
    }
  }

  @Benchmark
  @OperationsPerInvocation(DEPTH)
  public int ours_localScheduler() {
    int[] done = {0};
    local.spawn(new Link(local.spawner(), DEPTH, done));
    Support.drain(local);
    return done[0];
  }

  @Benchmark
  @OperationsPerInvocation(DEPTH)
  public int ours_scheduler() {
    int[] done = {0};
    scheduler.spawn(new Link(scheduler, DEPTH, done));
    Support.drain(scheduler);
    return done[0];
  }

  /** The peer's link: a new Runnable per link, as ours is a new Link future per link. */
  static final class Step implements Runnable {
    private final ForkJoinPool fj;
    private final int left;
    private final CountDownLatch done;

    Step(ForkJoinPool fj, int left, CountDownLatch done) {
      this.fj = fj;
      this.left = left;
      this.done = done;
    }

    @Override
    public void run() {
      if (left > 1) {
        fj.execute(new Step(fj, left - 1, done));
      } else {
        done.countDown();
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(DEPTH)
  public void peer_forkJoinPool() throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    fj.execute(new Step(fj, DEPTH, done));
    done.await();
  }

  @Benchmark
  @OperationsPerInvocation(DEPTH)
  public void peer_completableFutureChain() {
    CompletableFuture<Void> f = CompletableFuture.runAsync(() -> {}, fj);
    for (int i = 1; i < DEPTH; i++) {
      f = f.thenRunAsync(() -> {}, fj);
    }
    f.join();
  }
}
