package maitake.demo.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import maitake.Toolkit;
import maitake.future.Future;
import maitake.scheduler.Injector;
import maitake.scheduler.Scheduler;
import maitake.scheduler.StealAttempt;
import maitake.scheduler.Stealer;
import maitake.scheduler.Tick;
import maitake.task.JoinHandle;
import maitake.time.Clock;
import maitake.time.Timer;
import maitake.time.Turn;

/**
 * A multi-threaded runtime built from the kit's parts. Copy it and change what your system needs:
 * the kit itself starts no thread; this class does (the workers).
 *
 * <h2>How it works</h2>
 *
 * <ul>
 *   <li>N workers, each a platform thread ticking its own thread-safe {@link Scheduler}.
 *   <li>{@link #spawn} puts tasks into a shared {@link Injector}; idle workers take from it.
 *   <li>A worker with nothing to run takes a batch from the injector, else steals half the queue of
 *       a random other worker, else turns the shared {@link Timer} (if nobody else is turning it),
 *       else parks until the timer's next deadline, or until a spawn or a wake unparks it.
 *   <li>{@link #close()} stops the workers, joins every thread, and shuts the schedulers and the
 *       injector down.
 * </ul>
 *
 * <p>Unparking is precise, not polled: each scheduler is made with {@link
 * Toolkit#newScheduler(Runnable)} and the injector with {@link Toolkit#newInjector(Runnable)},
 * whose callbacks run after work arrives from outside. A worker announces that it is about to park,
 * checks for work once more, and parks; the callback unparks a worker that announced itself. Both
 * sides read and write volatile fields in opposite order, so the unpark cannot slip between the
 * last check and the park.
 */
public final class Runtime implements AutoCloseable {
  /** The longest a worker parks without a timer deadline (a safety net, not a poll). */
  private static final long MAX_PARK_NANOS = Duration.ofMillis(100).toNanos();

  /** How many tasks an idle worker takes from the injector at once. */
  private static final int INJECTOR_BATCH = 32;

  private final Toolkit toolkit;
  private final Injector injector;
  private final Timer timer;
  private final Worker[] workers;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean shutdown;
  private final AtomicLong steals = new AtomicLong();
  private final AtomicLong injected = new AtomicLong();
  private final AtomicLong parks = new AtomicLong();
  private final AtomicLong turns = new AtomicLong();

  /**
   * Starts a runtime.
   *
   * @param toolkit the kit
   * @param workerCount how many worker threads, at least 1
   * @param clock the clock of the shared timer (wheel ticks of one millisecond)
   */
  public Runtime(Toolkit toolkit, int workerCount, Clock clock) {
    this.toolkit = Objects.requireNonNull(toolkit, "toolkit");
    if (workerCount < 1) {
      throw new IllegalArgumentException("at least one worker: " + workerCount);
    }
    long clockTicksPerMilli = Math.max(1, clock.durationToTicks(Duration.ofMillis(1)));
    this.timer = toolkit.newTimer(clock, clockTicksPerMilli);
    this.workers = new Worker[workerCount];
    this.injector = toolkit.newInjector(this::unparkOneIdleWorker);
    for (int i = 0; i < workerCount; i++) {
      workers[i] = new Worker(i);
    }
    for (Worker w : workers) {
      Thread t = new Thread(w, "maitake-worker-" + w.index);
      w.thread = t;
      threads.add(t);
    }
    threads.forEach(Thread::start);
  }

  /**
   * @return the timer shared by every worker
   */
  public Timer timer() {
    return timer;
  }

  /**
   * @return the toolkit this runtime was built from
   */
  public Toolkit toolkit() {
    return toolkit;
  }

  /**
   * Spawns a task; an idle worker will pick it up.
   *
   * @param future the task's future
   * @param <T> its output type
   * @return the join handle
   */
  public <T> JoinHandle<T> spawn(Future<T> future) {
    if (shutdown) {
      throw new IllegalStateException("runtime is shut down");
    }
    return injector.spawn(future);
  }

  /**
   * @return counters of what the workers did so far
   */
  public RuntimeStats stats() {
    long polled = 0;
    long ticks = 0;
    for (Worker w : workers) {
      polled += w.polled;
      ticks += w.ticks;
    }
    return new RuntimeStats(
        workers.length, ticks, polled, injected.get(), steals.get(), turns.get(), parks.get());
  }

  /** Stops every worker, joins every thread, and shuts the schedulers and the injector down. */
  @Override
  public void close() {
    shutdown = true;
    for (Worker w : workers) {
      LockSupport.unpark(w.thread);
    }
    boolean interrupted = false;
    for (Thread t : threads) {
      while (t.isAlive()) {
        try {
          t.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    for (Worker w : workers) {
      w.scheduler.close();
      while (w.scheduler.tick().hasRemaining()) {
        // tear down what is left with shutdown errors
      }
    }
    injector.close();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * @return how many worker threads are still alive (0 after close)
   */
  public int liveWorkers() {
    return (int) threads.stream().filter(Thread::isAlive).count();
  }

  private void unparkOneIdleWorker() {
    for (Worker w : workers) {
      if (w.parked) {
        LockSupport.unpark(w.thread);
        return;
      }
    }
  }

  /** One worker thread and its scheduler. */
  private final class Worker implements Runnable {
    final int index;
    final Scheduler scheduler;
    Thread thread;
    volatile boolean parked; // written by this worker; read by notifiers
    volatile long polled; // this worker writes; stats() reads
    volatile long ticks; // this worker writes; stats() reads

    Worker(int index) {
      this.index = index;
      this.scheduler = toolkit.newScheduler(this::unparkIfParked);
    }

    private void unparkIfParked() {
      if (parked) {
        LockSupport.unpark(thread);
      }
    }

    @Override
    public void run() {
      while (!shutdown) {
        Tick t = scheduler.tick();
        ticks++;
        polled += t.polled();
        if (t.polled() > 0 || t.hasRemaining()) {
          continue; // busy: keep ticking
        }
        if (takeFromInjector() || stealFromAnotherWorker()) {
          continue;
        }
        long parkNanos = MAX_PARK_NANOS;
        Turn turn = timer.tryTurn();
        if (turn != null) {
          turns.incrementAndGet();
          if (turn.expired() > 0) {
            continue; // sleeps fired: their tasks are queued somewhere
          }
          if (turn.timeToNextDeadline().isPresent()) {
            parkNanos = Math.min(parkNanos, Math.max(1, turn.timeToNextDeadline().get().toNanos()));
          }
        } else {
          parkNanos = Duration.ofMillis(1).toNanos(); // another worker is turning the timer
        }
        park(parkNanos);
      }
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
        injected.addAndGet(n);
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
              steals.addAndGet(n);
              return true;
            }
          }
        }
      }
      return false;
    }

    private void park(long nanos) {
      parked = true;
      try {
        // one last look after announcing the park: a notifier that ran before we set parked
        // left work we can now see, and one that runs after will unpark us
        if (shutdown || injector.taskCount() > 0) {
          return;
        }
        Tick t = scheduler.tick();
        if (t.polled() > 0) {
          polled += t.polled();
          return;
        }
        parks.incrementAndGet();
        LockSupport.parkNanos(this, nanos);
      } finally {
        parked = false;
      }
    }
  }
}
