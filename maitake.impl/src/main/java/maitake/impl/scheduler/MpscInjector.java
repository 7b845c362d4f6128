package maitake.impl.scheduler;

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
public final class MpscInjector implements Injector {
  /*
   * Implementation overview
   *
   * Spawning makes a task with no scheduler, WOKEN (it counts as queued, so wakes and cancels do
   * not try to enqueue it anywhere), and appends it. trySteal takes the queue's consumer right
   * for a RunQueueStealer, which binds each task to the thief as it moves it. close() marks the
   * injector closed (later spawns end at once) and drains it, tearing every task down with a
   * shutdown error; it waits for an open stealer to close first. A spawn re-checks closed after
   * its enqueue and drains again if it sees it (volatile store, then the drain; volatile enqueue,
   * then the re-check: one of the two sees the other), so no task is left behind. The closed flag
   * and the counts (spawned, taken: the stealers' moves out, torn down) live in the run queue.
   */
  private final MpscRunQueue queue = new MpscRunQueue(new MpscTask<>(null));

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
    if (queue.isClosed()) {
      task.tearDown(true);
      return task;
    }
    RaceHooks.run(RaceHooks.injectorSpawnChecked, task);
    Observers.spawned(observer, task);
    queue.enqueueSpawned(task);
    if (queue.isClosed()) {
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
  public InjectorStats stats() {
    long queued = queue.queuedCount(); // first: it reads the dequeues before the spawns
    return new InjectorStats(
        queue.spawnedCount(), queue.stolenOutCount(), queue.tornDownCount(), queued);
  }

  @Override
  public long taskCount() {
    return queue.queuedCount();
  }

  @Override
  public StealAttempt trySteal() {
    return RunQueueStealer.open(queue);
  }

  @Override
  public boolean isClosed() {
    return queue.isClosed();
  }

  @Override
  public void close() {
    queue.close();
    while (!queue.tryAcquireConsumer()) {
      Thread.onSpinWait(); // a stealer is open; they are short-lived
    }
    try {
      for (; ; ) {
        Task<?> t = queue.dequeue();
        if (t == null) {
          break;
        }
        if (queue.isBubble(t)) {
          continue; // a spawn is between its two steps: it finishes at once, and is drained
        }
        if (((MpscTask<?>) t).run(true) == Task.RUN_ENDED) { // closed: a shutdown error
          queue.countTornDown();
        }
      }
    } finally {
      queue.releaseConsumer();
    }
  }

  @Override
  public String toString() {
    return "Injector(queued=" + queue.queuedCount() + (queue.isClosed() ? ", closed" : "") + ")";
  }
}
