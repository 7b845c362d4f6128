package maitake.impl.scheduler;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import maitake.future.Future;
import maitake.scheduler.LocalScheduler;
import maitake.scheduler.SchedulerStats;
import maitake.scheduler.Spawner;
import maitake.scheduler.Tick;
import maitake.task.JoinHandle;
import maitake.task.TaskBuilder;
import maitake.task.TaskRef;
import maitake.task.TaskStorage;

/**
 * The {@link LocalScheduler}: a plain intrusive FIFO of tasks that only the owner thread
 * touches, plus an MPSC queue through which other threads spawn and wake.
 */
public final class ConfinedScheduler implements LocalScheduler {
  /*
   * Implementation overview
   *
   * Owner: the first thread that ticks, spawns directly or closes (a CAS on owner, once).
   * Owner-only methods compare Thread.currentThread() with it.
   *
   * Local queue: localHead/localTail over ConfinedTask.localNext, with a plain count. Spawning
   * and waking on the owner thread is a few plain writes: no CAS, no fence. Task ids are drawn
   * only when asked for (Task.idValue), so spawning needs no atomic counter either.
   *
   * Remote queue: an MpscRunQueue (over Task.next) that other threads append to; only the owner
   * dequeues, so its consumer flag is not used. tick() drains it at the start and again when
   * the local queue runs dry; a drained task is woken locally (or, if another thread spawned it,
   * counted as spawned and queued).
   *
   * A task that woke itself during its poll goes back to the end of the local queue, except
   * when the queue is empty: then the tick keeps it in a local variable and polls it again,
   * which is the same order without the queue's reference stores. (Each non-null reference
   * store into an old object costs G1 a card-marking barrier with a StoreLoad fence once the
   * objects sit in different heap regions, as they do with many live tasks; ParallelGC does not
   * show the effect.)
   *
   * The counters since the last tick and the lifetime totals are owner-only fields, written
   * plainly and read by stats() with opaque reads.
   */

  private final MpscRunQueue remote;
  private volatile Thread owner; // CAS from null once
  private volatile boolean closed; // set once
  private final SpawnerView spawner = new SpawnerView();

  private ConfinedTask<?> localHead; // owner only
  private ConfinedTask<?> localTail; // owner only
  private int localCount; // owner only
  private long spawnedSinceTick; // owner only
  private long wokenSinceTick; // owner only
  private long totalSpawned; // owner writes (opaque); stats() reads
  private long totalPolled; // owner writes (opaque); stats() reads
  private long totalCompleted; // owner writes (opaque); stats() reads
  private Tick lastTick = Tick.IDLE; // ticking thread only: returned again when equal
  private Task<?> current; // owner writes (plain); currentTask() reads (opaque)
  private boolean ticking; // owner only: a tick is running (a nested tick returns IDLE)

  /** A new scheduler; its owner is bound on first use. */
  public ConfinedScheduler() {
    this.remote = new MpscRunQueue(new ConfinedTask<>(this));
  }

  Thread owner() {
    return owner;
  }

  // ---------------------------------------------------------------------------------------
  // Spawning (owner)

  @Override
  public <T> JoinHandle<T> spawn(Future<T> future) {
    checkOwner();
    return spawnLocal(future, null, null);
  }

  @Override
  public <T> JoinHandle<T> spawn(TaskStorage<T> storage, Future<T> future) {
    checkOwner();
    return spawnLocalInto(storage, future, null, null);
  }

  @Override
  public TaskBuilder buildTask() {
    checkOwner();
    return new Builder(this, true);
  }

  @Override
  public <T> TaskStorage<T> newTaskStorage() {
    return new ConfinedTask<>(this);
  }

  @Override
  public Spawner spawner() {
    return spawner;
  }

  private <T> JoinHandle<T> spawnLocal(Future<T> future, String name, String kind) {
    Objects.requireNonNull(future, "future");
    ConfinedTask<T> task = new ConfinedTask<>(this);
    task.init(future, name, kind);
    task.setStatePlain(Task.JOIN_HANDLE);
    return submitLocal(task);
  }

  private <T> JoinHandle<T> spawnLocalInto(TaskStorage<T> storage, Future<T> future,
      String name, String kind) {
    ConfinedTask<T> task = checkStorage(storage, future);
    task.claim(0);
    task.scheduler = this;
    task.init(future, name, kind);
    return submitLocal(task);
  }

  private <T> JoinHandle<T> submitLocal(ConfinedTask<T> task) {
    if (closed) {
      task.tearDown(true);
      return task;
    }
    task.lstate = ConfinedTask.L_WOKEN;
    spawnedSinceTick++;
    pushLocal(task);
    return task;
  }

  // ---------------------------------------------------------------------------------------
  // Spawning (any thread)

