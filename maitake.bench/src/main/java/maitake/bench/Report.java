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
 * Runs the benchmark suite (quick profile: 1 fork, 2 x 1 s warmup, 3 x 1 s measurement, -prof gc)
 * on the current JDK, once or several times over, measures memory per idle task and a runtime's
 * timer lateness, and writes {@code docs/benchmarks/jdk<N>.md} (ours, each peer, ours/peer ratios
 * with their intervals, B/op, the targets with a verdict from every run), the charts {@code
 * jdk<N>-scale.svg} and {@code jdk<N>-timer-lateness.svg}, and {@code jdk<N>.json} (JMH's own
 * output; {@code jdk<N>-run2.json} and so on for later runs).
 *
 * <p>Usage: {@code java -cp maitake.bench/target/benchmarks.jar maitake.bench.Report [--full]
 * [--repeat N] [--quiet] [--out DIR] [regex]}. {@code --full} uses 3 forks and longer iterations;
 * {@code --repeat N} runs the suite N times and gives each verdict from all N; {@code --quiet}
 * states in the report that nothing else ran on the machine meanwhile.
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
      double bytesPerOp,
      double min,
      double max) {
    String label() {
      return params.isEmpty() ? name : name + " [" + params + "]";
    }
  }

  public static void main(String[] args) throws RunnerException, IOException {
    boolean full = false;
    boolean quiet = false;
    int repeat = 1;
    Path out = Paths.get("docs", "benchmarks");
    String include = "maitake\\.bench\\..*Bench\\..*";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--full" -> full = true;
        case "--quiet" -> quiet = true;
        case "--repeat" -> repeat = Integer.parseInt(args[++i]);
        case "--out" -> out = Paths.get(args[++i]);
        default -> include = args[i];
      }
    }
    if (repeat < 1) {
      throw new IllegalArgumentException("--repeat takes a count of at least 1: " + repeat);
    }
    int jdk = java.lang.Runtime.version().feature();
    Files.createDirectories(out);
    long start = System.nanoTime();
    List<List<Row>> runs = new ArrayList<>();
    for (int run = 1; run <= repeat; run++) {
      Path json = out.resolve("jdk" + jdk + (run == 1 ? "" : "-run" + run) + ".json");
      ChainedOptionsBuilder opts =
          new OptionsBuilder()
              .include(include)
              .forks(full ? 3 : 1)
              .warmupIterations(full ? 5 : 2)
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
      runs.add(rows(new Runner(opts.build()).run()));
    }
    Map<String, Double> memory = memoryPerIdleTask(1_000_000, jdk);
    long[] lateness = timerLateness();
    String scaleSvg = "jdk" + jdk + "-scale.svg";
    String latenessSvg = "jdk" + jdk + "-timer-lateness.svg";
    Files.writeString(out.resolve(scaleSvg), scaleChart(runs.get(0), jdk));
    Files.writeString(out.resolve(latenessSvg), latenessChart(lateness, jdk));
    String md =
        markdown(
            runs,
            memory,
            jdk,
            full,
            quiet,
            (System.nanoTime() - start) / 1e9,
            scaleSvg,
            latenessSvg);
    Path mdPath = out.resolve("jdk" + jdk + ".md");
    Files.writeString(mdPath, md);
    System.out.println(md);
    System.out.println("wrote " + mdPath + ", the JMH JSON and the charts in " + out);
  }

  // ---------------------------------------------------------------------------------------
  // Charts

  /** The scale rows of one run: cost per operation against idle tasks, with the flat line. */
  static String scaleChart(List<Row> rows, int jdk) {
    List<Svg.Series> series = new ArrayList<>();
    for (String name : List.of("ours_tickAmongIdleTasks", "ours_turnAmongIdleSleeps")) {
      List<Row> scale =
          rows.stream()
              .filter(r -> r.suite().equals("Scale") && r.name().equals(name))
              .sorted(java.util.Comparator.comparingDouble(Report::idleParam))
              .toList();
      if (scale.isEmpty()) {
        continue;
      }
      series.add(
          new Svg.Series(
              name.substring(5),
              scale.stream().mapToDouble(Report::idleParam).toArray(),
              scale.stream().mapToDouble(Row::score).toArray()));
    }
    return Svg.lines(
        "scale on JDK " + jdk + ": cost per operation against idle tasks",
        "idle tasks or sleeps (log scale)",
        "ns per operation",
        series);
  }

  private static double idleParam(Row r) {
    for (String kv : r.params().split(",")) {
      if (kv.startsWith("idle=")) {
        return Double.parseDouble(kv.substring(5));
      }
    }
    return 1;
  }

  /**
   * A runtime's timer lateness: 2 workers on the system clock, 20,000 tasks that each sleep 1 to 20
   * ms, five times over; the histogram of how late the turns that fired sleeps were.
   */
  static long[] timerLateness() {
    try (maitake.runtime.Runtime rt =
        maitake.runtime.Runtime.builder(Toolkit.load()).workers(2).build()) {
      java.util.Random random = new java.util.Random(42);
      for (int round = 0; round < 5; round++) {
        List<maitake.task.JoinHandle<Void>> all = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
          all.add(rt.spawn(rt.timer().sleep(Duration.ofMillis(1 + random.nextInt(20)))));
        }
        for (maitake.task.JoinHandle<Void> h : all) {
          rt.blockOn(h);
        }
      }
      return rt.stats().timerLatenessHistogram();
    }
  }

  static String latenessChart(long[] histogram, int jdk) {
    String[] labels = new String[histogram.length];
    labels[0] = "<1";
    for (int i = 1; i < histogram.length - 1; i++) {
      labels[i] = Svg.compact(1L << (i - 1)) + "-" + Svg.compact(1L << i);
    }
    labels[histogram.length - 1] = ">=" + Svg.compact(1L << (histogram.length - 2));
    return Svg.bars(
        "runtime timer lateness on JDK " + jdk + " (2 workers, 100,000 sleeps of 1-20 ms)",
        "lateness of a turn that fired sleeps (ms)",
        "turns",
        labels,
        histogram);
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
              alloc == null ? Double.NaN : alloc.getScore(),
              primary.getStatistics().getMin(),
              primary.getStatistics().getMax()));
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
      List<List<Row>> runs,
      Map<String, Double> memory,
      int jdk,
      boolean full,
      boolean quiet,
      double seconds,
      String scaleSvg,
      String latenessSvg) {
    List<Row> rows = runs.get(0);
    StringBuilder b = new StringBuilder();
    b.append("# Benchmarks on JDK ").append(jdk).append("\n\n");
    b.append(
        String.format(
            Locale.ROOT,
            "%s profile (%s), -prof gc, %s, on %s (%d cores), JDK %s; "
                + "the whole report took %.0f s. Scores are average time per operation (lower is "
                + "better); ratios are ours / peer (below 1: ours is faster), with the range "
                + "their measurement iterations span in brackets (ours' fastest over the peer's "
                + "slowest, ours' slowest over the peer's fastest); B/op is JMH's "
                + "gc.alloc.rate.norm. The Scale rows' forks compile synchronously (-Xbatch), "
                + "so that they measure the number of idle tasks and not the compiler's timing "
                + "(ScaleBench's Javadoc gives the figures).%n%n",
            full ? "Full" : "Quick",
            full
                ? "3 forks, 5 x 1 s warmup, 5 x 1 s measurement"
                : "1 fork, 2 x 1 s warmup, 3 x 1 s measurement",
            runs.size() == 1
                ? "one run"
                : runs.size()
                    + " independent runs of the whole suite, each verdict from all of them",
            System.getProperty("os.arch"),
            java.lang.Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.version"),
            seconds));
    b.append(
        quiet
            ? "Run on a quiet machine: whoever ran it stated (--quiet) that nothing else ran"
                + " beside it (no build, no test suite, no second benchmark).\n\n"
            : "Not stated to be a quiet machine (no --quiet): other work may have run beside"
                + " it.\n\n");
    Targets t = new Targets();
    for (List<Row> run : runs) {
      targets(t, run, jdk);
    }
    memoryTargets(t, memory, runs.size());
    b.append("## Targets\n\n").append(t.markdown(runs.size())).append('\n');
    b.append("## Charts\n\n")
        .append("![scale](")
        .append(scaleSvg)
        .append(")\n\n![runtime timer lateness](")
        .append(latenessSvg)
        .append(")\n\n");
    Map<String, List<Row>> bySuite = new TreeMap<>();
    for (Row r : rows) {
      bySuite.computeIfAbsent(r.suite(), k -> new ArrayList<>()).add(r);
    }
    for (Map.Entry<String, List<Row>> e : bySuite.entrySet()) {
      b.append("## ").append(e.getKey()).append("\n\n");
      b.append("| benchmark |");
      for (int i = 1; i <= runs.size(); i++) {
        b.append(runs.size() == 1 ? " score |" : " run " + i + " |");
      }
      b.append(" unit | B/op |\n|---|").append("---:|".repeat(runs.size())).append("---|---:|\n");
      for (Row r : e.getValue()) {
        b.append("| ").append(r.label()).append(" |");
        for (List<Row> run : runs) {
          Row x = findExact(run, r);
          b.append(
              x == null
                  ? " not run |"
                  : String.format(Locale.ROOT, " %.2f ± %.2f |", x.score(), x.error()));
        }
        b.append(' ').append(r.unit()).append(" | ").append(bytes(r.bytesPerOp())).append(" |\n");
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
            if (!comparable) {
              b.append(" |");
              continue;
            }
            List<String> cells = new ArrayList<>();
            for (List<Row> run : runs) {
              Row ro = findExact(run, o);
              Row rp = findExact(run, p);
              cells.add(
                  ro == null || rp == null
                      ? "n/a"
                      : String.format(Locale.ROOT, "%.2f", ro.score() / rp.score()));
            }
            b.append(' ').append(String.join(", ", cells)).append(" |");
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

  private static Row findExact(List<Row> rows, Row like) {
    return rows.stream()
        .filter(
            r ->
                r.suite().equals(like.suite())
                    && r.name().equals(like.name())
                    && r.params().equals(like.params()))
        .findFirst()
        .orElse(null);
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

  /** Fills in one run's cells of every target (the memory targets are measured once). */
  private static void targets(Targets b, List<Row> rows, int jdk) {
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
        2.5,
        "timer_insert_cancel (shared timer) at most 2.5x Agrona");
    ratio(
        b,
        rows,
        "TimerInsertCancel",
        "ours_localTimerReusedSleep",
        "peer_agronaDeadlineTimerWheel",
        1.2,
        "timer_insert_cancel (local timer, owner thread) at most 1.2x Agrona");
    ratio(
        b,
        rows,
        "TimerExpire",
        "ours_reusedSleeps",
        "peer_agronaDeadlineTimerWheel",
        1.5,
        "timer_expire (shared timer) at most 1.5x Agrona");
    ratio(
        b,
        rows,
        "TimerExpire",
        "ours_localTimerReusedSleeps",
        "peer_agronaDeadlineTimerWheel",
        1.2,
        "timer_expire (local timer) at most 1.2x Agrona");
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
        "TimerExpire",
        "ours_localTimerReusedSleeps",
        "0 B/op: local timer sleep register and fire (reused)");
    zero(
        b,
        rows,
        "TimerInsertCancel",
        "ours_localTimerReusedSleep",
        "0 B/op: local timer sleep register and abandon (reused)");
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
    for (String name : List.of("ours_tickAmongIdleTasks", "ours_turnAmongIdleSleeps")) {
      List<Row> scale =
          rows.stream().filter(r -> r.suite().equals("Scale") && r.name().equals(name)).toList();
      if (scale.size() > 1) {
        double min = scale.stream().mapToDouble(Row::score).min().orElse(1);
        double max = scale.stream().mapToDouble(Row::score).max().orElse(1);
        b.put(
            "scale " + name + " within 1.5x from 1k to 1M",
            String.format(Locale.ROOT, "max/min %.2f", max / min),
            max / min <= 1.5);
      }
    }
  }

  /** The memory targets, measured once per report. */
  private static void memoryTargets(Targets b, Map<String, Double> memory, int runs) {
    for (Map.Entry<String, Double> e : memory.entrySet()) {
      if (e.getKey().startsWith("ours")) {
        for (int i = 0; i < runs; i++) {
          b.put(
              "memory_per_task at most 128 B (" + e.getKey().substring(6) + ", measured once)",
              String.format(Locale.ROOT, "%.0f B", e.getValue()),
              e.getValue() <= 128);
        }
      }
    }
  }

  /**
   * The targets' cells, one per run, in the order the targets are first named; a verdict is null
   * when the target could not be measured.
   */
  static final class Targets {
    private final Map<String, List<String>> measured = new LinkedHashMap<>();
    private final Map<String, List<Boolean>> met = new LinkedHashMap<>();

    void put(String target, String text, Boolean verdict) {
      measured.computeIfAbsent(target, k -> new ArrayList<>()).add(text);
      met.computeIfAbsent(target, k -> new ArrayList<>()).add(verdict);
    }

    String markdown(int runs) {
      StringBuilder b = new StringBuilder("| target |");
      for (int i = 1; i <= runs; i++) {
        b.append(runs == 1 ? " measured |" : " run " + i + " |");
      }
      b.append(" verdict |\n|---|").append("---|".repeat(runs)).append("---|\n");
      for (Map.Entry<String, List<String>> e : measured.entrySet()) {
        b.append("| ").append(e.getKey()).append(" |");
        for (String m : e.getValue()) {
          b.append(' ').append(m).append(" |");
        }
        b.append(' ').append(verdict(met.get(e.getKey()))).append(" |\n");
      }
      return b.toString();
    }

    /** met, MISSED, n/a, or (runs disagreeing) which runs met it. */
    static String verdict(List<Boolean> v) {
      if (v.stream().anyMatch(x -> x == null)) {
        return "n/a";
      }
      long n = v.stream().filter(x -> x).count();
      String both = v.size() > 1 ? " (every run)" : "";
      if (n == v.size()) {
        return "met" + both;
      }
      if (n == 0) {
        return "MISSED" + both;
      }
      StringBuilder b = new StringBuilder("split: met in run");
      for (int i = 0; i < v.size(); i++) {
        if (v.get(i)) {
          b.append(' ').append(i + 1);
        }
      }
      return b.append(" only").toString();
    }
  }

  private static void ratio(
      Targets b,
      List<Row> rows,
      String suite,
      String ours,
      String peer,
      double max,
      String target) {
    Row o = find(rows, suite, ours);
    Row p = find(rows, suite, peer);
    if (o == null || p == null) {
      b.put(target, "not run", null);
      return;
    }
    double r = o.score() / p.score();
    b.put(target, ratioWithInterval(o, p), r <= max);
  }

  /**
   * The ratio of two scores, with the range their measurement iterations span: from ours' fastest
   * iteration over the peer's slowest to ours' slowest over the peer's fastest. (JMH's 99.9%
   * confidence interval over three iterations is too wide to tell anything.)
   */
  static String ratioWithInterval(Row o, Row p) {
    double r = o.score() / p.score();
    return String.format(Locale.ROOT, "%.2f [%.2f, %.2f]", r, o.min() / p.max(), o.max() / p.min());
  }

  private static void zero(Targets b, List<Row> rows, String suite, String ours, String target) {
    Row o = find(rows, suite, ours);
    if (o == null) {
      b.put(target, "not run", null);
      return;
    }
    b.put(target, bytes(o.bytesPerOp()) + " B/op", o.bytesPerOp() < 1);
  }
}
