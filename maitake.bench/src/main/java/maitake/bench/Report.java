package maitake.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntFunction;
import maitake.Toolkit;
import maitake.scheduler.LocalScheduler;
import maitake.sync.WaitQueue;
import maitake.time.TestClock;
import maitake.time.Timer;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmark suite (quick profile: 1 fork, 3 x 1 s warmup, 3 x 1 s measurement, -prof gc)
 * on the current JDK, measures memory per idle task, and writes {@code docs/benchmarks/jdk<N>.md}
 * (ours, each peer, ours/peer ratios, B/op, the targets) and {@code docs/benchmarks/jdk<N>.json}
 * (JMH's own output).
 *
 * <p>Usage: {@code java -cp maitake.bench/target/benchmarks.jar maitake.bench.Report [--full]
 * [--out DIR] [regex]}. {@code --full} uses 3 forks and longer iterations.
 */
public final class Report {
  private Report() {}

  /** One benchmark row. */
  record Row(
      String suite,
      String name,
      String params,
      double score,
      double error,
      String unit,
      double bytesPerOp) {
    String label() {
      return params.isEmpty() ? name : name + " [" + params + "]";
    }
  }

  public static void main(String[] args) throws RunnerException, IOException {
    boolean full = false;
    Path out = Paths.get("docs", "benchmarks");
    String include = "maitake\\.bench\\..*Bench\\..*";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--full" -> full = true;
        case "--out" -> out = Paths.get(args[++i]);
        default -> include = args[i];
      }
    }
    int jdk = java.lang.Runtime.version().feature();
    Files.createDirectories(out);
    Path json = out.resolve("jdk" + jdk + ".json");
    ChainedOptionsBuilder opts =
        new OptionsBuilder()
            .include(include)
            .forks(full ? 3 : 1)
            .warmupIterations(full ? 5 : 3)
            .warmupTime(TimeValue.milliseconds(1000))
            .measurementIterations(full ? 5 : 3)
            .measurementTime(TimeValue.milliseconds(1000))
            .jvmArgsAppend("-Xmx4g")
            .addProfiler(GCProfiler.class)
            .resultFormat(ResultFormatType.JSON)
            .result(json.toString());
    if (jdk < 21) {
      opts.exclude(".*[Vv]irtual.*"); // no virtual threads before JDK 21
    }
    long start = System.nanoTime();
    Collection<RunResult> results = new Runner(opts.build()).run();
    List<Row> rows = rows(results);
    Map<String, Double> memory = memoryPerIdleTask(1_000_000, jdk);
    String md = markdown(rows, memory, jdk, full, (System.nanoTime() - start) / 1e9);
    Path mdPath = out.resolve("jdk" + jdk + ".md");
    Files.writeString(mdPath, md);
    System.out.println(md);
    System.out.println("wrote " + mdPath + " and " + json);
  }

  static List<Row> rows(Collection<RunResult> results) {
    List<Row> rows = new ArrayList<>();
    for (RunResult r : results) {
      String full = r.getParams().getBenchmark();
      int dot = full.lastIndexOf('.');
      String cls = full.substring(full.lastIndexOf('.', dot - 1) + 1, dot);
      String suite = cls.replace("Bench", "");
      StringBuilder params = new StringBuilder();
      for (String k : r.getParams().getParamsKeys()) {
        params
            .append(params.length() == 0 ? "" : ",")
            .append(k)
            .append('=')
            .append(r.getParams().getParam(k));
      }
      Result<?> primary = r.getPrimaryResult();
      Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
      rows.add(
          new Row(
              suite,
              full.substring(dot + 1),
              params.toString(),
              primary.getScore(),
              primary.getScoreError(),
              primary.getScoreUnit(),
              alloc == null ? Double.NaN : alloc.getScore()));
    }
    return rows;
  }

  // ---------------------------------------------------------------------------------------
  // memory_per_task

  /** Heap bytes per idle thing, for n things made by {@code make} (kept reachable by it). */
  static double bytesPerItem(int n, IntFunction<Object> make) {
    long before = usedAfterGc();
    Object keep = make.apply(n);
    long after = usedAfterGc();
    java.lang.ref.Reference.reachabilityFence(keep);
    return (after - before) / (double) n;
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 4; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static Map<String, Double> memoryPerIdleTask(int n, int jdk) {
    Map<String, Double> m = new LinkedHashMap<>();
    Toolkit kit = Toolkit.load();
    m.put(
        "ours: task parked on a WaitQueue",
        bytesPerItem(
            n,
            k -> {
              LocalScheduler s = kit.newLocalScheduler();
              WaitQueue q = kit.newWaitQueue();
              for (int i = 0; i < k; i++) {
                s.spawn(q.await()).detach();
              }
              Support.drain(s);
              return new Object[] {s, q};
            }));
    m.put(
        "ours: task parked on a Sleep",
        bytesPerItem(
            n,
            k -> {
              LocalScheduler s = kit.newLocalScheduler();
              Timer t = kit.newTimer(new TestClock(Duration.ofMillis(1)));
              Duration hour =
                  Duration.ofHours(1); // shared: a per-call Duration is the caller's 24 B
              for (int i = 0; i < k; i++) {
                s.spawn(t.sleep(hour)).detach();
              }
              Support.drain(s);
              return new Object[] {s, t};
            }));
    m.put(
        "peer: pending CompletableFuture chain (future + thenApply)",
        bytesPerItem(
                n,
                k -> {
                  List<CompletableFuture<Integer>> all = new ArrayList<>(k);
                  for (int i = 0; i < k; i++) {
                    CompletableFuture<Integer> f = new CompletableFuture<>();
                    f.thenApply(x -> x + 1);
                    all.add(f);
                  }
                  return all;
                })
            - 4.0 /* the list's own reference per item */);
    if (jdk >= 21) {
      CountDownLatch release = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>(n);
      double perThread =
          bytesPerItem(
              n,
              k -> {
                for (int i = 0; i < k; i++) {
                  Thread t =
                      Support.virtualThread(
                          () -> {
                            try {
                              release.await();
                            } catch (InterruptedException e) {
                              Thread.currentThread().interrupt();
                            }
                          });
                  t.start();
                  threads.add(t);
                }
                return threads;
              });
      release.countDown();
      for (Thread t : threads) {
        try {
          t.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      m.put("peer: parked virtual thread", perThread);
    }
    return m;
  }

  // ---------------------------------------------------------------------------------------
  // Markdown

  static String markdown(
      List<Row> rows, Map<String, Double> memory, int jdk, boolean full, double seconds) {
    StringBuilder b = new StringBuilder();
    b.append("# Benchmarks on JDK ").append(jdk).append("\n\n");
    b.append(
        String.format(
            Locale.ROOT,
            "%s profile (%s), -prof gc, on %s (%d cores), JDK %s; "
                + "the whole run took %.0f s. Scores are average time per operation (lower is "
                + "better); ratios are ours / peer (below 1: ours is faster); B/op is JMH's "
                + "gc.alloc.rate.norm.%n%n",
            full ? "Full" : "Quick",
            full
                ? "3 forks, 5 x 1 s warmup, 5 x 1 s measurement"
                : "1 fork, 3 x 1 s warmup, 3 x 1 s measurement",
            System.getProperty("os.arch"),
            java.lang.Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.version"),
            seconds));
    Map<String, List<Row>> bySuite = new TreeMap<>();
    for (Row r : rows) {
      bySuite.computeIfAbsent(r.suite(), k -> new ArrayList<>()).add(r);
    }
    b.append("## Targets\n\n").append(targets(rows, memory, jdk)).append('\n');
    for (Map.Entry<String, List<Row>> e : bySuite.entrySet()) {
      b.append("## ").append(e.getKey()).append("\n\n");
      b.append("| benchmark | score | unit | B/op |\n|---|---:|---|---:|\n");
      for (Row r : e.getValue()) {
        b.append(
            String.format(
                Locale.ROOT,
                "| %s | %.2f ± %.2f | %s | %s |%n",
                r.label(),
                r.score(),
                r.error(),
                r.unit(),
                bytes(r.bytesPerOp())));
      }
      List<Row> ours = e.getValue().stream().filter(r -> r.name().startsWith("ours")).toList();
      List<Row> peers =
          e.getValue().stream()
              .filter(r -> r.name().startsWith("peer") || r.name().startsWith("floor"))
              .toList();
      if (!ours.isEmpty() && !peers.isEmpty()) {
        b.append("\n| ours / peer |");
        for (Row p : peers) {
          b.append(' ').append(p.label()).append(" |");
        }
        b.append("\n|---|");
        b.append("---:|".repeat(peers.size()));
        b.append('\n');
        for (Row o : ours) {
          b.append("| ").append(o.label()).append(" |");
          for (Row p : peers) {
            boolean comparable =
                o.params().isEmpty() || p.params().isEmpty() || o.params().equals(p.params());
            b.append(
                comparable ? String.format(Locale.ROOT, " %.2f |", o.score() / p.score()) : " |");
          }
          b.append('\n');
        }
      }
      b.append('\n');
    }
    b.append(
        "## memory_per_task (1,000,000 idle tasks)\n\n| what | bytes per idle task |\n"
            + "|---|---:|\n");
    memory.forEach((k, v) -> b.append(String.format(Locale.ROOT, "| %s | %.0f |%n", k, v)));
    return b.toString();
  }

  private static String bytes(double b) {
    if (Double.isNaN(b)) {
      return "n/a";
    }
    return b < 1 ? String.format(Locale.ROOT, "%.3f", b) : String.format(Locale.ROOT, "%.0f", b);
  }

  private static Row find(List<Row> rows, String suite, String name) {
    return rows.stream()
        .filter(r -> r.suite().equals(suite) && r.name().equals(name))
        .findFirst()
        .orElse(null);
  }

  private static String targets(List<Row> rows, Map<String, Double> memory, int jdk) {
    StringBuilder b = new StringBuilder("| target | measured | verdict |\n|---|---|---|\n");
    ratio(
        b,
        rows,
        "SpawnMany",
        "ours_localScheduler",
        "floor_runnableDeque",
        2.0,
        "spawn_many LocalScheduler at most 2x the floor");
    ratio(
        b,
        rows,
        "SpawnMany",
        "ours_scheduler",
        "floor_runnableDeque",
        4.0,
        "spawn_many Scheduler at most 4x the floor");
    for (String peer :
        List.of("peer_singleThreadExecutor", "peer_forkJoinPool1", "peer_forkJoinPool2")) {
      ratio(
          b,
          rows,
          "SpawnMany",
          "ours_localScheduler",
          peer,
          1.0,
          "spawn_many LocalScheduler faster than " + peer);
      ratio(
          b,
          rows,
          "SpawnMany",
          "ours_scheduler",
          peer,
          1.0,
          "spawn_many Scheduler faster than " + peer);
    }
    if (jdk >= 21) {
      ratio(
          b,
          rows,
          "SpawnMany",
          "ours_localScheduler",
          "peer_virtualThreadPerTask",
          1 / 3.0,
          "spawn_many at least 3x faster than a virtual thread per task");
      ratio(
          b,
          rows,
          "SpawnMany",
          "ours_scheduler",
          "peer_virtualThreadPerTask",
          1 / 3.0,
          "spawn_many (Scheduler) at least 3x faster than a virtual thread per task");
      ratio(
          b,
          rows,
          "PingPong",
          "ours_oneThread",
          "peer_virtualThreadsSynchronousQueue",
          1 / 20.0,
          "ping_pong at least 20x faster than two virtual threads");
      ratio(
          b,
          rows,
          "PingPong",
          "ours_oneThreadReusedFutures",
          "peer_virtualThreadsSynchronousQueue",
          1 / 20.0,
          "ping_pong (reused futures) at least 20x faster than two virtual threads");
      ratio(
          b,
          rows,
          "PingPong",
          "ours_twoThreads",
          "peer_virtualThreadsSynchronousQueue",
          1.0,
          "ping_pong across two threads ahead of two virtual threads");
    }
    for (Row peer : rows) {
      if (peer.name().startsWith("peer")
          && (peer.suite().equals("YieldMany") || peer.suite().equals("ChainedSpawn"))) {
        ratio(
            b,
            rows,
            peer.suite(),
            "ours_localScheduler",
            peer.name(),
            1.0,
            peer.suite() + " LocalScheduler ahead of " + peer.name());
        ratio(
            b,
            rows,
            peer.suite(),
            "ours_scheduler",
            peer.name(),
            1.0,
            peer.suite() + " Scheduler ahead of " + peer.name());
      }
    }
    ratio(
        b,
        rows,
        "TimerInsertCancel",
        "ours_reusedSleep",
        "peer_agronaDeadlineTimerWheel",
        1.5,
        "timer_insert_cancel at most 1.5x Agrona");
    ratio(
        b,
        rows,
        "TimerInsertCancel",
        "ours_reusedSleep",
        "peer_scheduledThreadPoolExecutor",
        0.2,
        "timer_insert_cancel at least 5x faster than STPE");
    ratio(
        b,
        rows,
        "TimerInsertCancel",
        "ours_reusedSleep",
        "peer_nettyHashedWheelTimer",
        0.2,
        "timer_insert_cancel at least 5x faster than Netty");
    ratio(
        b,
        rows,
        "MutexUncontended",
        "ours_tryLock",
        "peer_reentrantLock",
        2.0,
        "mutex_uncontended at most 2x ReentrantLock");
    ratio(
        b,
        rows,
        "RuntimeMixed",
        "ours_runtime",
        "peer_forkJoinCompletableFuture",
        1.0,
        "runtime_mixed (2 workers) ahead of ForkJoinPool with CompletableFuture");
    ratio(
        b,
        rows,
        "RuntimeMixed",
        "ours_runtime",
        "peer_virtualThreadPerTask",
        1.0,
        "runtime_mixed (2 workers) ahead of a virtual thread per task");
    ratio(
        b,
        rows,
        "RuntimeMixed",
        "ours_runtime_noSleep",
        "peer_forkJoinCompletableFuture_noSleep",
        1.0,
        "runtime_mixed without the sleep ahead of ForkJoinPool with CompletableFuture");
    ratio(
        b,
        rows,
        "RuntimeMixed",
        "ours_runtime_noSleep",
        "peer_virtualThreadPerTask_noSleep",
        1.0,
        "runtime_mixed without the sleep ahead of a virtual thread per task");
    ratio(
        b,
        rows,
        "MutexHandoff",
        "ours_localScheduler",
        "peer_kotlinxMutexTwoCoroutines",
        1.0,
        "mutex_handoff ahead of kotlinx Mutex");
    ratio(
        b,
        rows,
        "SemaphoreContended",
        "ours_twoWorkers",
        "peer_kotlinxSemaphoreTwoThreads",
        1.0,
        "semaphore_contended ahead of kotlinx Semaphore");
    ratio(
        b,
        rows,
        "RuntimeMixed",
        "ours_runtime",
        "peer_kotlinxDefaultDispatcher",
        1.0,
        "runtime_mixed (2 workers) ahead of kotlinx Dispatchers.Default");
    ratio(
        b,
        rows,
        "RuntimeMixed",
        "ours_runtime_noSleep",
        "peer_kotlinxDefaultDispatcher_noSleep",
        1.0,
        "runtime_mixed without the sleep ahead of kotlinx Dispatchers.Default");
    zero(
        b,
        rows,
        "SpawnMany",
        "ours_localSchedulerReusedStorage",
        "0 B/op: spawn into reused task storage");
    zero(b, rows, "YieldMany", "ours_localScheduler", "0 B/op: poll and wake of a yielding task");
    zero(b, rows, "TimerExpire", "ours_reusedSleeps", "0 B/op: sleep register and fire (reused)");
    zero(
        b,
        rows,
        "TimerInsertCancel",
        "ours_reusedSleep",
        "0 B/op: sleep register and abandon (reused)");
    zero(b, rows, "MutexUncontended", "ours_tryLock", "0 B/op: uncontended lock and unlock");
    zero(
        b,
        rows,
        "MutexUncontended",
        "ours_lockFuture",
        "0 B/op: uncontended lock future and unlock");
    zero(
        b,
        rows,
        "MutexUncontended",
        "ours_reusableLockFuture",
        "0 B/op: uncontended reusable lock future and unlock");
    zero(
        b,
        rows,
        "PingPong",
        "ours_oneThreadReusedFutures",
        "0 B/op: ping_pong round trip on one thread (reused futures)");
    zero(b, rows, "IntervalTick", "ours_intervalTicksView", "0 B/op: an interval's tick (view)");
    zero(
        b,
        rows,
        "MutexUncontended",
        "ours_semaphoreAcquireRelease",
        "0 B/op: semaphore acquire and release");
    for (Map.Entry<String, Double> e : memory.entrySet()) {
      if (e.getKey().startsWith("ours")) {
        b.append(
            String.format(
                Locale.ROOT,
                "| memory_per_task at most 128 B (%s) | %.0f B | %s |%n",
                e.getKey().substring(6),
                e.getValue(),
                e.getValue() <= 128 ? "met" : "MISSED"));
      }
    }
    for (String name : List.of("ours_tickAmongIdleTasks", "ours_turnAmongIdleSleeps")) {
      List<Row> scale =
          rows.stream().filter(r -> r.suite().equals("Scale") && r.name().equals(name)).toList();
      if (scale.size() > 1) {
        double min = scale.stream().mapToDouble(Row::score).min().orElse(1);
        double max = scale.stream().mapToDouble(Row::score).max().orElse(1);
        b.append(
            String.format(
                Locale.ROOT,
                "| scale %s within 1.5x from 1k to 1M | max/min " + "%.2f | %s |%n",
                name,
                max / min,
                max / min <= 1.5 ? "met" : "MISSED"));
      }
    }
    return b.toString();
  }

  private static void ratio(
      StringBuilder b,
      List<Row> rows,
      String suite,
      String ours,
      String peer,
      double max,
      String target) {
    Row o = find(rows, suite, ours);
    Row p = find(rows, suite, peer);
    if (o == null || p == null) {
      b.append("| ").append(target).append(" | not run | n/a |\n");
      return;
    }
    double r = o.score() / p.score();
    b.append(
        String.format(Locale.ROOT, "| %s | %.2f | %s |%n", target, r, r <= max ? "met" : "MISSED"));
  }

  private static void zero(
      StringBuilder b, List<Row> rows, String suite, String ours, String target) {
    Row o = find(rows, suite, ours);
    if (o == null) {
      b.append("| ").append(target).append(" | not run | n/a |\n");
      return;
    }
    b.append(
        String.format(
            Locale.ROOT,
            "| %s | %s B/op | %s |%n",
            target,
            bytes(o.bytesPerOp()),
            o.bytesPerOp() < 1 ? "met" : "MISSED"));
  }
}
