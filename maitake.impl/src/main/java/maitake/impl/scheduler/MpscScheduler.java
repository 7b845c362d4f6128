package maitake.impl.scheduler;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import maitake.future.Future;
import maitake.future.NonBlockingRegion;
import maitake.scheduler.Scheduler;
import maitake.scheduler.SchedulerStats;
import maitake.scheduler.StealAttempt;
import maitake.scheduler.Tick;
import maitake.task.FailureHandler;
import maitake.task.JoinHandle;
import maitake.task.TaskBuilder;
import maitake.task.TaskObserver;
import maitake.task.TaskRef;
import maitake.task.TaskRegistry;
import maitake.task.TaskStorage;

/**
 * The thread-safe {@link Scheduler}: an intrusive MPSC run queue ({@link MpscRunQueue}) that any
 * thread spawns and wakes into, and that one thread at a time drains in {@link #tick()}.
 */
public final class MpscScheduler implements Scheduler {
  /*
   * Implementation overview
   *
   * Ported from the Core of hawkw/mycelium maitake/src/scheduler.rs. A tick first takes the
   * ticking flag; a second ticker fails to take it and returns Tick.IDLE at once. It then takes
   * the run queue's consumer right around each dequeue of a batch (up to BATCH tasks, never more
   * than the budget left, so a tick always polls all it took, and never more than half of what is
   * queued) only, not around the polls, so a stealer can take the right (and steal what is queued
   * behind the batch: at least half) while this scheduler is busy in a long poll; when the right is held by a stealer, the tick stops and returns. The
   * batch is the queue's own chain (MpscRunQueue.dequeueBatch): each task's successor is read
   * before the task is polled, and nothing else can reach the batch meanwhile. The tick dequeues and runs up to
   * its budget; a task that woke itself during its poll (RUN_RESCHEDULE) is re-queued at the back
   * (MpscRunQueue.requeue: the ticker is the one requeuer), so it runs again in the same tick
   * while budget remains. When the queue holds a bubble (a producer between its swap and its link)
   * that outlasts the queue's spin, the tick gives up and reports hasRemaining.
   *
   * Counters: the run queue counts every enqueue by its kind (spawned, woken, stolen in,
   * requeued) and every dequeue, and a stealer counts its moves out and its teardowns on the
   * queue (see MpscRunQueue): one atomic add per producer, none on the consumer side. The
   * lifetime polled and completed counts are written by the ticking thread after each poll
   * (opaque), so stats() is exact between polls; stats() adds the stealers' teardowns to
   * completed. A steal counts twice, stolenOut on the victim's queue and stolenIn on the thief's,
   * both before the task is enqueued on the thief, so a snapshot's live count (spawned + stolenIn
   * - stolenOut - completed) is exact between moves. A tick reports the spawns and wakes (steals
   * in count as wakes) since the previous tick as the difference from the totals the previous
   * tick saw (spawnedSeen, wokenSeen). Everything a tick writes, including the lifetime counts and
   * the reused Tick, is written before it releases the ticking flag, so consecutive ticks on
   * different threads never lose an update.
   *
   * Closing: the closed flag lives in the run queue, where a stealer reads it too. It is read
   * before each task; every task dequeued after the close (even by the
   * tick in which a task closed the scheduler) is torn down with SHUTDOWN instead of polled, and
   * so is every task a stealer takes from a closed scheduler. Spawns check closed first and
   * return an ended handle.
   *
   * The current task: the tick stores a task into current only when it differs from the one it
   * polled last (a task that yields over and over costs no reference store for it: under G1 each
   * non-null reference store into an old object may run the card-marking barrier with its
   * StoreLoad fence), and says whether a poll is running with the polling flag, set (release)
   * after current is written and cleared before it changes. An ended task is dropped from current
   * at once, and the tick clears it when it ends, so no task is kept reachable between ticks.
   */

