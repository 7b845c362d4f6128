package maitake.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import maitake.Toolkit;
import maitake.future.Future;
import maitake.future.Futures;
import maitake.scheduler.Injector;
import maitake.scheduler.Scheduler;
import maitake.scheduler.Spawner;
import maitake.scheduler.StealAttempt;
import maitake.scheduler.Stealer;
import maitake.scheduler.Tick;
import maitake.task.FailureHandler;
import maitake.task.JoinHandle;
import maitake.task.TaskBuilder;
import maitake.task.TaskRegistry;
import maitake.task.TaskStorage;
import maitake.time.Clock;
import maitake.time.Timer;

/**
 * A ready-made multi-threaded runtime: worker threads that tick the kit's schedulers, for those who
 * do not want to assemble their own. The kit's other modules never start a thread; a runtime starts
 * its workers when it is built, and {@link #close()} joins them.
 *
 * <pre>{@code
 * try (Runtime rt = Runtime.builder(Toolkit.load()).workers(2).build()) {
 *   JoinHandle<String> h = rt.spawn(new Yield(3).map(v -> "done"));
 *   String out = rt.blockOn(h);          // "done", from a thread outside the runtime
 * }                                      // close(): waits for every task, joins
 * }</pre>
 *
 * <p>(The name is the same as {@link java.lang.Runtime}'s: importing this class shadows that one in
 * the importing file.)
 *
 * <h2>How it works</h2>
 *
 * <ul>
 *   <li>Each worker is a thread that ticks its own {@link Scheduler}. A spawn from outside goes to
 *       a shared {@link Injector}; a spawn from a task on a worker goes to that worker's scheduler.
 *   <li>A worker with nothing to run takes a batch from the injector, else steals half the queue of
 *       a random other worker, else turns the shared {@link Timer}, else looks again as its {@link
 *       IdleStrategy} says (spinning, then yielding), and then parks until the timer's next
 *       deadline or until a spawn, a wake, or a sleep due earlier than that deadline unparks it. A
 *       worker whose park ends at a timer deadline at most two timer ticks away parks without
 *       looking again: it wakes soon anyway, and a timer-heavy load would otherwise spin before
 *       every tick.
 *   <li>A busy worker turns the timer and takes from the injector at least once every {@link
 *       Builder#timerBudget(int)} polls (rounded up to whole ticks of at most {@link
 *       Tick#DEFAULT_BUDGET} polls), so sleeps fire and outside spawns start even when no worker is
 *       ever idle: a sleep fires at most that many polls per worker after its deadline is reached.
 *   <li>Every task is listed in a {@link TaskRegistry} ({@link #tasks()}, {@link #dumpTasks()}), so
 *       that {@link #close(Duration)} can cancel what remains and a hung task can be seen.
 * </ul>
 *
 * <h2>Closing</h2>
 *
 * {@link #close(Duration)} stops accepting spawns from outside the runtime (they end at once with a
 * shutdown {@link maitake.task.JoinError}), lets the tasks run until every one has ended or the
 * grace period (on the runtime's clock) has passed, then cancels what remains, waits until every
 * cancelled task was torn down (so their {@code finally} work, permits and guards are released),
 * and joins every worker. While the grace period lasts, tasks may still spawn from inside the
 * runtime. {@link #close()} is {@code close(Duration)} with no limit: it waits for every task to
 * end by itself.
 *
 * <h2>Failures</h2>
 *
 * What a task's future throws ends that task; a worker never dies of it. Failures that nobody joins
 * go to the {@linkplain Builder#failureHandler(FailureHandler) failure handler}.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe: spawn, {@link #blockOn} (from outside the workers), {@link #stats()} and close from
 * any thread.
 */
