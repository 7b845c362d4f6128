package maitake.impl.scheduler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import maitake.task.TaskId;
import maitake.task.TaskRegistry;
import maitake.task.TaskSnapshot;
import maitake.time.Clock;

/**
 * The kit's {@link TaskRegistry}: live tasks in striped, intrusive, doubly linked lists.
 *
 * <p>Schedulers and injectors with a registry call {@link #register} from {@link Task#init} (the
 * entry takes the place of the task's label, so a task with no registry carries nothing extra), and
 * a task's ending CAS is preceded by {@link Entry#unregister()}.
 */
public final class StripedTaskRegistry implements TaskRegistry {
  /*
   * Implementation overview
   *
   * A spawn picks a stripe at random (ThreadLocalRandom, no shared counter), stores a new entry in
   * the task's label field and then appends it under that stripe's monitor (in that order: a
   * reader that finds the entry checks that the task carries it, see below); the task's end
   * unlinks it under the same monitor. Readers (size, snapshot, cancelAll, dump) copy each
   * stripe's entries under its monitor and do the slow work (a future's toString, cancel) outside
   * it, so no user code runs while a stripe is locked. A reader (size, and the copy behind
   * snapshot, cancelAll and dump) takes every stripe's monitor in index order and reads while it
   * holds them all, which is its linearization point: the registry is linearizable to a set of
   * live tasks (TaskRegistryLincheckTest). Readers are rare (dumps, shutdown, stats), so they pay
   * for this; spawns and ends take one monitor each.
   *
   * A task storage that ends and is spawned again gets a new entry; a reader holding the old
   * entry checks that the task still carries it (Task.isRegisteredAs) before it cancels, so a
   * cancelAll racing a respawn leaves the new task alone unless it registers in the same instant,
   * in which case it is cancelled with the rest (the registry's users cancel everything anyway).
   */

  private static final int WAITS_ON_LIMIT = 1000;

  private final Clock clock;
  private final boolean captureSpawnSites;
  private final Stripe[] stripes;

