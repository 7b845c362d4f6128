package maitake;

import java.util.ServiceLoader;
import maitake.scheduler.Injector;
import maitake.scheduler.LocalScheduler;
import maitake.scheduler.Scheduler;
import maitake.sync.Channel;
import maitake.sync.Mutex;
import maitake.sync.Oneshot;
import maitake.sync.RwLock;
import maitake.sync.Semaphore;
import maitake.sync.WaitCell;
import maitake.sync.WaitMap;
import maitake.sync.WaitQueue;
import maitake.sync.blocking.RawMutex;
import maitake.sync.blocking.RawRwLock;
import maitake.time.Clock;
import maitake.time.Timer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The entry point of the kit: factories for everything it offers (schedulers and injectors, timers,
 * raw and blocking locks, async synchronization primitives and channels), the toolkit-wide {@link
 * maitake.task.FailureHandler}, and the raw-lock provider in use (reported, and pinned on request).
 *
 * <p>In OSGi, get it injected as a service ({@code @Reference Toolkit kit}). Elsewhere call {@link
 * #load()}, which finds the implementation through {@link ServiceLoader} on the module path or
 * class path. User code never needs an implementation class.
 *
 * <pre>{@code
 * Toolkit kit = Toolkit.load();
 * Scheduler scheduler = kit.newScheduler();
 * Timer timer = kit.newTimer(Clock.system());   // or a TestClock, or your own Clock
 * Semaphore pool = kit.newSemaphore(8);
 * JoinHandle<Outcome<String>> job = scheduler.spawn(pool.withPermits(1, permit ->
 *     timer.sleep(Duration.ofMillis(5)).map(v -> "done")));
 * }</pre>
 *
 * <p>Implementations are thread-safe; every factory returns a new, independent object.
 */
@ProviderType
public interface Toolkit {

  /**
   * A new thread-safe scheduler.
   *
   * @return the scheduler
   */
  Scheduler newScheduler();

  /**
   * A new thread-safe scheduler that reports work arriving from outside its own ticks: after a task
   * is queued on it by a spawn, by a wake from another thread or task, or by a steal into it,
   * {@code onExternalWork} runs on the thread that queued it. A runtime uses this to unpark the
   * thread that ticks the scheduler. It must be quick, must not block, and must not call back into
   * the scheduler; what it throws is reported and ignored.
   *
   * @param onExternalWork the notification
   * @return the scheduler
   */
  Scheduler newScheduler(Runnable onExternalWork);

  /**
   * A new injector: a shared queue of unbound tasks that workers steal from.
   *
   * @return the injector
   */
  Injector newInjector();

  /**
   * A new injector that runs {@code onSpawn} after each task is spawned into it (to unpark an idle
   * worker); the same rules as {@link #newScheduler(Runnable)}.
   *
   * @param onSpawn the notification
   * @return the injector
   */
  Injector newInjector(Runnable onSpawn);

  /**
   * Sets where unobserved task failures go for every scheduler this toolkit made (or makes) that
   * has no handler of its own (see {@link maitake.task.FailureHandler}); null goes back to {@link
   * maitake.task.FailureHandler#logging()}.
   *
   * @param handler the handler, or null
   */
  void setFailureHandler(maitake.task.FailureHandler handler);

  /**
   * @return the name of the raw-lock provider in use now ({@code built-in} if none)
   */
  String activeLockProvider();

  /**
   * @return the names of the raw-lock providers present, best-ranked first
   */
  java.util.List<String> lockProviders();

  /**
   * How many times the primitives had to move to another raw-lock provider: a change of the chosen
   * provider counts once locks of the provider it replaces exist (the first choice, made before any
   * lock, is not a swap).
   *
   * @return the swap count
   */
  long lockProviderSwaps();

  /**
   * Pins a present raw-lock provider by name (primitives move to its locks while they run), or
   * unpins with null; {@code built-in} pins the built-in locks. A name configured through the
   * system property or Config Admin may name a provider that has not arrived yet: that is logged as
   * a warning and the ranking decides until it arrives.
   *
   * @param name the provider's name, or null
   * @throws IllegalArgumentException if no provider of that name is present; the message lists the
   *     ones that are
   */
  void pinLockProvider(String name);

  /**
   * A new thread-confined scheduler; its owner is the first thread that ticks it or spawns through
   * it directly.
   *
   * @return the scheduler
   */
  LocalScheduler newLocalScheduler();

  /**
   * A new, empty task registry: give it to schedulers and injectors with their {@code
   * setTaskRegistry} to list their live tasks.
   *
   * @param clock the clock the tasks' ages are read from (read at each spawn and each snapshot)
   * @param captureSpawnSites whether to capture the spawning thread's stack at each spawn (costly:
   *     for debugging a hung task, not for production load)
   * @return the registry
   */
  maitake.task.TaskRegistry newTaskRegistry(Clock clock, boolean captureSpawnSites);

  /**
   * A new timer wheel that reads {@code clock}, one wheel tick per clock tick.
   *
   * @param clock the clock; the timer reads it at construction and whenever it is turned
   * @return the timer
   */
  Timer newTimer(Clock clock);

  /**
   * A new timer wheel whose wheel tick is {@code granularity} clock ticks (a coarser timer over a
   * fine clock: fewer, fuller slots).
   *
   * @param clock the clock
   * @param granularity clock ticks per wheel tick, at least 1
   * @return the timer
   */
  Timer newTimer(Clock clock, long granularity);

  /**
   * A new timer wheel, as {@link #newTimer(Clock, long)}, that runs {@code onEarlierDeadline} when
   * a sleep registers with a deadline earlier than the earliest one its driver knew of at the last
   * turn (or {@link Timer#ticksToNextDeadline()}, or the previous notification): a driver that
   * parks until the next deadline wakes from it and turns again, so a sleep registered while it
   * parks is not late. It runs on the registering thread (inside a poll), outside the wheel's lock,
   * and must be quick; what it throws is reported and dropped.
   *
   * @param clock the clock
   * @param granularity clock ticks per wheel tick, at least 1
   * @param onEarlierDeadline the notification
   * @return the timer
   */
  Timer newTimer(Clock clock, long granularity, Runnable onEarlierDeadline);

  /**
   * A new timer wheel confined to its owner thread (the first thread that turns it), which
   * registers, abandons and turns with no lock; other threads hand their sleeps to it through an
   * inbox. One wheel tick per clock tick. See {@link maitake.time.LocalTimer}.
   *
   * @param clock the clock; the timer reads it at construction and whenever it is turned
   * @return the timer
   */
  maitake.time.LocalTimer newLocalTimer(Clock clock);

  /**
   * A new confined timer wheel, as {@link #newLocalTimer(Clock)}, whose wheel tick is {@code
   * granularity} clock ticks, and that runs {@code onEarlierDeadline} when a registration on the
   * owner thread makes a sleep due earlier than the earliest one the owner knew of at its last turn
   * (as {@link #newTimer(Clock, long, Runnable)}), and at every registration from another thread
   * (the owner must turn to take it in). It runs on the registering thread, outside the wheel, and
   * must be quick; what it throws is reported and dropped.
   *
   * @param clock the clock
   * @param granularity clock ticks per wheel tick, at least 1
   * @param onEarlierDeadline the notification, or null for none
   * @return the timer
   */
  maitake.time.LocalTimer newLocalTimer(Clock clock, long granularity, Runnable onEarlierDeadline);

  /**
   * @return a new raw lock: the built-in lock, or the active lock provider's
   */
  RawMutex newRawMutex();

  /**
   * @return a new raw reader-writer lock
   */
  RawRwLock newRawRwLock();

  /**
   * A blocking mutex around {@code value} over {@link #newRawMutex()}.
   *
   * @param value the initial value
   * @param <T> the value type
   * @return the mutex
   */
  default <T> maitake.sync.blocking.Mutex<T> newBlockingMutex(T value) {
    return new maitake.sync.blocking.Mutex<>(newRawMutex(), value);
  }

  /**
   * A blocking reader-writer lock around {@code value} over {@link #newRawRwLock()}.
   *
   * @param value the initial value
   * @param <T> the value type
   * @return the lock
   */
  default <T> maitake.sync.blocking.RwLock<T> newBlockingRwLock(T value) {
    return new maitake.sync.blocking.RwLock<>(newRawRwLock(), value);
  }

  /**
   * @return a new, empty {@link WaitCell}
   */
  WaitCell newWaitCell();

  /**
   * @return a new, empty {@link WaitQueue}
   */
  WaitQueue newWaitQueue();

  /**
   * @param <K> the key type
   * @param <V> the value type
   * @return a new, empty {@link WaitMap}
   */
  <K, V> WaitMap<K, V> newWaitMap();

  /**
   * An async mutex around {@code value}.
   *
   * @param value the initial value
   * @param <T> the value type
   * @return the mutex, unlocked
   */
  <T> Mutex<T> newMutex(T value);

  /**
   * An async reader-writer lock around {@code value}.
   *
   * @param value the initial value
   * @param <T> the value type
   * @return the lock, unlocked
   */
  <T> RwLock<T> newRwLock(T value);

  /**
   * An async semaphore.
   *
   * @param permits the initial permits, 0 to {@link Semaphore#MAX_PERMITS}
   * @return the semaphore
   */
  Semaphore newSemaphore(long permits);

  /**
   * A bounded multi-producer single-consumer channel.
   *
   * @param capacity at least 1
   * @param <T> the value type
   * @return the channel
   */
  <T> Channel<T> newChannel(int capacity);

  /**
   * @param <T> the value type
   * @return a new oneshot channel
   */
  <T> Oneshot<T> newOneshot();

  /**
   * The toolkit implementation found through {@link ServiceLoader}, loaded once and cached.
   *
   * @return the toolkit
   * @throws IllegalStateException if no implementation is on the module path or class path
   */
  static Toolkit load() {
    return ToolkitLoader.get();
  }
}