  private <T> JoinHandle<T> spawnRemote(Future<T> future, String name, String kind) {
    if (Thread.currentThread() == owner) {
      return spawnLocal(future, name, kind);
    }
    Objects.requireNonNull(future, "future");
    ConfinedTask<T> task = new ConfinedTask<>(this);
    task.init(future, name, kind);
    task.setStatePlain(Task.JOIN_HANDLE | Task.REMOTE_WOKEN);
    return submitRemote(task);
  }

  private <T> JoinHandle<T> spawnRemoteInto(TaskStorage<T> storage, Future<T> future,
      String name, String kind) {
    if (Thread.currentThread() == owner) {
      return spawnLocalInto(storage, future, name, kind);
    }
    ConfinedTask<T> task = checkStorage(storage, future);
    task.claim(Task.REMOTE_WOKEN); // stale remote wakers now see it queued and stay away
    task.scheduler = this;
    task.init(future, name, kind);
    return submitRemote(task);
  }

  /** Publishes a task whose state is JOIN_HANDLE | REMOTE_WOKEN to the remote queue. */
  private <T> JoinHandle<T> submitRemote(ConfinedTask<T> task) {
    if (closed) {
      task.getAndBitwiseAndState(~Task.REMOTE_WOKEN);
      task.tearDown(true);
      return task;
    }
    task.lstate = ConfinedTask.L_REMOTE_SPAWN;
    remote.enqueue(task);
    return task;
  }

  private static <T> ConfinedTask<T> checkStorage(TaskStorage<T> storage, Future<T> future) {
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(future, "future");
    if (!(storage instanceof ConfinedTask<T> task)) {
      throw new IllegalArgumentException("storage was made by another kind of scheduler: "
          + storage);
    }
    return task;
  }

  // ---------------------------------------------------------------------------------------
  // Waking

  /** A wake on the owner thread. */
  void wakeLocal(ConfinedTask<?> task) {
    if ((task.getStateVolatile() & Task.COMPLETE) != 0) {
      return;
    }
    int l = task.lstate;
    if ((l & ConfinedTask.L_WOKEN) != 0) {
      return;
    }
    task.lstate = l | ConfinedTask.L_WOKEN;
    if ((l & ConfinedTask.L_POLLING) == 0) {
      wokenSinceTick++;
      pushLocal(task);
    }
  }

  /** A wake from another thread: the caller set REMOTE_WOKEN. */
  void enqueueRemote(ConfinedTask<?> task) {
    remote.enqueue(task);
  }

  private void pushLocal(ConfinedTask<?> task) {
    task.localNext = null;
    ConfinedTask<?> t = localTail;
    if (t == null) {
      localHead = task;
    } else {
      t.localNext = task;
    }
    localTail = task;
    localCount++;
  }

  private ConfinedTask<?> popLocal() {
    ConfinedTask<?> h = localHead;
    if (h != null) {
      ConfinedTask<?> n = h.localNext;
      localHead = n;
      if (n == null) {
        localTail = null;
      }
      h.localNext = null;
      localCount--;
    }
    return h;
  }

  /**
   * Moves everything in the remote queue to the local queue.
   *
   * @return how many tasks were moved; -1 if the remote queue was left inconsistent
   */
  private int drainRemote() {
    int moved = 0;
    for (;;) {
      Task<?> t = remote.dequeue();
      if (t == null) {
        return moved;
      }
      if (t == remote.inconsistent()) {
        return moved == 0 ? -1 : moved;
      }
      ConfinedTask<?> task = (ConfinedTask<?>) t;
      task.getAndBitwiseAndState(~Task.REMOTE_WOKEN);
      moved++;
      if ((task.lstate & ConfinedTask.L_REMOTE_SPAWN) != 0) {
        task.lstate = ConfinedTask.L_WOKEN;
        spawnedSinceTick++;
        pushLocal(task);
      } else {
        wakeLocal(task);
      }
    }
  }

  // ---------------------------------------------------------------------------------------
  // Ticking

  @Override
  public Tick tick() {
    checkOwner();
    if (ticking) {
      return Tick.IDLE; // called from inside a poll of this scheduler
    }
    ticking = true;
    boolean isClosed = closed;
    int polled = 0;
    int completed = 0;
    int internal = 0;
    boolean stalled = false;
    try {
      stalled = drainRemote() < 0;
      ConfinedTask<?> again = null; // a task that woke itself while the queue was empty
      while (polled < Tick.DEFAULT_BUDGET) {
        ConfinedTask<?> task = again != null ? again : popLocal();
        again = null;
        if (task == null) {
          int moved = drainRemote();
          if (moved <= 0) {
            stalled |= moved < 0;
            break;
          }
          continue;
        }
        current = task;
        int r = task.run(isClosed);
        current = null;
        polled++;
        if (r == Task.RUN_ENDED) {
          completed++;
        } else if (r == Task.RUN_RESCHEDULE) {
          internal++;
          if (localHead == null) {
            again = task; // alone in the queue: run it again without the queue's stores
          } else {
            pushLocal(task);
          }
        }
      }
      if (again != null) {
        pushLocal(again); // the budget ran out: it stays queued for the next tick
      }
    } finally {
      current = null;
      ticking = false;
    }
    long spawned = spawnedSinceTick;
    long woken = wokenSinceTick;
    spawnedSinceTick = 0;
    wokenSinceTick = 0;
    boolean remaining = stalled || localCount > 0 || !remote.isEmpty();
    if (polled == 0 && spawned == 0 && woken == 0 && !remaining) {
      return Tick.IDLE;
    }
    setTotalSpawned(totalSpawned + spawned);
    setTotalPolled(totalPolled + polled);
    setTotalCompleted(totalCompleted + completed);
    return lastTick = Ticks.reuse(lastTick, polled, completed, spawned, woken, internal,
        remaining);
  }