public final class Runtime implements Spawner, AutoCloseable {
  /*
   * Implementation overview
   *
   * The worker loop, the injector batch and the steal-half are those of tokio's multi-thread
   * scheduler (tokio/src/runtime/scheduler/multi_thread/worker.rs): a local queue per worker, a
   * global injector polled every so many ticks even when busy (tokio's global_queue_interval),
   * and stealing half of a random victim's queue when idle. Unlike tokio, the timer is shared and
   * turned by whichever worker gets its try-lock (Timer.tryAdvance), by a busy worker at least once
   * per timer budget.
   *
   * Idle looks (lookAgain): a worker that found nothing (own queue, injector, steal, timer)
   * looks at its own queue and the injector again up to IdleStrategy.looks() times, with
   * Thread.onSpinWait() and then Thread.yield() between looks, before it parks. A looking worker
   * is not announced as parked, so notifiers leave it alone (no unpark system call): its next
   * look sees the work. This is what makes a hand-off between tasks on two workers cheap
   * (Agrona's BackoffIdleStrategy). The looks do not steal: a first version that went through
   * the whole idle pass at each look (steal, timer turn) pulled a ping-pong pair apart onto two
   * workers and allocated a Turn per look; ping_pong on the runtime went from 208 to 1,402 ns
   * per round trip. No looks before a park that ends at a timer deadline at most
   * UNLOOKED_PARK_TICKS away: on a load that keeps a deadline in every tick (2 workers, 10,000
   * tasks each sleeping 1 to 100 ms again and again, about 190,000 fires/s), the looks were a
   * third of the workers' processor time at a 1 ms tick and half of it at 100 us.
   *
   * Parking: a worker announces it is about to park (parked = true, idleWorkers + 1), checks for
   * work once more (the injector and its own queue), and parks. The schedulers' and the
   * injector's external-work callbacks, a worker's local spawn, and the timer's earlier-deadline
   * callback unpark an announced worker, claiming it with a CAS on its flag. Not done: work queued
   * on a busy worker (a local spawn racing the park, a remote wake) waits for an idle worker's
   * next steal, at most its park (100 ms without a deadline). A first attempt at closing that gap
   * (an idle worker woken on every remote wake and after every injector batch, a steal in the
   * last look) cost about 45% per task on runtime_mixed and was not kept. Both sides write, then
   * read, volatile fields in opposite order, so an unpark cannot slip between the last check and
   * the park.
   *
   * Lifecycle: state goes RUNNING -> CLOSING (outside spawns refused) -> CANCELLING (every spawn
   * refused, the registry cancelled) -> STOPPED (workers leave their loop). The closing thread
   * waits for the registry to empty, parking in slices of at most a millisecond. A refused spawn
   * goes to an injector that was closed at construction, which ends it with a shutdown error and
   * abandons its future, as the Spawner contract asks.
   */

  private static final int RUNNING = 0;
  private static final int CLOSING = 1;
  private static final int CANCELLING = 2;
  private static final int STOPPED = 3;

  /** The longest a worker parks with no timer deadline (a safety net, not a poll). */
  private static final Duration MAX_PARK = Duration.ofMillis(100);

  private static final long MAX_PARK_NANOS = MAX_PARK.toNanos();

  /** How long a worker parks when another worker holds the timer's turn. */
  private static final long SHORT_PARK_NANOS = Duration.ofMillis(1).toNanos();

  /** How many tasks a worker takes from the injector at once. */
  private static final int INJECTOR_BATCH = 32;

  /** The worker of the current thread, if it is one. */
  private static final ThreadLocal<Worker> CURRENT = new ThreadLocal<>();

  private final Toolkit toolkit;
  private final Clock clock;
  private final Timer timer;
  private final Injector injector;
  private final Injector refused;
  private final TaskRegistry registry;
  private final Worker[] workers;
  private final int timerBudget;
  private final IdleStrategy idle;
  // a park that ends at a timer deadline at most this far away comes without idle looks
  private final long unlookedParkNanos;
  private final long tickNanos; // the clock's tick in nanoseconds, at most Long.MAX_VALUE
  private final RuntimeObserver observer; // null: nothing observed
  private final AtomicInteger idleWorkers = new AtomicInteger();
  private final Object closeLock = new Object();
  private volatile int state = RUNNING;
  private boolean closedClean = true; // under closeLock: what the first close returned
  private volatile long nextDeadlineTick = -1; // the timer's next due tick seen at the last turn