  /**
   * An empty registry.
   *
   * @param clock the clock of the tasks' ages
   * @param captureSpawnSites whether each spawn captures the spawning thread's stack
   */
  public StripedTaskRegistry(Clock clock, boolean captureSpawnSites) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.captureSpawnSites = captureSpawnSites;
    int n = Integer.highestOneBit(Math.max(4, Runtime.getRuntime().availableProcessors() * 4));
    this.stripes = new Stripe[n];
    for (int i = 0; i < n; i++) {
      stripes[i] = new Stripe();
    }
  }

  /**
   * Checks that {@code registry} is one of ours, for the setters of the schedulers.
   *
   * @return the registry, or null
   */
  static StripedTaskRegistry check(TaskRegistry registry) {
    if (registry == null || registry instanceof StripedTaskRegistry) {
      return (StripedTaskRegistry) registry;
    }
    throw new IllegalArgumentException(
        "a task registry made by another toolkit implementation: " + registry);
  }

  /**
   * Lists {@code task}: makes its entry, stores the entry in the task's label field, and only then
   * links it, so a reader that finds the entry also finds the task carrying it.
   */
  void register(Task<?> task, Object label) {
    StackTraceElement[] site = null;
    if (captureSpawnSites) {
      StackTraceElement[] all = new Throwable().getStackTrace();
      int skip = 0;
      while (skip < all.length && isSpawnFrame(all[skip].getClassName())) {
        skip++; // the kit's own spawn frames say nothing
      }
      site = Arrays.copyOfRange(all, skip, all.length);
    }
    Stripe s = stripes[ThreadLocalRandom.current().nextInt() & (stripes.length - 1)];
    Entry e = new Entry(task, label, clock.nowTicks(), site, s);
    task.setRegisteredLabel(e); // before the link (a monitor enter publishes it to readers)
    synchronized (s) {
      e.prev = s.tail;
      if (s.tail == null) {
        s.head = e;
      } else {
        s.tail.next = e;
      }
      s.tail = e;
      e.listed = true;
      s.size++;
    }
  }

  private static final java.util.Set<String> SPAWN_CLASSES =
      java.util.Set.of(
          "StripedTaskRegistry",
          "Task",
          "MpscTask",
          "ConfinedTask",
          "MpscScheduler",
          "MpscInjector",
          "ConfinedScheduler",
          "AbstractTaskBuilder");

  private static boolean isSpawnFrame(String className) {
    String pkg = "maitake.impl.scheduler.";
    if (!className.startsWith(pkg)) {
      return false;
    }
    int dollar = className.indexOf('$');
    String outer = className.substring(pkg.length(), dollar < 0 ? className.length() : dollar);
    return SPAWN_CLASSES.contains(outer);
  }

  @Override
  public int size() {
    return underAllStripes(
        0,
        () -> {
          int n = 0;
          for (Stripe s : stripes) {
            n += s.size;
          }
          return n;
        });
  }

  /** Every listed entry at one instant: the moment all the stripes' monitors are held. */
  private List<Entry> entries() {
    return underAllStripes(
        0,
        () -> {
          List<Entry> out = new ArrayList<>();
          for (Stripe s : stripes) {
            for (Entry e = s.head; e != null; e = e.next) {
              e.id = e.task.idValue(); // listed, so the task is still this entry's incarnation
              out.add(e);
            }
          }
          return out;
        });
  }

  /**
   * Runs {@code body} holding the monitors of stripes {@code i} and up, taken in index order (a
   * spawn or an end holds one monitor and takes no other, so readers cannot deadlock with them or
   * with one another). This is a reader's linearization point.
   */
  private <R> R underAllStripes(int i, java.util.function.Supplier<R> body) {
    if (i == stripes.length) {
      return body.get();
    }
    synchronized (stripes[i]) {
      return underAllStripes(i + 1, body);
    }
  }

  @Override
  public List<TaskSnapshot> snapshot() {
    long now = clock.nowTicks();
    List<Entry> listed = entries();
    // the id is drawn here for each listed task (no user code): a task's incarnation stays the
    // entry's while the entry is listed, so these ids are of the tasks live at the read
    long[] ids = new long[listed.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = listed.get(i).id;
    }
    List<TaskSnapshot> out = new ArrayList<>(ids.length);
    for (int i = 0; i < ids.length; i++) {
      Entry e = listed.get(i);
      Task<?> t = e.task;
      boolean same = t.isRegisteredAs(e);
      String state =
          !same || t.isComplete() ? "ended" : t.isCancelled() ? "cancelled" : t.runState();
      out.add(
          new TaskSnapshot(
              TaskId.of(ids[i]),
              Task.nameOf(e.label),
              Task.kindOf(e.label),
              state,
              clock.ticksToDuration(Math.max(0, now - e.spawnTick)),
              same ? waitsOn(t) : "(nothing: ended)",
              e.site == null ? List.of() : Arrays.asList(e.site)));
    }
    return out;
  }

  private static String waitsOn(Task<?> t) {
    Object f = t.futureForDiagnostics();
    if (f == null) {
      return "(nothing: ending)";
    }
    String s;
    try {
      s = String.valueOf(f);
    } catch (Throwable e) {
      return "(its toString() threw " + e + ")";
    }
    return s.length() > WAITS_ON_LIMIT ? s.substring(0, WAITS_ON_LIMIT) + "..." : s;
  }

  @Override
  public int cancelAll() {
    int n = 0;
    for (Entry e : entries()) {
      // a task that completed since the read keeps its output: cancelling it now would turn a
      // finished task's join into a cancellation
      if (e.task.isRegisteredAs(e) && !e.task.isComplete() && e.task.cancel()) {
        n++;
      }
    }
    return n;
  }

  @Override
  public String dump() {
    List<TaskSnapshot> all = snapshot();
    StringBuilder b = new StringBuilder();
    b.append("maitake task dump: ")
        .append(all.size())
        .append(all.size() == 1 ? " live task" : " live tasks")
        .append(" (ages on clock '")
        .append(clock.name())
        .append("')\n");
    for (TaskSnapshot s : all) {
      b.append(s.describe());
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return "TaskRegistry(size=" + size() + ", clock=" + clock.name() + ")";
  }

  /** One stripe: a list guarded by its own monitor. */
  private static final class Stripe {
    Entry head; // oldest
    Entry tail;
    int size; // under the monitor
  }

  /** A listed task; it also keeps the task's label (its name and kind). */
  static final class Entry {
    final Task<?> task;
    final Object label;
    final long spawnTick;
    final StackTraceElement[] site;
    private final Stripe stripe;
    private Entry prev;
    private Entry next;
    private boolean listed;
    long id; // the task's id, drawn by a reader under the stripes' monitors

    Entry(Task<?> task, Object label, long spawnTick, StackTraceElement[] site, Stripe stripe) {
      this.task = task;
      this.label = label;
      this.spawnTick = spawnTick;
      this.site = site;
      this.stripe = stripe;
    }

    /** Unlinks the entry; idempotent. Called before the task's ending CAS. */
    void unregister() {
      Stripe s = stripe;
      synchronized (s) {
        if (!listed) {
          return;
        }
        listed = false;
        if (prev == null) {
          s.head = next;
        } else {
          prev.next = next;
        }
        if (next == null) {
          s.tail = prev;
        } else {
          next.prev = prev;
        }
        prev = null;
        next = null;
        s.size--;
      }
    }
  }
}
