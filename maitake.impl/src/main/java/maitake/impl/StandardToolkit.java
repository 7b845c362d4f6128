package maitake.impl;

import maitake.impl.scheduler.ConfinedScheduler;
import maitake.impl.scheduler.MpscScheduler;
import maitake.impl.sync.AtomicWaitCell;
import maitake.impl.sync.BackoffSpinLock;
import maitake.impl.sync.BoundedChannel;
import maitake.impl.sync.FairSemaphore;
import maitake.impl.sync.FifoWaitQueue;
import maitake.impl.sync.HandoffMutex;
import maitake.impl.sync.KeyedWaitMap;
import maitake.impl.sync.LockedOneshot;
import maitake.impl.sync.SemaphoreRwLock;
import maitake.impl.sync.SpinRwLock;
import maitake.impl.time.HierarchicalTimerWheel;
import maitake.scheduler.LocalScheduler;
import maitake.scheduler.Scheduler;
import maitake.spi.Toolkit;
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

/**
 * The kit's {@link Toolkit}: a plain-Java core that {@link java.util.ServiceLoader} instantiates
 * on the module path and class path, and that {@link ToolkitComponent} registers in OSGi.
 */
public class StandardToolkit implements Toolkit {

  /** The toolkit; it holds no state, so any number of instances are interchangeable. */
  public StandardToolkit() {
  }

  @Override
  public Scheduler newScheduler() {
    return new MpscScheduler();
  }

  @Override
  public LocalScheduler newLocalScheduler() {
    return new ConfinedScheduler();
  }

  @Override
  public Timer newTimer(Clock clock) {
    return new HierarchicalTimerWheel(clock, 1, newRawMutex());
  }

  @Override
  public Timer newTimer(Clock clock, long granularity) {
    return new HierarchicalTimerWheel(clock, granularity, newRawMutex());
  }

  @Override
  public RawMutex newRawMutex() {
    return new BackoffSpinLock();
  }

  @Override
  public RawRwLock newRawRwLock() {
    return new SpinRwLock();
  }

  @Override
  public WaitCell newWaitCell() {
    return new AtomicWaitCell();
  }

  @Override
  public WaitQueue newWaitQueue() {
    return new FifoWaitQueue(newRawMutex(), false);
  }

  @Override
  public <K, V> WaitMap<K, V> newWaitMap() {
    return new KeyedWaitMap<>(newRawMutex());
  }

  @Override
  public <T> Mutex<T> newMutex(T value) {
    return new HandoffMutex<>(newRawMutex(), value);
  }

  @Override
  public <T> RwLock<T> newRwLock(T value) {
    return new SemaphoreRwLock<>(newRawMutex(), value);
  }

  @Override
  public Semaphore newSemaphore(long permits) {
    return new FairSemaphore(newRawMutex(), permits);
  }

  @Override
  public <T> Channel<T> newChannel(int capacity) {
    return new BoundedChannel<>(newRawMutex(), capacity);
  }

  @Override
  public <T> Oneshot<T> newOneshot() {
    return new LockedOneshot<>(newRawMutex());
  }

  @Override
  public String toString() {
    return "maitake StandardToolkit";
  }
}
