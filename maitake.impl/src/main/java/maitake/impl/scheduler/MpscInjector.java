package maitake.impl.scheduler;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import maitake.future.Future;
import maitake.scheduler.Injector;
import maitake.scheduler.InjectorStats;
import maitake.scheduler.StealAttempt;
import maitake.task.JoinHandle;
import maitake.task.TaskBuilder;
import maitake.task.TaskObserver;
import maitake.task.TaskRegistry;
import maitake.task.TaskStorage;

/** The {@link Injector}: an MPSC run queue of unbound {@link MpscTask}s that workers steal from. */
public final class MpscInjector implements Injector, StealVictim {
  /*
   * Implementation overview
   *
   * Spawning makes a task with no scheduler, WOKEN (it counts as queued, so wakes and cancels do
   * not try to enqueue it anywhere), and appends it. trySteal takes the queue's consumer right
   * for a RunQueueStealer, which binds each task to the thief as it moves it. close() marks the
   * injector closed (later spawns end at once) and drains it, tearing every task down with a
   * shutdown error; it waits for an open stealer to close first. A spawn re-checks closed after
   * its enqueue and drains again if it sees it (volatile store, then the drain; volatile enqueue,
   * then the re-check: one of the two sees the other), so no task is left behind.
   */
  private final MpscRunQueue queue = new MpscRunQueue(new MpscTask<>(null));
  private volatile long enqueued; // getAndAdd by spawners
  private long dequeued; // the consumer-right holder only (opaque)
  private long taken; // the consumer-right holder (a stealer) only (opaque)
  private volatile long tornDown; // getAndAdd by stealers and close
  private volatile boolean closed;

  private final Runnable onSpawn; // null, or run after each spawn
  private volatile StripedTaskRegistry registry; // null: spawns are not listed
  private volatile TaskObserver observer; // null: spawns are not observed

  /** An empty injector. */
  public MpscInjector() {
    this(null);
  }

  /**
   * An empty injector that runs {@code onSpawn} after each spawn.
   *
   * @param onSpawn the notification, or null
   */
  public MpscInjector(Runnable onSpawn) {
    this.onSpawn = onSpawn;
  }

  @Override
  public <T> JoinHandle<T> spawn(Future<T> future) {
    return spawnNew(future, null);
  }

  <T> JoinHandle<T> spawnNew(Future<T> future, Object label) {
    Objects.requireNonNull(future, "future");
    MpscTask<T> task = new MpscTask<>(null);
    task.setStatePlain(Task.JOIN_HANDLE | Task.WOKEN); // live before a registry lists it
    task.init(future, label, registry);
    if (closed) {
      task.tearDown(true);
      return task;
    }
    RaceHooks.run(RaceHooks.injectorSpawnChecked, task);
    Observers.spawned(observer, task);
    ENQUEUED.getAndAdd(this, 1L);
    queue.enqueue(task);
    if (closed) {
      close(); // closed while we enqueued: its drain may have missed us; draining is idempotent
      return task;
    }
    Runnable r = onSpawn;
    if (r != null) {
      try {
        r.run();
      } catch (Throwable e) {
        Task.reportUncaught(e);
      }
    }
    return task;
  }

  @Override
  public void setTaskObserver(TaskObserver observer) {
    this.observer = observer;
  }

  @Override
  public void setTaskRegistry(TaskRegistry registry) {
    this.registry = StripedTaskRegistry.check(registry);
  }

  @Override
  public TaskBuilder buildTask() {
    return new AbstractTaskBuilder() {
      @Override
      public <T> JoinHandle<T> spawn(Future<T> future) {
        return spawnNew(future, label());
      }

      @Override
      public <T> JoinHandle<T> spawn(TaskStorage<T> storage, Future<T> future) {
        throw new UnsupportedOperationException(
            "an injector does not take task storage: " + "spawn into a worker's scheduler instead");
      }
    };
  }

  @Override
  public void countTornDown() {
    TORN_DOWN.getAndAdd(this, 1L);
  }

  @Override
  public void countStolenOut() {
    TAKEN.setOpaque(this, taken + 1);
  }

  @Override
  public InjectorStats stats() {
    long d = (long) DEQUEUED.getOpaque(this); // before enqueued: queued is never negative
    return new InjectorStats(enqueued, (long) TAKEN.getOpaque(this), tornDown, enqueued - d);
  }

  @Override
  public long taskCount() {
    return queuedCount();
  }

  @Override
  public StealAttempt trySteal() {
    return StealVictim.tryStealFrom(this);
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
    while (!queue.tryAcquireConsumer()) {
      Thread.onSpinWait(); // a stealer is open; they are short-lived
    }
    try {
      for (; ; ) {
        Task<?> t = queue.dequeue();
        if (t == null) {
          break;
        }
        if (t == queue.inconsistent()) {
          Thread.onSpinWait();
          continue;
        }
        countDequeued();
        if (((MpscTask<?>) t).run(true) == Task.RUN_ENDED) { // closed: a shutdown error
          countTornDown();
        }
      }
    } finally {
      queue.releaseConsumer();
    }
  }

  @Override
  public MpscRunQueue runQueue() {
    return queue;
  }

  @Override
  public long queuedCount() {
    return enqueued - (long) DEQUEUED.getOpaque(this);
  }

  @Override
  public void countDequeued() {
    DEQUEUED.setOpaque(this, dequeued + 1);
  }

  @Override
  public String toString() {
    return "Injector(queued=" + queuedCount() + (closed ? ", closed" : "") + ")";
  }

  private static final VarHandle ENQUEUED;
  private static final VarHandle DEQUEUED;
  private static final VarHandle TAKEN;
  private static final VarHandle TORN_DOWN;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      ENQUEUED = l.findVarHandle(MpscInjector.class, "enqueued", long.class);
      DEQUEUED = l.findVarHandle(MpscInjector.class, "dequeued", long.class);
      TAKEN = l.findVarHandle(MpscInjector.class, "taken", long.class);
      TORN_DOWN = l.findVarHandle(MpscInjector.class, "tornDown", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
