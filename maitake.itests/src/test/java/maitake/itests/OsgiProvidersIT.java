package maitake.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.inject.Inject;
import maitake.Toolkit;
import maitake.spi.RawMutexProvider;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.ProbeBuilder;
import org.ops4j.pax.exam.TestProbeBuilder;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The four providers in Felix: found as services with their documented rankings, the toolkit
 * follows the best-ranked one, a Config Admin configuration pins another, and the Gogo command
 * methods report it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OsgiProvidersIT {

  @Inject Toolkit toolkit;

  @Inject BundleContext context;

  @Inject ConfigurationAdmin configAdmin;

  @ProbeBuilder
  public TestProbeBuilder probe(TestProbeBuilder probe) {
    return ItOptions.probe(probe);
  }

  @Configuration
  public Option[] config() {
    return ItOptions.kit(true, true);
  }

  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(10); // waiting for the framework's own asynchronous events
    }
  }

  @Test
  public void everyProviderIsRegisteredWithItsDocumentedRanking() throws Exception {
    List<String> seen = new ArrayList<>();
    for (ServiceReference<RawMutexProvider> ref :
        context.getServiceReferences(RawMutexProvider.class, null)) {
      RawMutexProvider p = context.getService(ref);
      assertEquals(p.ranking(), ref.getProperty("service.ranking"));
      assertEquals(p.name(), ref.getProperty(RawMutexProvider.NAME_PROPERTY));
      seen.add(p.name() + ":" + p.ranking());
      context.ungetService(ref);
    }
    seen.sort(null);
    assertEquals(
        List.of("critical-section:10", "spin:300", "synchronized:100", "ticket:200"), seen);
  }

  @Test
  public void theToolkitFollowsTheBestRankedProviderAndAConfigurationPinsAnother()
      throws Exception {
    await(() -> toolkit.toString().contains("locks: spin"), "the spin provider to be active");
    org.osgi.service.cm.Configuration c =
        configAdmin.getConfiguration(RawMutexProvider.CONFIGURATION_PID, "?");
    Dictionary<String, Object> props = new Hashtable<>();
    props.put(RawMutexProvider.PIN_CONFIG_KEY, "ticket");
    c.update(props);
    await(() -> toolkit.toString().contains("locks: ticket"), "the pin to ticket");
    String active = (String) toolkit.getClass().getMethod("active").invoke(toolkit);
    assertTrue(active, active.startsWith("ticket (pinned: ticket)"));
    String providers = (String) toolkit.getClass().getMethod("providers").invoke(toolkit);
    assertTrue(providers, providers.startsWith("spin ranking=300\nticket ranking=200 (active)"));
    // a mutex made now works on the pinned provider's locks
    maitake.sync.Mutex<Integer> m = toolkit.newMutex(7);
    try (maitake.sync.MutexGuard<Integer> g = m.tryLock()) {
      assertNotNull(g);
      assertEquals(7, (int) g.get());
    }
    c.delete();
    await(() -> toolkit.toString().contains("locks: spin"), "the pin to be removed");
  }

  @Test
  public void theGogoCommandsAreRegisteredOnTheToolkitService() throws Exception {
    ServiceReference<Toolkit> ref = context.getServiceReference(Toolkit.class);
    assertEquals("maitake", ref.getProperty("osgi.command.scope"));
    Object fns = ref.getProperty("osgi.command.function");
    assertTrue(
        java.util.Arrays.asList((String[]) fns).containsAll(List.of("providers", "active", "pin")));
    String pinned =
        (String) toolkit.getClass().getMethod("pin", String.class).invoke(toolkit, "synchronized");
    assertTrue(pinned, pinned.startsWith("synchronized"));
    toolkit.getClass().getMethod("pin", String.class).invoke(toolkit, "none");
    assertTrue(toolkit.toString().contains("locks: spin"));
  }
}