  @Override
  public TaskRef currentTask() {
    return (Task<?>) CURRENT.getOpaque(this);
  }

  @Override
  public SchedulerStats stats() {
    return new SchedulerStats((long) TOTAL_SPAWNED.getOpaque(this),
        (long) TOTAL_POLLED.getOpaque(this), (long) TOTAL_COMPLETED.getOpaque(this),
        (int) LOCAL_COUNT.getOpaque(this));
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
    Thread me = Thread.currentThread();
    if (owner == me || (owner == null && OWNER.compareAndSet(this, null, me))) {
      // tear down everything queued now; the ticks drain again, so a remote queue that is
      // momentarily inconsistent is finished by the next tick
      Tick t;
      do {
        t = tick();
      } while (t.polled() > 0);
    }
  }

  @Override
  public String toString() {
    return "ConfinedScheduler(owner=" + (owner == null ? "none" : owner.getName())
        + ", localQueued=" + LOCAL_COUNT.getOpaque(this) + ", closed=" + closed + ")";
  }

  // ---------------------------------------------------------------------------------------
  // Confinement

  private void checkOwner() {
    Thread me = Thread.currentThread();
    Thread o = owner;
    if (o == me) {
      return;
    }
    if (o == null && OWNER.compareAndSet(this, null, me)) {
      return;
    }
    throw new IllegalStateException("this LocalScheduler is confined to thread "
        + owner.getName() + "; spawn from " + me.getName() + " through spawner()");
  }

  private void setTotalSpawned(long v) {
    TOTAL_SPAWNED.setOpaque(this, v);
  }

  private void setTotalPolled(long v) {
    TOTAL_POLLED.setOpaque(this, v);
  }

  private void setTotalCompleted(long v) {
    TOTAL_COMPLETED.setOpaque(this, v);
  }

  /** The thread-safe spawner of {@link #spawner()}. */
  private final class SpawnerView implements Spawner {
    @Override
    public <T> JoinHandle<T> spawn(Future<T> future) {
      return spawnRemote(future, null, null);
    }

    @Override
    public TaskBuilder buildTask() {
      return new Builder(ConfinedScheduler.this, false);
    }

    @Override
    public boolean isClosed() {
      return closed;
    }

    @Override
    public String toString() {
      return "Spawner(" + ConfinedScheduler.this + ")";
    }
  }

  /** Builders for the owner (local) and for the spawner (thread-safe). */
  private static final class Builder extends AbstractTaskBuilder {
    private final ConfinedScheduler scheduler;
    private final boolean local;

    Builder(ConfinedScheduler scheduler, boolean local) {
      this.scheduler = scheduler;
      this.local = local;
    }

    @Override
    public <T> JoinHandle<T> spawn(Future<T> future) {
      if (local) {
        scheduler.checkOwner();
        return scheduler.spawnLocal(future, name, kind);
      }
      return scheduler.spawnRemote(future, name, kind);
    }

    @Override
    public <T> JoinHandle<T> spawn(TaskStorage<T> storage, Future<T> future) {
      if (local) {
        scheduler.checkOwner();
        return scheduler.spawnLocalInto(storage, future, name, kind);
      }
      return scheduler.spawnRemoteInto(storage, future, name, kind);
    }
  }

  private static final VarHandle OWNER;
  private static final VarHandle LOCAL_COUNT;
  private static final VarHandle TOTAL_SPAWNED;
  private static final VarHandle TOTAL_POLLED;
  private static final VarHandle TOTAL_COMPLETED;
  private static final VarHandle CURRENT;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      OWNER = l.findVarHandle(ConfinedScheduler.class, "owner", Thread.class);
      LOCAL_COUNT = l.findVarHandle(ConfinedScheduler.class, "localCount", int.class);
      TOTAL_SPAWNED = l.findVarHandle(ConfinedScheduler.class, "totalSpawned", long.class);
      TOTAL_POLLED = l.findVarHandle(ConfinedScheduler.class, "totalPolled", long.class);
      TOTAL_COMPLETED = l.findVarHandle(ConfinedScheduler.class, "totalCompleted", long.class);
      CURRENT = l.findVarHandle(ConfinedScheduler.class, "current", Task.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
