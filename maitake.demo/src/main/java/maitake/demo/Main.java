package maitake.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import maitake.future.Future;
import maitake.future.Futures;
import maitake.future.Yield;
import maitake.scheduler.LocalScheduler;
import maitake.scheduler.Scheduler;
import maitake.scheduler.Spawner;
import maitake.scheduler.Tick;
import maitake.spi.Toolkit;
import maitake.task.JoinHandle;

/**
 * The demo: 1,000 parent tasks each spawn 99 children (100,000 tasks in all); each child
 * yields a few times and returns a number, and each parent joins its children and sums them.
 * The main thread ticks the scheduler until every parent is done, then prints the tick totals,
 * the rate, and a check that every task delivered exactly its value. It runs once on the
 * thread-safe {@link Scheduler} and once on the thread-confined {@link LocalScheduler}.
 */
public final class Main {
  private static final String USAGE = """
      usage: maitake.demo [--parents N] [--children N] [--help]
        --parents N    parent tasks (default 1000)
        --children N   children per parent (default 99)
      """;

  private Main() {
  }

  public static void main(String[] args) {
    int parents = 1000;
    int children = 99;
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i].strip()) {
          case "" -> {
            // an empty argument (Maven passes one when no demo arguments are given)
          }
          case "--parents" -> parents = positive(args, ++i);
          case "--children" -> children = positive(args, ++i);
          case "--help", "-h" -> {
            System.out.print(USAGE);
            return;
          }
          default -> throw new IllegalArgumentException("unknown option: " + args[i]);
        }
      }
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
    }
    Toolkit toolkit = Toolkit.load();
    System.out.printf("maitake demo: %,d parents x %,d children on %s%n", parents, children,
        toolkit);
    boolean ok = true;
    Scheduler shared = toolkit.newScheduler();
    ok &= run("Scheduler", shared, shared::tick, parents, children);
    LocalScheduler local = toolkit.newLocalScheduler();
    ok &= run("LocalScheduler", local.spawner(), local::tick, parents, children);
    System.out.println(ok ? "all checks passed" : "CHECK FAILED");
    if (!ok) {
      System.exit(1);
    }
  }

  private static int positive(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException("missing value for " + args[i - 1]);
    }
    try {
      int v = Integer.parseInt(args[i]);
      if (v <= 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a positive number: " + args[i - 1] + " " + args[i]);
    }
  }

  /** A parent: spawns its children when first polled, then joins them and sums their values. */
  private static Future<Long> parent(Spawner spawner, int index, int children) {
    return Futures.ready(index).andThen(p -> {
      List<JoinHandle<Integer>> kids = new ArrayList<>(children);
      for (int c = 0; c < children; c++) {
        int value = p * children + c;
        kids.add(spawner.spawn(new Yield(value % 4).map(v -> value)));
      }
      return Futures.join(kids);
    }).map(values -> values.stream().mapToLong(Integer::longValue).sum());
  }

  private static boolean run(String name, Spawner spawner, java.util.function.Supplier<Tick> tick,
      int parents, int children) {
    long start = System.nanoTime();
    List<JoinHandle<Long>> handles = new ArrayList<>(parents);
    for (int p = 0; p < parents; p++) {
      handles.add(spawner.spawn(parent(spawner, p, children)));
    }
    long ticks = 0;
    long polled = 0;
    long completed = 0;
    long spawned = 0;
    long woken = 0;
    Tick t;
    do {
      t = tick.get();
      ticks++;
      polled += t.polled();
      completed += t.completed();
      spawned += t.spawned();
      woken += t.woken();
    } while (t.hasRemaining() || t.polled() > 0);
    double seconds = (System.nanoTime() - start) / 1e9;
    long sum = 0;
    for (JoinHandle<Long> h : handles) {
      sum += Futures.blockOn(h);
    }
    long n = (long) parents * children;
    long expected = n * (n - 1) / 2;
    long tasks = parents + n;
    System.out.printf(Locale.ROOT, "%-15s ticks=%,d polled=%,d completed=%,d spawned=%,d "
        + "woken=%,d in %.3f s = %,.0f tasks/s; sum %s%n", name, ticks, polled, completed,
        spawned, woken, seconds, tasks / seconds, sum == expected ? "ok" : "WRONG");
    return sum == expected && completed == tasks && spawned == tasks;
  }
}