  /**
   * The most tasks a tick takes per acquisition of the consumer right: fewer atomic operations per
   * poll, at the price of up to this many minus one queued tasks that a stealer cannot take while
   * the tick polls the batch (and never more than half of the queue: see batchLimit).
   */
  static final int BATCH = 16;

  private final MpscRunQueue queue; // also holds the closed flag and the queue's counters
  private volatile int ticking; // 0 or 1: CAS to start a tick, release store to end it
  private long spawnedSeen; // the ticking thread only: spawnedTotal at the previous tick
  private long wokenSeen; // the ticking thread only: wokenTotal at the previous tick
  private long totalPolled; // ticking thread, opaque
  private long totalCompleted; // ticking thread, opaque
  private Tick lastTick = Tick.IDLE; // ticking thread only: returned again when equal
  private Task<?> current; // ticking thread writes (plain): the task polled last in the tick
  // the ticking thread reads and writes (plain; TICKING orders successive tickers): the thread
  // that ticked last and its non-blocking region, so that a thread that ticks again and again
  // opens its region without a ThreadLocal lookup
  private Thread regionThread;
  private NonBlockingRegion region;
  private boolean polling; // ticking thread writes (release); currentTask() returns current if set

  private final Runnable onExternalWork; // null, or run after each enqueue from outside a tick
  private final FailureRouting failures; // the toolkit's routing, or null
  private volatile FailureHandler failureHandler; // this scheduler's own, or null
  private volatile StripedTaskRegistry registry; // null: spawns are not listed
  private volatile TaskObserver observer; // null: nothing is observed

  /** A new scheduler with its own stub node. */
  public MpscScheduler() {
    this(null);
  }

  /**
   * A new scheduler that runs {@code onExternalWork} after each task queued from outside its own
   * ticks (spawn, external wake, steal).
   *
   * @param onExternalWork the notification, or null
   */
  public MpscScheduler(Runnable onExternalWork) {
    this(onExternalWork, null);
  }

  /**
   * A new scheduler whose unobserved failures go to {@code failures} unless it gets a handler of
   * its own.
   *
   * @param onExternalWork the notification, or null
   * @param failures the toolkit's failure routing, or null
   */
  public MpscScheduler(Runnable onExternalWork, FailureRouting failures) {
    MpscTask<Object> stub = new MpscTask<>(this);
    this.queue = new MpscRunQueue(stub);
    this.onExternalWork = onExternalWork;
    this.failures = failures;
  }

  private void notifyExternalWork() {
    Runnable r = onExternalWork;
    if (r != null) {
      try {
        r.run();
      } catch (Throwable e) {
        Task.reportUncaught(e);
      }
    }
  }

  // ---------------------------------------------------------------------------------------
  // Spawning

  @Override
  public <T> JoinHandle<T> spawn(Future<T> future) {
    return spawnNew(future, null);
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
    return new Builder(this);
  }

  @Override
  public <T> TaskStorage<T> newTaskStorage() {
    return new MpscTask<>(this);
  }

  @Override
  public <T> JoinHandle<T> spawn(TaskStorage<T> storage, Future<T> future) {
    return spawnInto(storage, future, null);
  }

  <T> JoinHandle<T> spawnNew(Future<T> future, Object label) {
    Objects.requireNonNull(future, "future");
    MpscTask<T> task = new MpscTask<>(this);
    task.setStatePlain(Task.JOIN_HANDLE | Task.WOKEN); // live before a registry lists it
    task.init(future, label, registry);
    return submit(task);
  }

  <T> JoinHandle<T> spawnInto(TaskStorage<T> storage, Future<T> future, Object label) {
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(future, "future");
    if (!(storage instanceof MpscTask<T> task)) {
      throw new IllegalArgumentException(
          "storage was made by another kind of scheduler: " + storage);
    }
    task.claim(Task.WOKEN);
    task.scheduler = this;
    task.init(future, label, registry);
    return submit(task);
  }

