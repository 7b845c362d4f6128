package maitake.impl;

import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import maitake.Toolkit;
import maitake.impl.lock.LockRegistry;
import maitake.impl.scheduler.ConfinedScheduler;
import maitake.impl.scheduler.FailureRouting;
import maitake.impl.scheduler.MpscInjector;
import maitake.impl.scheduler.MpscScheduler;
import maitake.impl.sync.AtomicWaitCell;
import maitake.impl.sync.BoundedChannel;
import maitake.impl.sync.FairSemaphore;
import maitake.impl.sync.FifoWaitQueue;
import maitake.impl.sync.HandoffMutex;
import maitake.impl.sync.KeyedWaitMap;
import maitake.impl.sync.LockedOneshot;
import maitake.impl.sync.SemaphoreRwLock;
import maitake.impl.time.HierarchicalTimerWheel;
import maitake.impl.util.Wakers;
import maitake.scheduler.Injector;
import maitake.scheduler.LocalScheduler;
import maitake.scheduler.Scheduler;
import maitake.spi.RawMutexProvider;
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
import maitake.task.FailureHandler;
import maitake.time.Clock;
import maitake.time.Timer;

/**
 * The kit's {@link Toolkit}: a plain-Java core that {@link java.util.ServiceLoader} instantiates on
 * the module path and class path, and that {@link ToolkitComponent} registers in OSGi.
 */
public class StandardToolkit implements Toolkit {
  private final LockRegistry locks;
  private final FailureRouting failures = new FailureRouting();

  /**
   * The toolkit for plain Java and the module path: its raw locks come from the best-ranked {@link
   * RawMutexProvider} that {@link ServiceLoader} finds (or the one pinned by the system property
   * {@value RawMutexProvider#PIN_PROPERTY}), else from the built-in locks.
   */
  public StandardToolkit() {
    this(serviceLoaderRegistry());
  }

  /**
   * A toolkit whose raw locks follow {@code locks}.
   *
   * @param locks the registry of lock providers
   */
  public StandardToolkit(LockRegistry locks) {
    this.locks = java.util.Objects.requireNonNull(locks, "locks");
  }

  private static LockRegistry serviceLoaderRegistry() {
    LockRegistry r = new LockRegistry();
    ClassLoader cl = StandardToolkit.class.getClassLoader();
    try {
      for (RawMutexProvider p : ServiceLoader.load(RawMutexProvider.class, cl)) {
        r.add(p, p.ranking());
      }
    } catch (ServiceConfigurationError e) {
      Wakers.reportUncaught(e); // a broken provider: keep the others and the built-in locks
    }
    return r;
  }

  /**
   * @return the registry that chooses the raw-lock provider
   */
  public LockRegistry locks() {
    return locks;
  }

  @Override
  public Scheduler newScheduler() {
    return new MpscScheduler(null, failures);
  }

  @Override
  public Scheduler newScheduler(Runnable onExternalWork) {
    return new MpscScheduler(
        java.util.Objects.requireNonNull(onExternalWork, "onExternalWork"), failures);
  }

  @Override
  public Injector newInjector() {
    return new MpscInjector();
  }

  @Override
  public Injector newInjector(Runnable onSpawn) {
    return new MpscInjector(java.util.Objects.requireNonNull(onSpawn, "onSpawn"));
  }

  @Override
  public void setFailureHandler(FailureHandler handler) {
    failures.set(handler);
  }

  @Override
  public String activeLockProvider() {
    return locks.activeName();
  }

  @Override
  public java.util.List<String> lockProviders() {
    return locks.providers().stream().map(e -> e.provider().name()).toList();
  }

  @Override
  public long lockProviderSwaps() {
    return locks.swaps();
  }

  @Override
  public void pinLockProvider(String name) {
    locks.pin(name);
  }

  @Override
  public LocalScheduler newLocalScheduler() {
    return new ConfinedScheduler(failures);
  }

  @Override
  public maitake.task.TaskRegistry newTaskRegistry(Clock clock, boolean captureSpawnSites) {
    return new maitake.impl.scheduler.StripedTaskRegistry(clock, captureSpawnSites);
  }

  @Override
  public Timer newTimer(Clock clock) {
    return new HierarchicalTimerWheel(clock, 1, locks.newLeafMutex());
  }

  @Override
  public Timer newTimer(Clock clock, long granularity) {
    return new HierarchicalTimerWheel(clock, granularity, locks.newLeafMutex());
  }

  @Override
  public maitake.time.LocalTimer newLocalTimer(Clock clock) {
    return new maitake.impl.time.LocalTimerWheel(clock, 1, null);
  }

  @Override
  public maitake.time.LocalTimer newLocalTimer(
      Clock clock, long granularity, Runnable onEarlierDeadline) {
    return new maitake.impl.time.LocalTimerWheel(clock, granularity, onEarlierDeadline);
  }

  @Override
  public Timer newTimer(Clock clock, long granularity, Runnable onEarlierDeadline) {
    return new HierarchicalTimerWheel(
        clock,
        granularity,
        locks.newLeafMutex(),
        java.util.Objects.requireNonNull(onEarlierDeadline, "onEarlierDeadline"));
  }

  @Override
  public RawMutex newRawMutex() {
    return locks.newRawMutex();
  }

  @Override
  public RawRwLock newRawRwLock() {
    return locks.newRawRwLock();
  }

  @Override
  public WaitCell newWaitCell() {
    return new AtomicWaitCell();
  }

  @Override
  public WaitQueue newWaitQueue() {
    return new FifoWaitQueue(locks.newLeafMutex(), false);
  }

  @Override
  public <K, V> WaitMap<K, V> newWaitMap() {
    return new KeyedWaitMap<>(locks.newLeafMutex());
  }

  @Override
  public <T> Mutex<T> newMutex(T value) {
    return new HandoffMutex<>(locks.newLeafMutex(), value);
  }

  @Override
  public <T> RwLock<T> newRwLock(T value) {
    return new SemaphoreRwLock<>(locks.newLeafMutex(), value);
  }

  @Override
  public Semaphore newSemaphore(long permits) {
    return new FairSemaphore(locks.newLeafMutex(), permits);
  }

  @Override
  public <T> Channel<T> newChannel(int capacity) {
    return new BoundedChannel<>(locks.newLeafMutex(), capacity);
  }

  @Override
  public <T> Oneshot<T> newOneshot() {
    return new LockedOneshot<>(locks.newLeafMutex());
  }

  @Override
  public String toString() {
    return "maitake StandardToolkit (locks: " + locks.activeName() + ")";
  }
}
