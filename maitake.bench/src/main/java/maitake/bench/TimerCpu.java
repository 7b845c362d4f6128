package maitake.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import maitake.Toolkit;
import maitake.future.Future;
import maitake.future.Poll;
import maitake.runtime.Runtime;
import maitake.runtime.RuntimeStats;
import maitake.time.Sleep;

/**
 * timer_cpu: the CPU time the 2 workers of a runtime use while many tasks sleep again and again,
 * each for a random 1 to 100 ms on a reused {@link Sleep}, at the default 1 ms timer tick and at
 * 100 us. Not a JMH benchmark: it measures what a timer-heavy load costs in processor time, which a
 * finer tick raises (more turns, more parks). Usage: {@code java -cp
 * maitake.bench/target/benchmarks.jar maitake.bench.TimerCpu [tasks] [seconds]} (10,000 tasks and 5
 * s by default).
 */
public final class TimerCpu {
  private TimerCpu() {}

  public static void main(String[] args) throws InterruptedException {
    int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    long seconds = args.length > 1 ? Long.parseLong(args[1]) : 5;
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (Duration tick :
        List.of(Runtime.Builder.DEFAULT_TIMER_GRANULARITY, Duration.ofNanos(100_000))) {
      List<Thread> threads = new CopyOnWriteArrayList<>();
      Runtime rt =
          IdleCpu.collectingThreads(
                  Runtime.builder(Toolkit.load()).workers(2).timerGranularity(tick),
                  "timer-cpu-worker",
                  threads)
              .build();
      for (int i = 0; i < tasks; i++) {
        rt.spawn(sleeper(rt, new SplittableRandom(i))).detach();
      }
      Thread.sleep(1000); // every task has slept a few times: steady state
      long before = IdleCpu.cpuNanos(mx, threads);
      RuntimeStats s0 = rt.stats();
      Thread.sleep(seconds * 1000);
      long used = IdleCpu.cpuNanos(mx, threads) - before;
      RuntimeStats s1 = rt.stats();
      System.out.printf(
          Locale.ROOT,
          "tick %s, %d tasks, 2 workers, %d s: %.1f%% of one core, %d fired/s, %d turns/s, %d"
              + " parks/s%n",
          tick,
          tasks,
          seconds,
          100.0 * used / (seconds * 1e9),
          (s1.timersFired() - s0.timersFired()) / seconds,
          (s1.timerTurns() - s0.timerTurns()) / seconds,
          (s1.parks() - s0.parks()) / seconds);
      rt.close(Duration.ZERO);
    }
  }

  /** Sleeps a random 1-100 ms, again and again, on one Sleep. */
  private static Future<Void> sleeper(Runtime rt, SplittableRandom random) {
    Sleep s = rt.timer().sleep(Duration.ofMillis(1 + random.nextInt(100)));
    return cx -> {
      while (s.poll(cx).isReady()) {
        s.reset(Duration.ofMillis(1 + random.nextInt(100)));
      }
      return Poll.pending();
    };
  }
}
