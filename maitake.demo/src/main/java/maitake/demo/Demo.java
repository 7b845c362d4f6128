package maitake.demo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import maitake.Toolkit;
import maitake.runtime.Runtime;
import maitake.runtime.RuntimeStats;
import maitake.task.JoinHandle;
import maitake.time.Clock;

/**
 * The demo program, independent of how it was started (module path or OSGi): parses the options,
 * runs the workload on a {@link Runtime}, shows live progress, swaps the lock provider while it
 * runs, and ends with a report and the invariant checks.
 */
public final class Demo {

  /** How the demo swaps the lock provider: through the toolkit, or the OSGi service registry. */
  public interface ProviderSwapper {
    /** Makes a different provider active; returns a short description of what it did. */
    String swap();

    /** Puts things back as they were at the start. */
    void restore();
  }

  static final String USAGE =
      """
      usage: maitake-demo [options]
        --workers N         worker threads (default: the number of cores, at least 2)
        --tasks N           tasks to run (default 20000)
        --duration S        seconds over which the tasks are spawned (default 10)
        --provider NAME     pin a lock provider at start: spin, ticket, synchronized,
                            critical-section or built-in (default: the best-ranked)
        --swap-interval S   seconds between lock provider swaps; 0 for none (default 3)
        --style STYLE       how the jobs are written: state-machine (hand-written futures)
                            or combinators (default state-machine)
        --help              this text
      """;

  /** The parsed options. */
  record Options(
      int workers,
      int tasks,
      double durationSeconds,
      String provider,
      double swapIntervalSeconds,
      boolean combinators) {}

  private Demo() {}