  private <T> JoinHandle<T> submit(MpscTask<T> task) {
    if (queue.isClosed()) {
      task.tearDown(true);
      return task;
    }
    Observers.spawned(observer, task);
    queue.enqueueSpawned(task);
    notifyExternalWork();
    return task;
  }

  /** A task stolen from another queue: bind it here and queue it (it is still WOKEN). */
  void enqueueStolen(MpscTask<?> task) {
    task.scheduler = this;
    queue.enqueueStolen(task);
    notifyExternalWork();
  }

  /** Called by a task's waker after it moved WOKEN from 0 to 1 outside a poll. */
  void enqueueWoken(MpscTask<?> task) {
    queue.enqueueWoken(task);
    notifyExternalWork();
  }

  // ---------------------------------------------------------------------------------------
  // Ticking

  @Override
  public Tick tick() {
    return tick(Tick.DEFAULT_BUDGET);
  }

  /** Opens the calling (ticking) thread's non-blocking region. */
  private NonBlockingRegion regionOfThisThread() {
    Thread t = Thread.currentThread();
    NonBlockingRegion r = region;
    if (regionThread == t) {
      return r.reenter();
    }
    r = NonBlockingRegion.enter();
    region = r;
    regionThread = t;
    return r;
  }

  /** A tick of at most {@code budget} polls (tests check single turns with a budget of 1). */
  Tick tick(int budget) {
    if (!TICKING.compareAndSet(this, 0, 1)) {
      return Tick.IDLE;
    }
    NonBlockingRegion region = regionOfThisThread(); // Futures.blockOn refuses to run here
    int polled = 0;
    int completed = 0;
    int internal = 0;
    boolean stalled = false;
    boolean isClosed = queue.isClosed();
    TaskObserver obs = observer; // read once per tick: without one, a tick pays nothing more
    Task<?> next = null; // the rest of the batch in hand, linked through Task.next
    int inHand = 0;
    try {
      while (polled < budget) {
        Task<?> t;
        if (inHand == 0) {
          if (!queue.tryAcquireConsumer()) {
            stalled = true; // a stealer holds the queue: let it work
            break;
          }
          int taken;
          try {
            t = queue.dequeueBatch(batchLimit(budget - polled));
            // read before the release: a stealer's dequeue overwrites the queue's batch size
            taken = queue.batchSize();
          } finally {
            queue.releaseConsumer();
          }
          if (t == null) {
            break;
          }
          if (queue.isBubble(t)) {
            stalled = true;
            break;
          }
          RaceHooks.run(RaceHooks.tickReleasedConsumer, t);
          inHand = taken;
        } else {
          t = next;
        }
        inHand--;
        next = inHand > 0 ? t.getNextPlain() : null; // before the poll, which may enqueue t again
        MpscTask<?> task = (MpscTask<?>) t;
        if (current != task) {
          current = task; // a task polled again in a row costs no reference store
        }
        POLLING.setRelease(this, true);
        // a close from inside this tick counts at once
        int r =
            obs == null
                ? task.run(isClosed || queue.isClosed())
                : Observers.run(obs, task, isClosed || queue.isClosed());
        POLLING.setRelease(this, false);
        polled++;
        setTotalPolled(totalPolled + 1); // exact between polls, as stats promise
        if (r == Task.RUN_ENDED) {
          current = null; // an ended task is not kept reachable for the rest of the tick
          completed++;
          setTotalCompleted(totalCompleted + 1);
        } else if (r == Task.RUN_RESCHEDULE) {
          internal++;
          queue.requeue(task);
        }
      }
      return endTick(polled, completed, internal, stalled);
    } finally {
      // only after a throw from a poll's machinery: the batch's unpolled tasks (still marked
      // queued) go to the back of the queue rather than be lost
      for (; inHand > 0; inHand--) {
        Task<?> after = inHand > 1 ? next.getNextPlain() : null;
        queue.requeue(next);
        next = after;
      }
      POLLING.setRelease(this, false); // a poll threw out of the scheduler's own machinery
      current = null; // no task is kept reachable between ticks
      region.exit();
      TICKING.setRelease(this, 0);
    }
  }

