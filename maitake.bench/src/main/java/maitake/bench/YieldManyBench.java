package maitake.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import maitake.Toolkit;
import maitake.future.Yield;
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

/**
 * yield_many: 200 tasks that yield 1,000 times each; the score is per yield. Ours reuses its task
 * storage and Yield futures, so steady state allocates nothing (the poll and wake of a yielding
 * task). Threads yield with Thread.yield().
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class YieldManyBench {
  static final int TASKS = 200;
  static final int YIELDS = 1_000;

  LocalScheduler local;
  Scheduler scheduler;
  TaskStorage<Void>[] localStorage;
  TaskStorage<Void>[] sharedStorage;
  Yield[] yields;

  @Setup(Level.Trial)
  @SuppressWarnings("unchecked")
  public void setup() {
    Toolkit kit = Toolkit.load();
    local = kit.newLocalScheduler();
    scheduler = kit.newScheduler();
    localStorage = new TaskStorage[TASKS];
    sharedStorage = new TaskStorage[TASKS];
    yields = new Yield[TASKS];
    for (int i = 0; i < TASKS; i++) {
      localStorage[i] = local.newTaskStorage();
      sharedStorage[i] = scheduler.newTaskStorage();
      yields[i] = new Yield(0);
    }
  }

  @Benchmark
  @OperationsPerInvocation(TASKS * YIELDS)
  public void ours_localScheduler() {
    for (int i = 0; i < TASKS; i++) {
      local.spawn(localStorage[i], yields[i].reset(YIELDS)).detach();
    }
    Support.drain(local);
  }

  @Benchmark
  @OperationsPerInvocation(TASKS * YIELDS)
  public void ours_scheduler() {
    for (int i = 0; i < TASKS; i++) {
      scheduler.spawn(sharedStorage[i], yields[i].reset(YIELDS)).detach();
    }
    Support.drain(scheduler);
  }

  private static void yieldingThreads(boolean virtual) throws InterruptedException {
    List<Thread> ts = new ArrayList<>(TASKS);
    Runnable body =
        () -> {
          for (int i = 0; i < YIELDS; i++) {
            Thread.yield();
          }
        };
    for (int i = 0; i < TASKS; i++) {
      ts.add(virtual ? Support.virtualThread(body) : new Thread(body));
    }
    ts.forEach(Thread::start);
    for (Thread t : ts) {
      t.join();
    }
  }

  @Benchmark
  @OperationsPerInvocation(TASKS * YIELDS)
  public void peer_platformThreads() throws InterruptedException {
    yieldingThreads(false);
  }

  /** JDK 21+. */
  @Benchmark
  @OperationsPerInvocation(TASKS * YIELDS)
  public void peer_virtualThreads() throws InterruptedException {
    yieldingThreads(true);
  }
}