  private Runtime(Builder b) {
    this.toolkit = b.toolkit;
    this.clock = b.clock != null ? b.clock : Clock.system();
    long granularity = Math.max(1, clock.durationToTicks(b.granularity));
    // a sleep registered earlier than what the parked workers wait for wakes one of them
    this.timer = toolkit.newTimer(clock, granularity, this::unparkOneIdleWorker);
    this.timerBudget = b.timerBudget;
    this.idle = b.idle;
    this.unlookedParkNanos = unlookedParkNanos(clock.tickDuration(), granularity);
    this.tickNanos = tickNanos(clock.tickDuration());
    this.observer = b.observer;
    this.registry = toolkit.newTaskRegistry(clock, b.captureSpawnSites);
    this.injector = toolkit.newInjector(this::unparkOneIdleWorker);
    this.injector.setTaskRegistry(registry);
    this.injector.setTaskObserver(observer);
    this.refused = toolkit.newInjector();
    this.refused.close();
    ThreadFactory factory = b.threadFactory;
    if (factory == null) {
      String prefix = b.namePrefix != null ? b.namePrefix : "maitake-worker-";
      AtomicInteger n = new AtomicInteger();
      factory = r -> new Thread(r, prefix + n.getAndIncrement());
    }
    this.workers = new Worker[b.workers];
    for (int i = 0; i < workers.length; i++) {
      workers[i] = new Worker(i, b.failureHandler);
    }
    List<Thread> made = new ArrayList<>();
    try {
      for (Worker w : workers) {
        Thread t = Objects.requireNonNull(factory.newThread(w), "the thread factory returned null");
        w.thread = t;
        made.add(t);
      }
    } catch (RuntimeException | Error e) {
      state = STOPPED;
      throw e;
    }
    int started = 0;
    try {
      for (Thread t : made) {
        t.start();
        started++;
      }
    } catch (RuntimeException | Error e) {
      state = STOPPED; // the started workers leave their loop; nobody will have this runtime
      for (int i = 0; i < started; i++) {
        LockSupport.unpark(made.get(i));
        join(made.get(i));
      }
      throw e;
    }
  }

  /**
   * Starts configuring a runtime.
   *
   * @param toolkit the kit whose schedulers, injector, timer and registry the runtime uses
   * @return a builder with the defaults: one worker per available processor, threads named {@code
   *     maitake-worker-N}, the system clock, a timer granularity of one millisecond, the toolkit's
   *     failure handler, a timer budget of {@value Builder#DEFAULT_TIMER_BUDGET} polls
   */
  public static Builder builder(Toolkit toolkit) {
    return new Builder(Objects.requireNonNull(toolkit, "toolkit"));
  }

  // ---------------------------------------------------------------------------------------
  // Spawning

  /**
   * Spawns a task. From a task running on one of this runtime's workers, the task goes to that
   * worker's scheduler (other workers steal it when they are idle); from any other thread, to the
   * shared injector. After {@link #close} began, a spawn from outside the runtime (and, once the
   * grace period is over, any spawn) returns a handle that ends at once with a shutdown {@link
   * maitake.task.JoinError}, and the future is abandoned without being polled.
   *
   * @param future the task's future
   * @param <T> its output type
   * @return the task's join handle
   */
  @Override
  public <T> JoinHandle<T> spawn(Future<T> future) {
    Objects.requireNonNull(future, "future");
    return spawner().spawn(future);
  }

  /**
   * @return a builder for named tasks, spawned as by {@link #spawn}
   */
  @Override
  public TaskBuilder buildTask() {
    return new RuntimeTaskBuilder();
  }

  private Spawner spawner() {
    Worker w = CURRENT.get();
    boolean inside = w != null && w.runtime() == this;
    int s = state;
    if (s >= CANCELLING || (s == CLOSING && !inside)) {
      return refused;
    }
    return inside ? w.localSpawner : injector;
  }

  /**
   * Whether {@link #close} has begun: spawns from outside the runtime are refused from then on.
   *
   * @return true once closing began
   */
  @Override
  public boolean isClosed() {
    return state != RUNNING;
  }

  /**
   * Runs {@code future} as a task of this runtime and blocks the calling thread until it ends.
   *
   * @param future the future
   * @param <T> its output type
   * @return its output
   * @throws IllegalStateException if called on one of this runtime's workers (it would stop the
   *     worker; await the future from the task instead)
   * @throws maitake.task.JoinError if the task failed, was cancelled, or was refused because the
   *     runtime is closing
   */
  public <T> T blockOn(Future<T> future) {
    Objects.requireNonNull(future, "future");
    rejectOnWorker("blockOn");
    return Futures.blockOn(future instanceof JoinHandle<T> h ? h : spawn(future));
  }

  private void rejectOnWorker(String what) {
    Worker w = CURRENT.get();
    if (w != null && w.runtime() == this) {
      throw new IllegalStateException(
          what
              + " called on "
              + Thread.currentThread().getName()
              + ", a worker of this runtime: it would stop the worker; "
              + "await the future from a task instead");
    }
  }

  // ---------------------------------------------------------------------------------------
  // Parts and introspection

