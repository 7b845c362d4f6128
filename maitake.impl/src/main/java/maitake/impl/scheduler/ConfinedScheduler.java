package maitake.impl.scheduler;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import maitake.future.Future;
import maitake.future.NonBlockingRegion;
import maitake.scheduler.LocalScheduler;
import maitake.scheduler.SchedulerStats;
import maitake.scheduler.Spawner;
import maitake.scheduler.Tick;
import maitake.task.FailureHandler;
import maitake.task.JoinHandle;
import maitake.task.TaskBuilder;
import maitake.task.TaskObserver;
import maitake.task.TaskRef;
import maitake.task.TaskRegistry;
import maitake.task.TaskStorage;

/**
 * The {@link LocalScheduler}: a plain intrusive FIFO of tasks that only the owner thread touches,
 * plus an MPSC queue through which other threads spawn and wake.
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
   * dequeues, so its consumer right is not taken. tick() drains it at the start and again when the
   * local queue runs dry, at most DRAIN_BUDGET entries per tick (wakers on other threads can refill
   * it faster than one thread drains it, and the tick must return); a drained task is woken locally
   * (or, if another thread spawned it, counted as spawned and queued). A drained task that ended
   * while it was queued is only unmarked: clearing its REMOTE_WOKEN bit may free its storage for a
   * respawn from another thread, so that clear is the drain's last touch of it.
   *
   * A tick takes the whole local queue at once (two null stores) and pops from that batch in a
   * local variable, so a poll costs no reference store into the scheduler for the queue; what it
   * spawns or wakes meanwhile is queued on the scheduler behind the batch, and what is left of the
   * batch when the budget runs out is put back in front (in a finally: nothing is lost whatever a
   * poll does). A task that woke itself during its poll goes back to the end of the local queue,
   * except when the batch and the queue are empty: then the tick keeps it in a local variable and
   * polls it again, which is the same order without the queue's reference stores. (Each non-null reference
   * store into an old object costs G1 a card-marking barrier with a StoreLoad fence once the
   * objects sit in different heap regions, as they do with many live tasks; ParallelGC does not
   * show the effect.) For the same reason the tick writes current only when the task differs from
   * the one it polled last, and a polling flag (set with a release store after current, cleared
   * before it changes) says whether a poll is running; an ended task is dropped from current at
   * once and the tick clears it when it ends, so no task is kept reachable between ticks.
   *
   * Counters: local spawns, polls and completions are owner-only fields, written with opaque
   * stores as they happen (a spawn at once, a poll when it returns), so stats() read from any
   * thread, or from inside a poll, is exact up to that moment. The remote queue counts its own
   * entries (spawns and wakes, one atomic add each) and what the drain took. queued is the local
   * queue plus the remote entries not drained yet (a task woken from another thread while it is already queued
   * locally counts twice until the next drain). A tick reports the spawns since the previous
   * one as the difference of the spawn total.
   */

  /**
   * How many remote-queue entries one tick drains at most: other threads can wake faster than one
   * thread drains, and a tick must end.
   */
  private static final int DRAIN_BUDGET = 4 * Tick.DEFAULT_BUDGET;

  private final MpscRunQueue remote;
  private volatile Thread owner; // CAS from null once
  private volatile boolean closed; // set once
  private final SpawnerView spawner = new SpawnerView();
  private final FailureRouting failures; // the toolkit's routing, or null
  private volatile FailureHandler failureHandler; // this scheduler's own, or null
  private volatile StripedTaskRegistry registry; // null: spawns are not listed
  private volatile TaskObserver observer; // null: nothing is observed

  private ConfinedTask<?> localHead; // owner only
  private ConfinedTask<?> localTail; // owner only
  private int localCount; // owner only
  private long wokenSinceTick; // owner only
  private long spawnedSeen; // owner only: the spawn count at the end of the previous tick
  private long totalSpawned; // owner writes (opaque) at each local spawn; stats() reads
  private long totalPolled; // owner writes (opaque); stats() reads
  private long totalCompleted; // owner writes (opaque); stats() reads
  private Tick lastTick = Tick.IDLE; // ticking thread only: returned again when equal
  private Task<?> current; // owner writes (plain); the task polled last in the running tick
  private boolean polling; // owner writes (release); currentTask() returns current only if set
  private boolean ticking; // owner only: a tick is running (a nested tick returns IDLE)
  private boolean closeInTick; // owner only: close() was called from inside the running tick
  private NonBlockingRegion region; // owner only: the owner thread's, kept after the first tick

  /** A new scheduler; its owner is bound on first use. */
  public ConfinedScheduler() {
    this(null);
  }

  /**
   * A new scheduler whose unobserved failures go to {@code failures} unless it gets a handler of
   * its own.
   *
   * @param failures the toolkit's failure routing, or null
   */
  public ConfinedScheduler(FailureRouting failures) {
    this.remote = new MpscRunQueue(new ConfinedTask<>(this));
    this.failures = failures;
  }

  Thread owner() {
    return owner;
  }

  // ---------------------------------------------------------------------------------------
  // Spawning (owner)

  @Override
  public <T> JoinHandle<T> spawn(Future<T> future) {
    checkOwner();
    return spawnLocal(future, null);
  }

  @Override
  public <T> JoinHandle<T> spawn(TaskStorage<T> storage, Future<T> future) {
    checkOwner();
    return spawnLocalInto(storage, future, null);
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

  private <T> JoinHandle<T> spawnLocal(Future<T> future, Object label) {
    Objects.requireNonNull(future, "future");
    ConfinedTask<T> task = new ConfinedTask<>(this);
    task.setStatePlain(Task.JOIN_HANDLE); // live before a registry lists it
    task.init(future, label, registry);
    return submitLocal(task);
  }

  private <T> JoinHandle<T> spawnLocalInto(TaskStorage<T> storage, Future<T> future, Object label) {
    ConfinedTask<T> task = checkStorage(storage, future);
    task.claim(Task.REMOTE_WOKEN); // stale wakers of the previous task now stay away
    RaceHooks.run(RaceHooks.storageClaimed, task);
    task.scheduler = this;
    task.init(future, label, registry);
    submitLocal(task);
    task.getAndBitwiseAndState(~Task.REMOTE_WOKEN); // wakers read scheduler after this
    return task;
  }

  private <T> JoinHandle<T> submitLocal(ConfinedTask<T> task) {
    if (closed) {
      task.tearDown(true);
      return task;
    }
    task.lstate = ConfinedTask.L_WOKEN;
    TOTAL_SPAWNED.setOpaque(this, totalSpawned + 1); // counted at once, before any tick
    Observers.spawned(observer, task);
    pushLocal(task);
    return task;
  }

  // ---------------------------------------------------------------------------------------
  // Spawning (any thread)

  private <T> JoinHandle<T> spawnRemote(Future<T> future, Object label) {
    if (Thread.currentThread() == owner) {
      return spawnLocal(future, label);
    }
    Objects.requireNonNull(future, "future");
    ConfinedTask<T> task = new ConfinedTask<>(this);
    task.setStatePlain(Task.JOIN_HANDLE | Task.REMOTE_WOKEN); // live before a registry lists it
    task.init(future, label, registry);
    return submitRemote(task);
  }

  private <T> JoinHandle<T> spawnRemoteInto(
      TaskStorage<T> storage, Future<T> future, Object label) {
    if (Thread.currentThread() == owner) {
      return spawnLocalInto(storage, future, label);
    }
    ConfinedTask<T> task = checkStorage(storage, future);
    task.claim(Task.REMOTE_WOKEN); // stale remote wakers now see it queued and stay away
    RaceHooks.run(RaceHooks.storageClaimed, task);
    task.scheduler = this;
    task.init(future, label, registry);
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
    Observers.spawned(observer, task);
    remote.enqueueSpawned(task);
    return task;
  }

  private static <T> ConfinedTask<T> checkStorage(TaskStorage<T> storage, Future<T> future) {
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(future, "future");
    if (!(storage instanceof ConfinedTask<T> task)) {
      throw new IllegalArgumentException(
          "storage was made by another kind of scheduler: " + storage);
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
    remote.enqueueWoken(task);
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

  /**
   * Takes the whole local queue off the scheduler for the running tick, which pops from it with no
   * store into the scheduler (see the overview); the tasks stay counted in localCount until popped.
   *
   * @return the oldest task, linked through localNext to the rest; null if the queue is empty
   */
  private ConfinedTask<?> takeLocal() {
    ConfinedTask<?> h = localHead;
    if (h != null) {
      localHead = null; // null stores: no card-marking barrier
      localTail = null;
    }
    return h;
  }

  /**
   * Puts what is left of a taken batch back in front of what was queued since it was taken.
   *
   * @param batch the oldest task left, or null
   * @param batchTail the batch's last task
   */
  private void putBackLocal(ConfinedTask<?> batch, ConfinedTask<?> batchTail) {
    if (batch == null) {
      return;
    }
    batchTail.localNext = localHead;
    if (localHead == null) {
      localTail = batchTail;
    }
    localHead = batch;
  }

  /**
   * Moves up to {@code max} tasks from the remote queue to the local queue.
   *
   * @return how many tasks were moved; -1 if none was and a bubble was left in the remote queue
   */
  private int drainRemote(int max) {
    int moved = 0;
    while (moved < max) {
      Task<?> t = remote.dequeue();
      if (t == null) {
        return moved;
      }
      if (remote.isBubble(t)) {
        return moved == 0 ? -1 : moved;
      }
      ConfinedTask<?> task = (ConfinedTask<?>) t;
      moved++;
      if ((task.getStateVolatile() & Task.COMPLETE) != 0) {
        // it ended while queued. Clearing the bit may free the storage, so it is the last touch
        task.getAndBitwiseAndState(~Task.REMOTE_WOKEN);
        RaceHooks.run(RaceHooks.drainReleased, task);
        continue;
      }
      // live: only this thread ends it, so it stays ours after the bit is cleared
      boolean spawned = (task.lstate & ConfinedTask.L_REMOTE_SPAWN) != 0;
      task.getAndBitwiseAndState(~Task.REMOTE_WOKEN);
      RaceHooks.run(RaceHooks.drainReleased, task);
      if (spawned) {
        task.lstate = ConfinedTask.L_WOKEN; // counted as spawned when it was spawned
        pushLocal(task);
      } else {
        wakeLocal(task);
      }
    }
    return moved;
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
    NonBlockingRegion nb = region; // Futures.blockOn refuses to run inside a tick
    if (nb == null) {
      region = nb = NonBlockingRegion.enter();
    } else {
      nb.reenter();
    }
    boolean isClosed = closed;
    TaskObserver obs = observer; // read once per tick: without one, a tick pays nothing more
    int polled = 0;
    int completed = 0;
    int internal = 0;
    boolean stalled = false;
    ConfinedTask<?> batch = null; // the local queue as this tick took it, oldest first
    ConfinedTask<?> batchTail = null;
    try {
      int drainLeft = DRAIN_BUDGET;
      int first = drainRemote(drainLeft);
      stalled = first < 0;
      drainLeft -= Math.max(first, 0);
      ConfinedTask<?> again = null; // a task that woke itself while the queue was empty
      while (polled < Tick.DEFAULT_BUDGET) {
        ConfinedTask<?> task = again;
        again = null;
        if (task == null) {
          if (batch == null) {
            batchTail = localTail;
            batch = takeLocal();
          }
          task = batch;
          if (task != null) {
            batch = task.localNext;
            task.localNext = null;
            localCount--;
          }
        }
        if (task == null) {
          int moved = drainLeft > 0 ? drainRemote(drainLeft) : 0;
          if (moved <= 0) {
            stalled |= moved < 0;
            break;
          }
          drainLeft -= moved;
          continue;
        }
        if (current != task) {
          current = task; // a task polled again in a row costs no reference store
        }
        POLLING.setRelease(this, true);
        // a close from inside this tick counts at once
        int r =
            obs == null
                ? task.run(isClosed || closed)
                : Observers.run(obs, task, isClosed || closed);
        POLLING.setRelease(this, false);
        polled++;
        TOTAL_POLLED.setOpaque(this, totalPolled + 1); // exact between polls, as stats promise
        if (r == Task.RUN_ENDED) {
          current = null; // an ended task is not kept reachable for the rest of the tick
          completed++;
          TOTAL_COMPLETED.setOpaque(this, totalCompleted + 1);
        } else if (r == Task.RUN_RESCHEDULE) {
          internal++;
          if (batch == null && localHead == null) {
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
      putBackLocal(batch, batchTail); // the budget ran out with tasks of the batch left
      POLLING.setRelease(this, false); // a poll threw out of the scheduler's own machinery
      current = null; // no task is kept reachable between ticks
      ticking = false;
      nb.exit();
    }
    if (closeInTick) {
      closeInTick = false;
      tearDownQueued(); // a task closed the scheduler: the rest goes now, as close() promises
    }
    long spawnedNow = totalSpawned + remote.spawnedCount();
    long spawned = spawnedNow - spawnedSeen;
    spawnedSeen = spawnedNow;
    long woken = wokenSinceTick;
    wokenSinceTick = 0;
    boolean remaining = stalled || localCount > 0 || !remote.isEmpty();
    if (polled == 0 && spawned == 0 && woken == 0 && !remaining) {
      return Tick.IDLE;
    }
    return lastTick = Ticks.reuse(lastTick, polled, completed, spawned, woken, internal, remaining);
  }

  @Override
  public TaskRef currentTask() {
    // polling is set after current and cleared before it changes: a set flag means current is
    // the task being polled (or, read from another thread, one polled a moment ago)
    return (boolean) POLLING.getAcquire(this) ? (Task<?>) CURRENT.getOpaque(this) : null;
  }

  @Override
  public SchedulerStats stats() {
    long inRemote = remote.queuedCount();
    return new SchedulerStats(
        (long) TOTAL_SPAWNED.getOpaque(this) + remote.spawnedCount(),
        (long) TOTAL_POLLED.getOpaque(this),
        (long) TOTAL_COMPLETED.getOpaque(this),
        (int) LOCAL_COUNT.getOpaque(this) + Math.max(0, inRemote));
  }

  @Override
  public void setFailureHandler(FailureHandler handler) {
    this.failureHandler = handler;
  }

  /**
   * @return the handler for this scheduler's unobserved failures, or null for the default
   */
  FailureHandler failureHandler() {
    return FailureRouting.choose(failureHandler, failures);
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
    if (owner == Thread.currentThread()) {
      if (ticking) {
        closeInTick = true; // called from inside a poll: the running tick tears down the rest
        return;
      }
      tearDownQueued();
    }
    // another thread (or nobody yet) owns it: the owner's next tick tears down what is queued
  }

  /** On the owner, outside a tick: tears down everything queued now. */
  private void tearDownQueued() {
    // the ticks drain again, so a bubble left in the remote queue is finished by
    // the next tick
    Tick t;
    do {
      t = tick();
    } while (t.polled() > 0);
  }

  @Override
  public String toString() {
    return "ConfinedScheduler(owner="
        + (owner == null ? "none" : owner.getName())
        + ", localQueued="
        + LOCAL_COUNT.getOpaque(this)
        + ", closed="
        + closed
        + ")";
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
    throw new IllegalStateException(
        "this LocalScheduler is confined to thread "
            + owner.getName()
            + "; spawn from "
            + me.getName()
            + " through spawner()");
  }

  /** The thread-safe spawner of {@link #spawner()}. */
  private final class SpawnerView implements Spawner {
    @Override
    public <T> JoinHandle<T> spawn(Future<T> future) {
      return spawnRemote(future, null);
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
        return scheduler.spawnLocal(future, label());
      }
      return scheduler.spawnRemote(future, label());
    }

    @Override
    public <T> JoinHandle<T> spawn(TaskStorage<T> storage, Future<T> future) {
      if (local) {
        scheduler.checkOwner();
        return scheduler.spawnLocalInto(storage, future, label());
      }
      return scheduler.spawnRemoteInto(storage, future, label());
    }
  }

  private static final VarHandle OWNER;
  private static final VarHandle LOCAL_COUNT;
  private static final VarHandle TOTAL_SPAWNED;
  private static final VarHandle TOTAL_POLLED;
  private static final VarHandle TOTAL_COMPLETED;
  private static final VarHandle CURRENT;
  private static final VarHandle POLLING;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      OWNER = l.findVarHandle(ConfinedScheduler.class, "owner", Thread.class);
      LOCAL_COUNT = l.findVarHandle(ConfinedScheduler.class, "localCount", int.class);
      TOTAL_SPAWNED = l.findVarHandle(ConfinedScheduler.class, "totalSpawned", long.class);
      TOTAL_POLLED = l.findVarHandle(ConfinedScheduler.class, "totalPolled", long.class);
      TOTAL_COMPLETED = l.findVarHandle(ConfinedScheduler.class, "totalCompleted", long.class);
      CURRENT = l.findVarHandle(ConfinedScheduler.class, "current", Task.class);
      POLLING = l.findVarHandle(ConfinedScheduler.class, "polling", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
