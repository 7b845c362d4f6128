package maitake.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import maitake.Toolkit;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Poll;
import maitake.scheduler.LocalScheduler;
import maitake.sync.Outcome;
import maitake.sync.Semaphore;
import maitake.task.JoinHandle;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * semaphore_contended: 1,000 tasks on 2 worker threads share 4 permits, each acquiring, yielding
 * once inside (a short critical section) and releasing, 20 times; the score is per acquisition. The
 * peers are java.util.concurrent.Semaphore with 1,000 virtual threads (JDK 21+), and kotlinx's
 * {@code Semaphore} with 1,000 coroutines on {@code Dispatchers.Default} limited to 2 threads
 * (Kotlin code in {@code KotlinxPeers.kt}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SemaphoreContendedBench {
  static final int TASKS = 1_000;
  static final int ROUNDS = 20;
  static final int PERMITS = 4;

  static final class Worker implements Future<Void> {
    private final Semaphore sem;
    private int left = ROUNDS;
    private Future<Outcome<Semaphore.Permit>> acquiring;
    private Semaphore.Permit held;

    Worker(Semaphore sem) {
      this.sem = sem;
    }

    @Override
    public Poll<Void> poll(Context cx) {
      for (; ; ) {
        if (held != null) {
          held.close();
          held = null;
          left--;
        }
        if (left == 0) {
          return Poll.readyNull();
        }
        if (acquiring == null) {
          acquiring = sem.acquire(1);
        }
        Poll<Outcome<Semaphore.Permit>> p = acquiring.poll(cx);
        if (p.isPending()) {
          return Poll.pending();
        }
        acquiring = null;
        held = p.value().value();
        cx.waker().wake();
        return Poll.pending(); // a short critical section that suspends once
      }
    }
  }

  /** As {@link Worker}, through one reusable acquire. */
  static final class ReusingWorker implements Future<Void> {
    private final Semaphore.ReusableAcquire acquire;
    private int left = ROUNDS;
    private Semaphore.Permit held;

    ReusingWorker(Semaphore sem) {
      this.acquire = sem.reusableAcquire(1);
    }

    @Override
    public Poll<Void> poll(Context cx) {
      if (held != null) {
        held.close();
        held = null;
        acquire.reset();
        left--;
      }
      if (left == 0) {
        return Poll.readyNull();
      }
      Poll<Outcome<Semaphore.Permit>> p = acquire.poll(cx);
      if (p.isPending()) {
        return Poll.pending();
      }
      held = p.value().value();
      cx.waker().wake();
      return Poll.pending(); // a short critical section that suspends once
    }
  }

  @Benchmark
  @OperationsPerInvocation(TASKS * ROUNDS)
  public void ours_twoWorkersReusedAcquire() throws InterruptedException {
    run(ReusingWorker::new);
  }

  @Benchmark
  @OperationsPerInvocation(TASKS * ROUNDS)
  public void ours_twoWorkers() throws InterruptedException {
    run(Worker::new);
  }

  private static void run(java.util.function.Function<Semaphore, Future<Void>> worker)
      throws InterruptedException {
    Toolkit kit = Toolkit.load();
    Semaphore sem = kit.newSemaphore(PERMITS);
    LocalScheduler[] s = {kit.newLocalScheduler(), kit.newLocalScheduler()};
    List<List<JoinHandle<Void>>> handles = List.of(new ArrayList<>(), new ArrayList<>());
    for (int i = 0; i < TASKS; i++) {
      handles.get(i % 2).add(s[i % 2].spawner().spawn(worker.apply(sem)));
    }
    Thread other =
        new Thread(
            () -> {
              while (!handles.get(1).stream().allMatch(JoinHandle::isComplete)) {
                s[1].tick();
              }
            });
    other.start();
    while (!handles.get(0).stream().allMatch(JoinHandle::isComplete)) {
      s[0].tick();
    }
    other.join();
  }

  /** JDK 21+. */
  @Benchmark
  @OperationsPerInvocation(TASKS * ROUNDS)
  public void peer_virtualThreadsJucSemaphore() throws InterruptedException {
    java.util.concurrent.Semaphore sem = new java.util.concurrent.Semaphore(PERMITS);
    List<Thread> ts = new ArrayList<>(TASKS);
    for (int i = 0; i < TASKS; i++) {
      ts.add(
          Support.virtualThread(
              () -> {
                for (int r = 0; r < ROUNDS; r++) {
                  sem.acquireUninterruptibly();
                  Thread.yield();
                  sem.release();
                }
              }));
    }
    ts.forEach(Thread::start);
    for (Thread t : ts) {
      t.join();
    }
  }

  @Benchmark
  @OperationsPerInvocation(TASKS * ROUNDS)
  public void peer_kotlinxSemaphoreTwoThreads() {
    KotlinxPeers.semaphoreContended(TASKS, ROUNDS, PERMITS);
  }
}