  /**
   * @return the timer every worker turns; its sleeps, timeouts and intervals fire on this runtime
   */
  public Timer timer() {
    return timer;
  }

  /**
   * @return the clock of the timer, the task ages and the close grace period
   */
  public Clock clock() {
    return clock;
  }

  /**
   * @return the toolkit this runtime was built from
   */
  public Toolkit toolkit() {
    return toolkit;
  }

  /**
   * @return the registry in which every task of this runtime is listed until it ends
   */
  public TaskRegistry tasks() {
    return registry;
  }

  /**
   * @return a text dump of every live task (see {@link TaskRegistry#dump()})
   */
  public String dumpTasks() {
    return registry.dump();
  }

  /**
   * @return how many worker threads this runtime has
   */
  public int workerCount() {
    return workers.length;
  }

  /**
   * @return how this runtime's idle workers wait for work
   */
  public IdleStrategy idleStrategy() {
    return idle;
  }

  /**
   * @return how many worker threads are still alive (0 once {@link #close} returned)
   */
  public int liveWorkers() {
    int n = 0;
    for (Worker w : workers) {
      if (w.thread.isAlive()) {
        n++;
      }
    }
    return n;
  }

  /**
   * A snapshot of the workers' counters, read one by one without a lock.
   *
   * @return the counters
   */
  public RuntimeStats stats() {
    List<RuntimeStats.WorkerStats> per = new ArrayList<>(workers.length);
    for (Worker w : workers) {
      per.add(w.stats());
    }
    return new RuntimeStats(per, registry.size(), injector.taskCount());
  }

  // ---------------------------------------------------------------------------------------
  // Closing

  /**
   * Closes the runtime and waits, with no limit, for every task to end by itself, then joins every
   * worker (see the class comment). Idempotent.
   *
   * @throws IllegalStateException if called on one of this runtime's workers
   */
  @Override
  public void close() {
    close(null);
  }

  /**
   * Closes the runtime: refuses spawns from outside, lets tasks run for {@code grace} on the
   * runtime's clock, then cancels what remains, waits until every task was torn down, and joins
   * every worker (see the class comment). Idempotent: a second call returns at once (after the
   * first has finished, if it runs on another thread) what the first returned.
   *
   * @param grace how long tasks may still run, on the runtime's clock; zero cancels at once; null
   *     waits with no limit
   * @return true if every task ended by itself within the grace period; false if some were
   *     cancelled
   * @throws IllegalStateException if called on one of this runtime's workers
   * @throws IllegalArgumentException if {@code grace} is negative
   */
  public boolean close(Duration grace) {
    if (grace != null && grace.isNegative()) {
      throw new IllegalArgumentException("negative grace period: " + grace);
    }
    rejectOnWorker("close");
    synchronized (closeLock) {
      if (state == STOPPED) {
        return closedClean;
      }
      long deadline = Long.MAX_VALUE;
      if (grace != null) {
        long start = clock.nowTicks();
        long ticks;
        try {
          ticks = clock.durationToTicks(grace);
        } catch (RuntimeException tooLong) {
          ticks = Long.MAX_VALUE; // longer than the clock can count: no limit
        }
        deadline = start + ticks < start ? Long.MAX_VALUE : start + ticks;
      }
      boolean interrupted = false;
      state = CLOSING;
      unparkAll();
      while (registry.size() > 0 && clock.nowTicks() < deadline) {
        interrupted |= pause();
      }
      boolean allEnded = registry.size() == 0;
      state = CANCELLING;
      while (registry.size() > 0) {
        registry.cancelAll(); // again each round: tasks spawned in the last instant of grace
        unparkAll();
        interrupted |= pause();
      }
      state = STOPPED;
      unparkAll();
      for (Worker w : workers) {
        interrupted |= join(w.thread);
      }
      for (Worker w : workers) {
        w.scheduler.close();
        while (w.scheduler.tick().hasRemaining()) {
          // nothing should be left; tear down whatever a stale wake queued
        }
      }
      injector.close();
      closedClean = allEnded;
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      return allEnded;
    }
  }

  /**
   * Parks the closing thread for a moment, after ticking the scheduler of any worker that died (of
   * an error its loop could not contain), so that its tasks still end; returns whether the thread
   * was interrupted.
   */
  private boolean pause() {
    for (Worker w : workers) {
      if (!w.thread.isAlive()) {
        w.scheduler.tick();
      }
    }
    LockSupport.parkNanos(SHORT_PARK_NANOS);
    return Thread.interrupted();
  }

