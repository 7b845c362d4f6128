package maitake.runtime.osgi;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import maitake.Toolkit;
import maitake.runtime.IdleStrategy;
import maitake.runtime.Runtime;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Starts a {@link Runtime} from the Config Admin configuration {@value #PID}, registers it as a
 * service (with the configuration's properties), and closes it when the configuration goes, its
 * toolkit goes, or the bundle stops. With no configuration, no runtime is started. A changed
 * configuration closes the runtime and starts a new one.
 *
 * <p>Properties (all optional): {@code workers} (default: one per available processor), {@code
 * name} (the worker threads' name prefix, default {@code maitake-worker-}), {@code granularity.us}
 * or {@code granularity.ms} (the timer's wheel tick in microseconds or milliseconds, not both;
 * default one millisecond), {@code timer.budget} (polls between timer turns of a busy worker,
 * default 256), {@code idle.spins} and {@code idle.yields} (the {@link
 * maitake.runtime.IdleStrategy} of its workers; both default to {@link
 * maitake.runtime.IdleStrategy#DEFAULT}'s, and 0 and 0 park at once), {@code close.grace.ms} (how
 * long the tasks may run on when the runtime is closed, before they are cancelled; default 5,000).
 * The runtime uses the system clock.
 *
 * <p>It also registers the Gogo command {@code maitake:tasks}, which prints the runtime's task
 * dump.
 */
@Component(
    configurationPid = RuntimeComponent.PID,
    configurationPolicy = ConfigurationPolicy.REQUIRE,
    service = {})
public final class RuntimeComponent {
  /** The configuration PID. */
  public static final String PID = "maitake.runtime";

  private final Runtime runtime;
  private final Duration grace;
  private final ServiceRegistration<Runtime> registration;
  private ServiceRegistration<Object> command;

  /**
   * Starts the runtime and registers it.
   *
   * @param toolkit the kit's toolkit service
   * @param context this bundle's context
   * @param config the configuration
   */
  @Activate
  public RuntimeComponent(
      @Reference Toolkit toolkit, BundleContext context, Map<String, Object> config) {
    Runtime.Builder b = Runtime.builder(toolkit);
    Integer workers = intProp(config, "workers");
    if (workers != null) {
      b.workers(workers);
    }
    Object name = config.get("name");
    if (name != null) {
      b.threadNamePrefix(name.toString());
    }
    Duration granularity = granularity(config);
    if (granularity != null) {
      b.timerGranularity(granularity);
    }
    Integer budget = intProp(config, "timer.budget");
    if (budget != null) {
      b.timerBudget(budget);
    }
    Integer spins = intProp(config, "idle.spins");
    Integer yields = intProp(config, "idle.yields");
    if (spins != null || yields != null) {
      b.idleStrategy(
          IdleStrategy.backoff(
              spins != null ? spins : IdleStrategy.DEFAULT.spins(),
              yields != null ? yields : IdleStrategy.DEFAULT.yields()));
    }
    Integer graceMs = intProp(config, "close.grace.ms");
    if (graceMs != null && graceMs < 0) {
      throw new IllegalArgumentException("close.grace.ms must not be negative: " + graceMs);
    }
    this.grace = Duration.ofMillis(graceMs != null ? graceMs : 5_000);
    this.runtime = b.build();
    Dictionary<String, Object> props = new Hashtable<>();
    config.forEach(
        (k, v) -> {
          if (!k.startsWith(".") && !k.startsWith("component.") && !k.startsWith("service.")) {
            props.put(k, v); // the configuration's public properties, as Config Admin has them
          }
        });
    props.put("workers", runtime.workerCount());
    ServiceRegistration<Runtime> reg = null;
    try {
      reg = context.registerService(Runtime.class, runtime, props);
      Dictionary<String, Object> cmd = new Hashtable<>();
      cmd.put("osgi.command.scope", "maitake");
      cmd.put("osgi.command.function", new String[] {"tasks"});
      this.command = context.registerService(Object.class, new TasksCommand(runtime), cmd);
    } catch (RuntimeException | Error e) {
      // DS does not deactivate a component whose activation failed: close what was started
      try {
        if (reg != null) {
          reg.unregister();
        }
      } finally {
        runtime.close(Duration.ZERO);
      }
      throw e;
    }
    this.registration = reg;
  }

  /**
   * @return the timer granularity that {@code granularity.us} or {@code granularity.ms} sets, or
   *     null if neither is set
   * @throws IllegalArgumentException if both are set
   */
  static Duration granularity(Map<String, Object> config) {
    Integer us = intProp(config, "granularity.us");
    Integer ms = intProp(config, "granularity.ms");
    if (us != null && ms != null) {
      throw new IllegalArgumentException(
          "configuration "
              + PID
              + ": set granularity.us or granularity.ms, not both: "
              + us
              + " us, "
              + ms
              + " ms");
    }
    if (us != null) {
      return Duration.of(us, ChronoUnit.MICROS);
    }
    return ms != null ? Duration.ofMillis(ms) : null;
  }

  private static Integer intProp(Map<String, Object> config, String key) {
    Object v = config.get(key);
    if (v == null) {
      return null;
    }
    try {
      long n =
          v instanceof Number x && !(v instanceof Double || v instanceof Float)
              ? x.longValue()
              : Long.parseLong(v.toString().trim());
      return Math.toIntExact(n);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "configuration " + PID + ": " + key + " must be an int, not '" + v + "'", e);
    }
  }

  /**
   * Unregisters the runtime, then closes it: tasks run on for the grace period, then are cancelled.
   */
  @Deactivate
  void deactivate() {
    try {
      try {
        command.unregister();
      } finally {
        registration.unregister();
      }
    } catch (IllegalStateException alreadyGone) {
      // the framework unregistered them already (the bundle is stopping)
    } finally {
      closeRuntime();
    }
  }

  /**
   * Closes the runtime; from one of its own workers (a task stopped the bundle or deleted the
   * configuration), on a new thread, since a worker cannot wait for itself.
   */
  private void closeRuntime() {
    try {
      runtime.close(grace);
    } catch (IllegalStateException onAWorker) {
      Thread t = new Thread(() -> runtime.close(grace), "maitake-runtime-close");
      t.setDaemon(true);
      t.start();
    }
  }

  /**
   * The Gogo command {@code maitake:tasks}: found by service property, nothing of Gogo imported.
   */
  public static final class TasksCommand {
    private final Runtime runtime;

    TasksCommand(Runtime runtime) {
      this.runtime = runtime;
    }

    /**
     * @return the runtime's task dump
     */
    public String tasks() {
      return runtime.dumpTasks();
    }
  }
}
