package maitake.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import javax.inject.Inject;
import maitake.Toolkit;
import maitake.future.Futures;
import maitake.future.Yield;
import maitake.runtime.Runtime;
import maitake.sync.Semaphore;
import maitake.task.JoinError;
import maitake.task.JoinHandle;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.ProbeBuilder;
import org.ops4j.pax.exam.TestProbeBuilder;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The runtime bundle in Felix: no runtime without a configuration; the Config Admin configuration
 * {@code maitake.runtime} starts one, registered as a service with the {@code maitake:tasks}
 * command; deleting the configuration or stopping the bundle closes it, cancels what was left and
 * leaves no worker thread behind.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OsgiRuntimeIT {

  @Inject Toolkit toolkit;

  @Inject BundleContext context;

  @Inject ConfigurationAdmin configAdmin;

  @ProbeBuilder
  public TestProbeBuilder probe(TestProbeBuilder probe) {
    return probe.setHeader("Import-Package", ItOptions.KIT_PACKAGES + ",maitake.runtime");
  }

  @Configuration
  public Option[] config() {
    List<Option> o = new ArrayList<>(List.of(ItOptions.kit(false, true)));
    o.add(bundle(ItOptions.jarUrl("maitake.runtime.jar")));
    return o.toArray(new Option[0]);
  }

  private static long workerThreads(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith(prefix))
        .count();
  }

  private org.osgi.service.cm.Configuration configure(String prefix) throws Exception {
    org.osgi.service.cm.Configuration c = configAdmin.getConfiguration("maitake.runtime", "?");
    Dictionary<String, Object> props = new Hashtable<>();
    props.put("workers", 2);
    props.put("name", prefix);
    props.put("close.grace.ms", "0");
    props.put("idle.spins", 10);
    props.put("idle.yields", "0");
    props.put("granularity.us", 250);
    c.update(props);
    OsgiProvidersIT.await(
        () -> {
          try {
            return !context.getServiceReferences(Runtime.class, "(name=" + prefix + ")").isEmpty();
          } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
          }
        },
        "the runtime service named " + prefix);
    return c;
  }

  @Test
  public void aConfigurationStartsARuntimeAndDeletingItClosesItLeavingNoThreadOrPermitBehind()
      throws Exception {
    assertNull("no runtime without a configuration", context.getServiceReference(Runtime.class));
    assertEquals(0, workerThreads("osgi-rt-"));
    org.osgi.service.cm.Configuration c = configure("osgi-rt-");
    ServiceReference<Runtime> ref = context.getServiceReference(Runtime.class);
    assertEquals(2, ref.getProperty("workers"));
    Runtime rt = context.getService(ref);
    assertEquals(2, rt.workerCount());
    assertEquals(maitake.runtime.IdleStrategy.backoff(10, 0), rt.idleStrategy());
    assertEquals(
        "granularity.us",
        rt.clock().durationToTicks(Duration.ofNanos(250_000)),
        rt.timer().granularityTicks());
    assertEquals(2, workerThreads("osgi-rt-"));
    assertEquals("ran", rt.blockOn(new Yield(3).map(v -> "ran")));

    Semaphore pool = toolkit.newSemaphore(1);
    JoinHandle<?> holder =
        rt.buildTask()
            .name("holder")
            .spawn(pool.withPermits(1, p -> rt.timer().sleep(Duration.ofDays(1))));
    OsgiProvidersIT.await(
        () ->
            pool.availablePermits() == 0
                && rt.tasks().snapshot().stream().anyMatch(t -> t.state().equals("waiting")),
        "the holder to take the permit and wait");

    ServiceReference<?>[] cmds =
        context.getServiceReferences((String) null, "(osgi.command.function=tasks)");
    assertEquals(1, cmds.length);
    assertEquals("maitake", cmds[0].getProperty("osgi.command.scope"));
    Object cmd = context.getService(cmds[0]);
    String dump = (String) cmd.getClass().getMethod("tasks").invoke(cmd);
    assertTrue(dump, dump.contains("'holder' waiting"));
    assertTrue(dump, dump.contains("bracket(holding Ok(Permit(1)), running map(Sleep("));
    context.ungetService(cmds[0]);
    context.ungetService(ref);

    c.delete();
    OsgiProvidersIT.await(() -> workerThreads("osgi-rt-") == 0, "every worker to be joined");
    assertNull(context.getServiceReference(Runtime.class));
    assertTrue(rt.isClosed());
    assertEquals("the cancelled holder gave its permit back", 1, pool.availablePermits());
    JoinError e = org.junit.Assert.assertThrows(JoinError.class, () -> Futures.blockOn(holder));
    assertTrue(e.toString(), e.isCancelled());
  }

  @Test
  public void stoppingTheRuntimeBundleClosesTheRuntime() throws Exception {
    org.osgi.service.cm.Configuration c = configure("osgi-stop-");
    assertEquals(2, workerThreads("osgi-stop-"));
    Bundle runtimeBundle =
        java.util.Arrays.stream(context.getBundles())
            .filter(b -> "maitake.runtime".equals(b.getSymbolicName()))
            .findFirst()
            .orElseThrow();
    runtimeBundle.stop();
    try {
      assertEquals(0, workerThreads("osgi-stop-"));
      assertNull(context.getServiceReference(Runtime.class));
    } finally {
      runtimeBundle.start();
      c.delete();
    }
  }
}