  private static boolean join(Thread t) {
    boolean interrupted = false;
    while (t.isAlive()) {
      try {
        t.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    return interrupted;
  }

  private void unparkAll() {
    for (Worker w : workers) {
      LockSupport.unpark(w.thread);
    }
  }

  private void unparkOneIdleWorker() {
    if (idleWorkers.get() == 0) {
      return;
    }
    for (Worker w : workers) {
      if (w.parked.get() && w.parked.compareAndSet(true, false)) {
        LockSupport.unpark(w.thread);
        return;
      }
    }
  }

  // ---------------------------------------------------------------------------------------
  // Timer turns

  /** Timer ticks within which a deadline makes a worker park without idle looks. */
  static final int UNLOOKED_PARK_TICKS = 2;

  /** A clock tick in nanoseconds, at most Long.MAX_VALUE. */
  static long tickNanos(Duration clockTick) {
    try {
      return clockTick.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE; // a tick longer than 292 years
    }
  }

  /** {@link #UNLOOKED_PARK_TICKS} timer ticks in nanoseconds, at most the longest park. */
  static long unlookedParkNanos(Duration clockTick, long granularity) {
    try {
      long n = clockTick.multipliedBy(granularity).multipliedBy(UNLOOKED_PARK_TICKS).toNanos();
      return Math.min(n, MAX_PARK_NANOS);
    } catch (ArithmeticException e) {
      return MAX_PARK_NANOS; // a tick longer than the longest park
    }
  }

  /**
   * Turns the timer if no other worker is turning it, and records how late the turn was.
   *
   * @return 0 if sleeps fired (there is work), else how long to park at most, in nanoseconds
   */
  private long turnTimer(Worker w) {
    w.parkEndsAtDeadline = false;
    // tryAdvance and ticksToNextDeadline instead of tryTurn: an idle worker turns the timer
    // before every park, and a Turn (with its Optional and Duration) would be garbage each time.
    // Lateness and the next due tick are measured from this reading, which trails the wheel's own
    // by the time the try-lock takes (ticksToNextDeadline counts from the wheel's latest reading).
    long now = clock.nowTicks();
    int fired = timer.tryAdvance();
    if (fired < 0) {
      return SHORT_PARK_NANOS; // another worker is turning it
    }
    w.timerTurns++;
    long due = nextDeadlineTick;
    if (fired > 0) {
      w.timersFired += fired;
      long lateNanos = due >= 0 && now > due ? ticksToNanos(now - due) : 0;
      w.recordLateness(lateNanos);
      RuntimeObserver o = observer;
      if (o != null) {
        try {
          o.timerTurned(w.index, fired, lateNanos);
        } catch (Throwable e) {
          observerThrew(e);
        }
      }
    }
    long toNext = timer.ticksToNextDeadline();
    long nextDue = toNext < 0 ? -1 : now + toNext;
    if (nextDue != due) {
      // written only when it changes: a turn that finds the same deadline (or none, again)
      // stores nothing into this runtime, whose state every spawn reads
      nextDeadlineTick = nextDue;
    }
    if (fired > 0) {
      return 0;
    }
    if (toNext < 0) {
      return MAX_PARK_NANOS;
    }
    long next = ticksToNanos(toNext);
    if (next >= MAX_PARK_NANOS) {
      return MAX_PARK_NANOS;
    }
    w.parkEndsAtDeadline = true;
    return Math.max(1, next);
  }

  /** Clock ticks in nanoseconds, at most Long.MAX_VALUE; {@code ticks} is not negative. */
  private long ticksToNanos(long ticks) {
    long n = ticks * tickNanos;
    return Math.multiplyHigh(ticks, tickNanos) != 0 || n < 0 ? Long.MAX_VALUE : n;
  }

  private void observeSteal(Worker w, int n, boolean fromInjector) {
    RuntimeObserver o = observer;
    if (o != null && n > 0) {
      try {
        o.stole(w.index, n, fromInjector);
      } catch (Throwable e) {
        observerThrew(e);
      }
    }
  }

  private void observerThrew(Throwable e) {
    if (e instanceof VirtualMachineError v) {
      throw v;
    }
    System.getLogger("maitake.runtime")
        .log(System.Logger.Level.ERROR, "the runtime observer " + observer + " threw", e);
  }

  // ---------------------------------------------------------------------------------------
  // Workers

  /** One worker thread and its scheduler. */
  private final class Worker implements Runnable {
    final int index;
    final Scheduler scheduler;
    final Spawner localSpawner;
    Thread thread;
    // true from the announcement of a park to its end; a notifier that unparks this worker
    // clears it (CAS), so each parked worker is woken by one notifier and the next one goes on
    final java.util.concurrent.atomic.AtomicBoolean parked =
        new java.util.concurrent.atomic.AtomicBoolean();
    // written by this worker alone (volatile so that stats() from another thread sees them)
    volatile long ticks;
    volatile long polls;
    volatile long injected;
    volatile long stolen;
    volatile long parks;
    volatile long idleLooksTotal;
    volatile long timerTurns;
    volatile long timersFired;
    volatile long maxLatenessNanos;
    final AtomicLongArray lateness = new AtomicLongArray(RuntimeStats.LATENESS_BUCKETS);

    Worker(int index, FailureHandler handler) {
      this.index = index;
      this.scheduler = toolkit.newScheduler(this::unparkIfParked);
      this.scheduler.setTaskRegistry(registry);
      this.scheduler.setTaskObserver(observer);
      if (handler != null) {
        this.scheduler.setFailureHandler(handler);
      }
      this.localSpawner = new LocalSpawner(this);
    }

    Runtime runtime() {
      return Runtime.this;
    }

    /** Work arrived on this worker's scheduler from another thread: wake it if it parks. */
    private void unparkIfParked() {
      if (parked.get() && parked.compareAndSet(true, false)) {
        LockSupport.unpark(thread);
      }
    }

    void recordLateness(long nanos) {
      int bucket = RuntimeStats.bucketOf(nanos);
      lateness.set(bucket, lateness.get(bucket) + 1); // one writer: this worker
      if (nanos > maxLatenessNanos) {
        maxLatenessNanos = nanos;
      }
    }

    RuntimeStats.WorkerStats stats() {
      long[] hist = new long[lateness.length()];
      for (int i = 0; i < hist.length; i++) {
        hist[i] = lateness.get(i);
      }
      return new RuntimeStats.WorkerStats(
          index,
          ticks,
          polls,
          injected,
          stolen,
          parks,
          idleLooksTotal,
          timerTurns,
          timersFired,
          Duration.ofNanos(maxLatenessNanos),
          hist);
    }

    @Override
    public void run() {
      CURRENT.set(this);
      try {
        loop();
      } finally {
        CURRENT.remove();
      }
    }

    private void loop() {
      while (state != STOPPED) {
        try {
          turn();
        } catch (VirtualMachineError e) {
          throw e; // the worker dies; close() ticks its scheduler from the closing thread
        } catch (Throwable e) {
          // a tick contains what tasks throw; this is the kit (or an observer) failing: say so,
          // and go on
          System.getLogger("maitake.runtime")
              .log(System.Logger.Level.ERROR, "worker " + index + " failed and goes on", e);
        }
      }
    }

    private long sinceTurn;
    private boolean parkEndsAtDeadline; // set by turnTimer: its park time is a timer deadline's

    /** One pass of the worker loop: tick, and when idle find work, look again, or park. */
    private void turn() {
      Tick t = scheduler.tick();
      ticks++;
      polls += t.polled();
      sinceTurn += t.polled();
      if (sinceTurn >= timerBudget) {
        sinceTurn = 0;
        turnTimer(this);
        takeFromInjector();
      }
      if (t.polled() > 0 || t.hasRemaining()) {
        return; // busy: keep ticking
      }
      if (takeFromInjector() || stealFromAnotherWorker()) {
        return;
      }
      long parkNanos = turnTimer(this);
      sinceTurn = 0;
      if (parkNanos == 0) {
        return; // sleeps fired: their tasks are queued somewhere
      }
      // no looks before a park until a deadline within two ticks (see the overview, Idle looks)
      boolean look = !(parkEndsAtDeadline && parkNanos <= unlookedParkNanos);
      if (look && lookAgain()) {
        return; // work arrived while this worker looked
      }
      park(parkNanos);
    }

    /**
     * Looks for work as the idle strategy says before parking: its own queue (a remote wake or a
     * spawn) and the injector, with a spin hint or a yield between looks; no steal and no timer
     * turn (the deadline is known, and far in spin terms), so a look costs an empty tick.
     *
     * @return whether work arrived (then this worker goes on without parking)
     */
    private boolean lookAgain() {
      int spins = idle.spins();
      int looks = idle.looks();
      for (int i = 0; i < looks; i++) {
        if (i < spins) {
          Thread.onSpinWait();
        } else {
          Thread.yield();
        }
        if (state == STOPPED || injector.taskCount() > 0) {
          idleLooksTotal += i + 1;
          return true;
        }
        Tick t = scheduler.tick();
        if (t.polled() > 0 || t.hasRemaining()) {
          ticks++;
          polls += t.polled();
          idleLooksTotal += i + 1;
          return true;
        }
      }
      idleLooksTotal += looks;
      return false;
    }

    private boolean takeFromInjector() {
      if (injector.taskCount() == 0) {
        return false;
      }
      StealAttempt a = injector.trySteal();
      if (!a.isOk()) {
        return false;
      }
      try (Stealer s = a.get()) {
        int n = s.stealMany(scheduler, INJECTOR_BATCH);
        injected += n;
        observeSteal(this, n, true);

        return n > 0;
      }
    }

    private boolean stealFromAnotherWorker() {
      if (workers.length == 1) {
        return false;
      }
      int start = ThreadLocalRandom.current().nextInt(workers.length);
      for (int i = 0; i < workers.length; i++) {
        Worker victim = workers[(start + i) % workers.length];
        if (victim == this) {
          continue;
        }
        StealAttempt a = victim.scheduler.trySteal();
        if (a.isOk()) {
          try (Stealer s = a.get()) {
            int n = s.stealHalf(scheduler);
            if (n > 0) {
              stolen += n;
              observeSteal(this, n, false);
              return true;
            }
          }
        }
      }
      return false;
    }

    private void park(long nanos) {
      parked.set(true);
      idleWorkers.incrementAndGet();
      try {
        // one last look after announcing the park: a notifier that ran before we announced left
        // work we can now see (in the injector or in our own queue), and one that runs after
        // will unpark us
        if (state == STOPPED || injector.taskCount() > 0) {
          return;
        }
        Tick t = scheduler.tick(); // a notifier may claim us meanwhile: the park then returns
        polls += t.polled();
        if (t.polled() > 0 || t.hasRemaining()) {
          return; // (hasRemaining: a stealer holds our queue, and tasks are still in it)
        }
        parks++;
        LockSupport.parkNanos(this, nanos);
      } finally {
        idleWorkers.decrementAndGet();
        parked.set(false);
      }
    }
  }

  /** Spawns onto a worker's own scheduler and lets an idle worker know there is work to steal. */
  private final class LocalSpawner implements Spawner {
    private final Worker worker;

    LocalSpawner(Worker worker) {
      this.worker = worker;
    }

    @Override
    public <T> JoinHandle<T> spawn(Future<T> future) {
      JoinHandle<T> h = worker.scheduler.spawn(future);
      unparkOneIdleWorker();
      return h;
    }

    @Override
    public TaskBuilder buildTask() {
      return worker.scheduler.buildTask();
    }

    @Override
    public boolean isClosed() {
      return worker.scheduler.isClosed();
    }
  }

  /** Names tasks, and picks the spawner (local, injector, refused) at each spawn. */
  private final class RuntimeTaskBuilder implements TaskBuilder {
    private String name;
    private String kind;

    @Override
    public TaskBuilder name(String name) {
      this.name = name;
      return this;
    }

    @Override
    public TaskBuilder kind(String kind) {
      this.kind = kind;
      return this;
    }

    @Override
    public <T> JoinHandle<T> spawn(Future<T> future) {
      Objects.requireNonNull(future, "future");
      Spawner s = spawner();
      TaskBuilder b = s.buildTask().name(name);
      if (kind != null) {
        b.kind(kind);
      }
      JoinHandle<T> h = b.spawn(future);
      if (s instanceof LocalSpawner) {
        unparkOneIdleWorker();
      }
      return h;
    }

    @Override
    public <T> JoinHandle<T> spawn(TaskStorage<T> storage, Future<T> future) {
      throw new UnsupportedOperationException(
          "a runtime does not take task storage: its tasks may start on any worker");
    }
  }

  // ---------------------------------------------------------------------------------------
  // Builder

  /** Configures a {@link Runtime}; {@link #build()} starts it. Not thread-safe. */
  public static final class Builder {
    /** The default {@link #timerBudget(int)}. */
    public static final int DEFAULT_TIMER_BUDGET = 256;

    /** The default {@link #timerGranularity(Duration)}: one millisecond. */
    public static final Duration DEFAULT_TIMER_GRANULARITY = Duration.ofMillis(1);

    private final Toolkit toolkit;
    private int workers = Math.max(1, java.lang.Runtime.getRuntime().availableProcessors());
    private String namePrefix;
    private ThreadFactory threadFactory;
    private Clock clock;
    private Duration granularity = DEFAULT_TIMER_GRANULARITY;
    private FailureHandler failureHandler;
    private int timerBudget = DEFAULT_TIMER_BUDGET;
    private boolean captureSpawnSites;
    private RuntimeObserver observer;
    private IdleStrategy idle = IdleStrategy.DEFAULT;

    private Builder(Toolkit toolkit) {
      this.toolkit = toolkit;
    }

    /**
     * @param count how many worker threads, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code count} is below 1
     */
    public Builder workers(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("a runtime needs at least one worker: " + count);
      }
      this.workers = count;
      return this;
    }

    /**
     * Names the worker threads {@code prefix + index}; replaces a thread factory set before.
     *
     * @param prefix the prefix
     * @return this builder
     */
    public Builder threadNamePrefix(String prefix) {
      this.namePrefix = Objects.requireNonNull(prefix, "prefix");
      this.threadFactory = null;
      return this;
    }

    /**
     * Makes the worker threads with {@code factory} (for daemon threads, priorities, thread
     * groups); replaces a name prefix set before. The runtime starts the threads itself.
     *
     * @param factory the factory
     * @return this builder
     */
    public Builder threadFactory(ThreadFactory factory) {
      this.threadFactory = Objects.requireNonNull(factory, "factory");
      this.namePrefix = null;
      return this;
    }

    /**
     * @param clock the clock of the timer, the task ages and the close grace period ({@link
     *     Clock#system()} by default)
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The timer's wheel tick. A sleep fires at the first wheel tick at or after its deadline, so up
     * to one tick late (plus the time a parked worker takes to wake): with the default, {@link
     * #DEFAULT_TIMER_GRANULARITY} (as tokio's timer), a one millisecond sleep fires between one and
     * two milliseconds after its first poll. Sleeps whose deadlines fall in the same tick fire in
     * one turn. A finer tick is more punctual, and costs more processor time when many sleeps with
     * scattered deadlines are pending: the workers turn the timer and park about once per tick that
     * has a deadline, instead of once per batch.
     *
     * @param granularity the timer's wheel tick ({@link #DEFAULT_TIMER_GRANULARITY} by default);
     *     rounded up to whole clock ticks, at least one
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder timerGranularity(Duration granularity) {
      if (granularity.isZero() || granularity.isNegative()) {
        throw new IllegalArgumentException("timer granularity must be positive: " + granularity);
      }
      this.granularity = granularity;
      return this;
    }

    /**
     * @param handler where the failures of tasks that nobody joins go (null: the toolkit's)
     * @return this builder
     */
    public Builder failureHandler(FailureHandler handler) {
      this.failureHandler = handler;
      return this;
    }

    /**
     * @param polls how many polls a busy worker may run between two turns of the timer (and two
     *     looks at the injector); at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder timerBudget(int polls) {
      if (polls < 1) {
        throw new IllegalArgumentException("the timer budget must be at least 1 poll: " + polls);
      }
      this.timerBudget = polls;
      return this;
    }

    /**
     * @param strategy how a worker with nothing to run waits for work ({@link IdleStrategy#DEFAULT}
     *     unless set: spin briefly, then park)
     * @return this builder
     */
    public Builder idleStrategy(IdleStrategy strategy) {
      this.idle = Objects.requireNonNull(strategy, "strategy");
      return this;
    }

    /**
     * @param capture whether to capture each spawn's stack for {@link Runtime#dumpTasks()} (for
     *     debugging: it costs a stack walk per spawn)
     * @return this builder
     */
    public Builder captureSpawnSites(boolean capture) {
      this.captureSpawnSites = capture;
      return this;
    }

    /**
     * @param observer what sees the runtime's tasks, timer turns and steals (null: nothing; see
     *     {@link RuntimeObserver}); it costs a clock read around each poll while set
     * @return this builder
     */
    public Builder observer(RuntimeObserver observer) {
      this.observer = observer;
      return this;
    }

    /**
     * Builds the runtime and starts its worker threads.
     *
     * @return the running runtime
     */
    public Runtime build() {
      return new Runtime(this);
    }
  }
}