  /**
   * How many tasks the next batch may take: at most BATCH, the budget left, and half of what is
   * queued (at least one), so that while the batch is polled (a long poll, say) at least half of
   * the queue stays where a stealer can take it. The caller holds the consumer right.
   */
  private int batchLimit(int budgetLeft) {
    return (int) Math.max(1, Math.min(Math.min(BATCH, budgetLeft), queue.queuedCount() / 2));
  }

  /** The ticking thread's bookkeeping at the end of a tick, before it releases the flag. */
  private Tick endTick(int polled, int completed, int internal, boolean stalled) {
    long spawnedNow = queue.spawnedCount();
    long wokenNow = queue.wokenCount() + queue.stolenInCount();
    long spawned = spawnedNow - spawnedSeen;
    long woken = wokenNow - wokenSeen;
    spawnedSeen = spawnedNow;
    wokenSeen = wokenNow;
    boolean remaining = stalled || queue.queuedCount() > 0;
    if (polled == 0 && spawned == 0 && woken == 0 && !remaining) {
      return Tick.IDLE;
    }
    return lastTick = Ticks.reuse(lastTick, polled, completed, spawned, woken, internal, remaining);
  }

  @Override
  public StealAttempt trySteal() {
    return RunQueueStealer.open(queue);
  }

  /** The run queue, for a stealer's check that a scheduler does not steal from itself. */
  MpscRunQueue runQueue() {
    return queue;
  }

  @Override
  public TaskRef currentTask() {
    // polling is set after current and cleared before it changes: a set flag means current is
    // the task being polled (or, read from another thread, one polled a moment ago)
    return (boolean) POLLING.getAcquire(this) ? (Task<?>) CURRENT.getOpaque(this) : null;
  }

  @Override
  public SchedulerStats stats() {
    return new SchedulerStats(
        queue.spawnedCount(),
        (long) TOTAL_POLLED.getOpaque(this),
        (long) TOTAL_COMPLETED.getOpaque(this) + queue.tornDownCount(),
        queue.queuedCount(),
        queue.stolenInCount(),
        queue.stolenOutCount());
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
    return queue.isClosed();
  }

  @Override
  public void close() {
    queue.close();
  }

  @Override
  public String toString() {
    return "MpscScheduler(queued="
        + queue.queuedCount()
        + ", closed="
        + queue.isClosed()
        + ", ticking="
        + (ticking != 0)
        + ")";
  }

  private void setTotalPolled(long v) {
    TOTAL_POLLED.setOpaque(this, v);
  }

  private void setTotalCompleted(long v) {
    TOTAL_COMPLETED.setOpaque(this, v);
  }

  /** The builder of {@link #buildTask()}. */
  private static final class Builder extends AbstractTaskBuilder {
    private final MpscScheduler scheduler;

    Builder(MpscScheduler scheduler) {
      this.scheduler = scheduler;
    }

    @Override
    public <T> JoinHandle<T> spawn(Future<T> future) {
      return scheduler.spawnNew(future, label());
    }

    @Override
    public <T> JoinHandle<T> spawn(TaskStorage<T> storage, Future<T> future) {
      return scheduler.spawnInto(storage, future, label());
    }
  }

  private static final VarHandle TICKING;
  private static final VarHandle TOTAL_POLLED;
  private static final VarHandle TOTAL_COMPLETED;
  private static final VarHandle CURRENT;
  private static final VarHandle POLLING;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      TICKING = l.findVarHandle(MpscScheduler.class, "ticking", int.class);
      TOTAL_POLLED = l.findVarHandle(MpscScheduler.class, "totalPolled", long.class);
      TOTAL_COMPLETED = l.findVarHandle(MpscScheduler.class, "totalCompleted", long.class);
      CURRENT = l.findVarHandle(MpscScheduler.class, "current", Task.class);
      POLLING = l.findVarHandle(MpscScheduler.class, "polling", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
