package maitake.spi;

import java.util.ServiceLoader;
import maitake.scheduler.LocalScheduler;
import maitake.scheduler.Scheduler;
import maitake.time.Clock;
import maitake.time.Timer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The entry point of the kit: factories for everything it offers (schedulers, timers).
 *
 * <p>In OSGi, get it injected as a service. Elsewhere call {@link #load()}, which finds the
 * implementation through {@link ServiceLoader} on the module path or class path.
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
   * A new thread-confined scheduler; its owner is the first thread that ticks it or spawns
   * through it directly.
   *
   * @return the scheduler
   */
  LocalScheduler newLocalScheduler();

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
   * The toolkit implementation found through {@link ServiceLoader}, loaded once and cached.
   *
   * @return the toolkit
   * @throws IllegalStateException if no implementation is on the module path or class path
   */
  static Toolkit load() {
    return ToolkitLoader.get();
  }
}
