package maitake.bench;

import java.util.concurrent.TimeUnit;
import maitake.future.Yield;
import maitake.scheduler.LocalScheduler;
import maitake.scheduler.Scheduler;
import maitake.spi.Toolkit;
import maitake.task.JoinHandle;
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
 * The poll and wake of a yielding task: one long-lived task yields forever and each operation
 * is one tick that polls it once (budget is reached by the self-wake re-queue, so a tick is 256
 * poll-and-wake cycles; the score is per tick). Steady state must allocate nothing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class YieldBench {
  Scheduler scheduler;
  LocalScheduler local;
  JoinHandle<Void> a;
  JoinHandle<Void> b;

  @Setup(Level.Trial)
  public void setup() {
    Toolkit kit = Toolkit.load();
    scheduler = kit.newScheduler();
    local = kit.newLocalScheduler();
    a = scheduler.spawn(new Yield(Integer.MAX_VALUE));
    b = local.spawn(new Yield(Integer.MAX_VALUE));
  }

  @Benchmark
  public int schedulerTickOfYieldingTask() {
    return scheduler.tick().polled();
  }

  @Benchmark
  public int localSchedulerTickOfYieldingTask() {
    return local.tick().polled();
  }
}