  /**
   * Parses the options.
   *
   * @param args the command line
   * @return the options, or null if {@code --help} was given
   * @throws IllegalArgumentException for a bad option
   */
  static Options parse(String[] args) {
    int workers = Math.max(2, java.lang.Runtime.getRuntime().availableProcessors());
    int tasks = 20_000;
    double duration = 10;
    String provider = null;
    double swap = 3;
    boolean combinators = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i].strip();
      switch (a) {
        case "" -> {
          // an empty argument (Maven passes one when no demo arguments are given)
        }
        case "--workers" -> workers = (int) number(args, ++i, a, 1, 256);
        case "--tasks" -> tasks = (int) number(args, ++i, a, 1, 10_000_000);
        case "--duration" -> duration = number(args, ++i, a, 0, 3600);
        case "--provider" -> provider = value(args, ++i, a);
        case "--swap-interval" -> swap = number(args, ++i, a, 0, 3600);
        case "--style" -> {
          String style = value(args, ++i, a);
          combinators =
              switch (style) {
                case "combinators" -> true;
                case "state-machine" -> false;
                default ->
                    throw new IllegalArgumentException(
                        "--style is state-machine or combinators, not " + style);
              };
        }
        case "--help", "-h" -> {
          return null;
        }
        default -> throw new IllegalArgumentException("unknown option: " + a);
      }
    }
    return new Options(workers, tasks, duration, provider, swap, combinators);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length || args[i].isBlank()) {
      throw new IllegalArgumentException("missing value for " + option);
    }
    return args[i].strip();
  }

  private static double number(String[] args, int i, String option, double min, double max) {
    String v = value(args, i, option);
    try {
      double d = Double.parseDouble(v);
      if (d < min || d > max || Double.isNaN(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          option + " needs a number from " + (long) min + " to " + (long) max + ": " + v);
    }
  }

  /**
   * Runs the demo.
   *
   * @param args the command line
   * @param toolkit the kit
   * @param swapper how to swap lock providers
   * @param out where to print progress and the report
   * @param err where to print errors and the usage
   * @return the exit status: 0 when every check passed, 1 when one failed, 2 for bad options
   */
  public static int run(
      String[] args, Toolkit toolkit, ProviderSwapper swapper, PrintStream out, PrintStream err) {
    Options o;
    try {
      o = parse(args);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.print(USAGE);
      return 2;
    }
    if (o == null) {
      out.print(USAGE);
      return 0;
    }
    if (o.provider() != null) {
      try {
        toolkit.pinLockProvider(o.provider());
      } catch (IllegalArgumentException e) {
        err.println("--provider: " + e.getMessage());
        err.print(USAGE);
        return 2;
      }
    }
    try {
      return run(o, toolkit, swapper, out);
    } finally {
      swapper.restore();
      if (o.provider() != null) {
        toolkit.pinLockProvider(null);
      }
    }
  }

  private static int run(Options o, Toolkit toolkit, ProviderSwapper swapper, PrintStream out) {
    out.printf(
        Locale.ROOT,
        "maitake demo: %,d tasks over %.0f s on %d workers, jobs written as "
            + "%s; lock providers %s, active: %s%n",
        o.tasks(),
        o.durationSeconds(),
        o.workers(),
        o.combinators() ? "combinators" : "state machines",
        toolkit.lockProviders(),
        toolkit.activeLockProvider());
    long swapsAtStart = toolkit.lockProviderSwaps();
    List<String> swaps = new ArrayList<>();
    Runtime rt = Runtime.builder(toolkit).workers(o.workers()).clock(Clock.system()).build();
    Workload w = new Workload(rt, toolkit, o.tasks(), 16, o.combinators());
    w.startAuditor(rt);
    List<JoinHandle<Void>> handles = new ArrayList<>(o.tasks());
    long start = System.nanoTime();
    long durationNanos = (long) (o.durationSeconds() * 1e9);
    long swapEvery = o.swapIntervalSeconds() > 0 ? (long) (o.swapIntervalSeconds() * 1e9) : -1;
    long nextSwap = swapEvery > 0 ? start + swapEvery : Long.MAX_VALUE;
    long nextProgress = start + 1_000_000_000L;
    int spawned = 0;
    while (w.finished.get() < o.tasks()) {
      long now = System.nanoTime();
      long due =
          durationNanos == 0
              ? o.tasks()
              : Math.min(
                  o.tasks(), (long) ((double) o.tasks() * (now - start) / durationNanos) + 1);
      while (spawned < due) {
        handles.add(w.spawn(rt, spawned++));
      }
      if (now >= nextSwap) {
        swaps.add(swapper.swap());
        nextSwap += swapEvery;
      }
      if (now >= nextProgress) {
        progress(out, w, rt, toolkit, o, now - start);
        nextProgress += 1_000_000_000L;
      }
      sleepQuietly(10);
    }
    long elapsed = System.nanoTime() - start;
    w.finishAudit();
    RuntimeStats stats = rt.stats();
    rt.close();
    int liveWorkers = rt.liveWorkers();
    boolean handlesDone = handles.stream().allMatch(JoinHandle::isComplete);
    return report(
        out,
        o,
        w,
        stats,
        elapsed,
        toolkit.lockProviderSwaps() - swapsAtStart,
        swaps,
        liveWorkers,
        handlesDone);
  }

  private static void progress(
      PrintStream out, Workload w, Runtime rt, Toolkit kit, Options o, long elapsedNanos) {
    double s = elapsedNanos / 1e9;
    long done = w.finished.get();
    out.printf(
        Locale.ROOT,
        "[%5.1fs] done %,d/%,d  %,.0f tasks/s  locks: %-16s steals: %,d  " + "timeouts: %,d%n",
        s,
        done,
        o.tasks(),
        done / s,
        kit.activeLockProvider(),
        rt.stats().stolen(),
        w.timeouts.get());
  }

  private static int report(
      PrintStream out,
      Options o,
      Workload w,
      RuntimeStats stats,
      long elapsedNanos,
      long swapCount,
      List<String> swaps,
      int liveWorkers,
      boolean handlesDone) {
    double s = elapsedNanos / 1e9;
    long[] late = w.latenessPercentiles();
    long counter = w.sharedCounter();
    int notOnce = w.tasksNotFinishedExactlyOnce();
    long permits = w.pool.availablePermits();
    out.printf(
        Locale.ROOT, "%nreport: %,d tasks on %d workers in %.2f s%n", o.tasks(), o.workers(), s);
    out.printf(Locale.ROOT, "  throughput        %,.0f tasks/s%n", o.tasks() / s);
    out.printf(
        Locale.ROOT,
        "  timer lateness    p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
        late[0] / 1e6,
        late[1] / 1e6,
        late[2] / 1e6);
    out.printf(
        Locale.ROOT,
        "  mutex             %,d locks, %,d hand-offs to a waiter%n",
        w.locks.get(),
        w.handoffs.get());
    out.printf(
        Locale.ROOT,
        "  semaphore         %,d waits for a connection (pool of %d)%n",
        w.semaphoreWaits.get(),
        w.poolSize);
    out.printf(
        Locale.ROOT,
        "  timeouts          %,d of %,d work steps timed out%n",
        w.timeouts.get(),
        o.tasks());
    out.printf(
        Locale.ROOT,
        "  messages          %,d sent, %,d received%n",
        w.sent.get(),
        w.received.get());
    out.printf(
        Locale.ROOT,
        "  scheduling        %,d polls, %,d from the injector, %,d stolen, "
            + "%,d timer turns, %,d parks%n",
        stats.polls(),
        stats.injected(),
        stats.stolen(),
        stats.timerTurns(),
        stats.parks());
    out.printf(
        Locale.ROOT,
        "  timer turns       %,d sleeps fired; the latest turn came %.2f ms after its deadline%n",
        stats.timersFired(),
        stats.maxTimerLateness().toNanos() / 1e6);
    out.printf(Locale.ROOT, "  provider swaps    %d %s%n", swapCount, swaps);
    boolean ok = true;
    ok &=
        check(
            out,
            "every task finished exactly once",
            notOnce == 0 && handlesDone,
            notOnce + " tasks did not finish exactly once");
    ok &=
        check(
            out,
            "the shared counter is exact",
            counter == w.increments.get(),
            counter + " = " + w.increments.get());
    ok &= check(out, "all permits are back", permits == w.poolSize, permits + "/" + w.poolSize);
    ok &=
        check(
            out,
            "every message was received",
            w.sent.get() == w.received.get() && w.sent.get() == o.tasks(),
            w.received.get() + "/" + w.sent.get());
    ok &= check(out, "every worker thread was joined", liveWorkers == 0, liveWorkers + " alive");
    String overload = overload(late[1], w.timeouts.get(), o.tasks());
    out.printf(
        Locale.ROOT, "  load              %s%n", overload == null ? "not overloaded" : overload);
    if (!ok) {
      out.println("CHECK FAILED");
    } else if (overload != null) {
      out.println("nothing was lost, but the run was OVERLOADED: " + overload);
    } else {
      out.println("all checks passed");
    }
    return ok ? 0 : 1;
  }

  /** The p99 timer lateness above which a run is overloaded. */
  static final double OVERLOAD_P99_MILLIS = 25;

  /**
   * Whether a run was overloaded: the timers came late (p99 above {@value #OVERLOAD_P99_MILLIS}
   * ms), or most work steps timed out.
   *
   * @return why the run was overloaded, or null if it was not
   */
  static String overload(long p99LatenessNanos, long timeouts, int steps) {
    List<String> why = new ArrayList<>();
    double p99 = p99LatenessNanos / 1e6;
    if (p99 > OVERLOAD_P99_MILLIS) {
      why.add(
          String.format(
              Locale.ROOT,
              "p99 timer lateness %.2f ms is above the %.0f ms bound",
              p99,
              OVERLOAD_P99_MILLIS));
    }
    if (timeouts * 2 > steps) {
      why.add(String.format(Locale.ROOT, "%,d of %,d work steps timed out", timeouts, steps));
    }
    return why.isEmpty() ? null : String.join("; ", why);
  }

  private static boolean check(PrintStream out, String what, boolean ok, String detail) {
    out.printf(Locale.ROOT, "  check: %-36s %s (%s)%n", what, ok ? "ok" : "FAILED", detail);
    return ok;
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis); // the main thread is not a worker: it only paces spawns and output
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Swaps through the toolkit: alternately pins {@code ticket} and unpins. */
  static ProviderSwapper viaToolkit(Toolkit toolkit) {
    return new ProviderSwapper() {
      private boolean pinned;

      @Override
      public String swap() {
        pinned = !pinned;
        String target =
            pinned
                ? (toolkit.activeLockProvider().equals("ticket") ? "synchronized" : "ticket")
                : null;
        toolkit.pinLockProvider(target);
        return toolkit.activeLockProvider();
      }

      @Override
      public void restore() {
        if (pinned) {
          toolkit.pinLockProvider(null);
        }
      }
    };
  }
}
