package maitake.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import maitake.Toolkit;
import maitake.future.Futures;
import maitake.future.Yield;
import maitake.runtime.IdleStrategy;
import maitake.runtime.Runtime;

/**
 * idle_cpu: the CPU time the workers of an idle runtime use over a stretch of wall-clock time, for
 * each idle strategy. Not a JMH benchmark: it measures how little a runtime does when it has
 * nothing to do. Usage: {@code java -cp maitake.bench/target/benchmarks.jar maitake.bench.IdleCpu
 * [seconds]} (10 by default).
 */
public final class IdleCpu {
  private IdleCpu() {}

  public static void main(String[] args) throws InterruptedException {
    long seconds = args.length > 0 ? Long.parseLong(args[0]) : 10;
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (IdleStrategy idle :
        List.of(IdleStrategy.DEFAULT, IdleStrategy.park(), IdleStrategy.backoff(1 << 20, 0))) {
      List<Thread> threads = new CopyOnWriteArrayList<>();
      Runtime rt =
          collectingThreads(
                  Runtime.builder(Toolkit.load()).workers(2).idleStrategy(idle),
                  "idle-cpu-worker",
                  threads)
              .build();
      for (int i = 0; i < 100; i++) {
        Futures.blockOn(rt.spawn(new Yield(10))); // some work first, then nothing
      }
      long before = cpuNanos(mx, threads);
      Thread.sleep(seconds * 1000);
      long used = cpuNanos(mx, threads) - before;
      System.out.printf(
          Locale.ROOT,
          "%-40s 2 workers idle for %d s: %.1f ms CPU (%.3f%% of one core), %d parks, %d idle"
              + " looks%n",
          idle,
          seconds,
          used / 1e6,
          100.0 * used / (seconds * 1e9),
          rt.stats().parks(),
          rt.stats().idleLooks());
      rt.close();
    }
  }

  /**
   * Makes the runtime's worker threads with {@code name} and adds each to {@code threads}, so that
   * their CPU time can be read.
   */
  static Runtime.Builder collectingThreads(Runtime.Builder b, String name, List<Thread> threads) {
    return b.threadFactory(
        r -> {
          Thread t = new Thread(r, name);
          threads.add(t);
          return t;
        });
  }

  /** The CPU time the threads used so far, in nanoseconds. */
  @SuppressWarnings("deprecation") // Thread.threadId() is JDK 19+
  static long cpuNanos(ThreadMXBean mx, List<Thread> threads) {
    long sum = 0;
    for (Thread t : threads) {
      sum += mx.getThreadCpuTime(t.getId());
    }
    return sum;
  }
}
