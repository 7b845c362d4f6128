package maitake.bench;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Poll;
import maitake.scheduler.LocalScheduler;
import maitake.scheduler.Scheduler;
import maitake.scheduler.Tick;
import maitake.spi.Toolkit;
import maitake.task.TaskStorage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * spawn_many: spawn 10,000 trivial tasks from outside and run them all to completion; the
 * score is per task. The floor is a loop that allocates one Runnable per task into an
 * ArrayDeque and runs them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SpawnBench {
  static final int TASKS = 10_000;

  /** A trivial future, ready at its first poll; stateless, so one instance serves all. */
  static final Future<Object> TRIVIAL = new Future<>() {
    @Override
    public Poll<Object> poll(Context context) {
      return Poll.readyNull();
    }
  };

  Scheduler scheduler;
  LocalScheduler local;
  TaskStorage<Object> storage;
  LocalScheduler storageScheduler;

  @Setup(Level.Trial)
  public void setup() {
    Toolkit kit = Toolkit.load();
    scheduler = kit.newScheduler();
    local = kit.newLocalScheduler();
    storageScheduler = kit.newLocalScheduler();
    storage = storageScheduler.newTaskStorage();
  }

  @Benchmark
  @OperationsPerInvocation(TASKS)
  public void floorRunnableDeque(Blackhole bh) {
    ArrayDeque<Runnable> q = new ArrayDeque<>();
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
  public void localScheduler() {
    for (int i = 0; i < TASKS; i++) {
      local.spawn(TRIVIAL);
    }
    drain(local);
  }

  @Benchmark
  @OperationsPerInvocation(TASKS)
  public void scheduler() {
    for (int i = 0; i < TASKS; i++) {
      scheduler.spawn(TRIVIAL);
    }
    Tick t;
    do {
      t = scheduler.tick();
    } while (t.hasRemaining());
  }

  /** Spawn into one reused task storage, tick, repeat: the zero-allocation spawn path. */
  @Benchmark
  public void localSchedulerReusedStorage() {
    storageScheduler.spawn(storage, TRIVIAL).detach();
    storageScheduler.tick();
  }

  static void drain(LocalScheduler s) {
    Tick t;
    do {
      t = s.tick();
    } while (t.hasRemaining());
  }
}
