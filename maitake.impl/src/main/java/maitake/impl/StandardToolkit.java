package maitake.impl;

import maitake.impl.scheduler.ConfinedScheduler;
import maitake.impl.scheduler.MpscScheduler;
import maitake.impl.time.HierarchicalTimerWheel;
import maitake.scheduler.LocalScheduler;
import maitake.scheduler.Scheduler;
import maitake.spi.Toolkit;
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
    return new HierarchicalTimerWheel(clock);
  }

  @Override
  public Timer newTimer(Clock clock, long granularity) {
    return new HierarchicalTimerWheel(clock, granularity);
  }

  @Override
  public String toString() {
    return "maitake StandardToolkit";
  }
}
