package maitake.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import javax.inject.Inject;
import maitake.Toolkit;
import maitake.future.Futures;
import maitake.future.Yield;
import maitake.scheduler.Scheduler;
import maitake.scheduler.Tick;
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
import org.osgi.framework.FrameworkUtil;

/**
 * The api and impl bundles in Apache Felix: Declarative Services registers the toolkit, the test
 * gets it injected and runs tasks on a scheduler made from it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OsgiToolkitIT {

  @Inject Toolkit toolkit;

  @Inject BundleContext context;

  @ProbeBuilder
  public TestProbeBuilder probe(TestProbeBuilder probe) {
    return ItOptions.probe(probe);
  }

  @Configuration
  public Option[] config() {
    return ItOptions.kit(false, false);
  }

  @Test
  public void theToolkitServiceIsRegisteredByTheImplBundle() {
    assertNotNull(toolkit);
    Bundle from = FrameworkUtil.getBundle(toolkit.getClass());
    assertEquals("maitake.impl", from.getSymbolicName());
    assertEquals(Bundle.ACTIVE, from.getState());
  }

  @Test
  public void tasksSpawnedOnAToolkitSchedulerRunAndJoin() {
    Scheduler scheduler = toolkit.newScheduler();
    List<JoinHandle<Integer>> handles = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      int n = i;
      handles.add(scheduler.spawn(new Yield(n % 3).map(v -> n * n)));
    }
    int polled = 0;
    Tick t;
    do {
      t = scheduler.tick();
      polled += t.polled();
    } while (t.hasRemaining());
    assertEquals(34 + 33 * 2 + 33 * 3, polled); // task n yields n % 3 times
    for (int i = 0; i < 100; i++) {
      assertTrue(handles.get(i).isComplete());
      assertEquals(i * i, (int) Futures.blockOn(handles.get(i)));
    }
  }

  @Test
  public void theApiBundleExportsItsPackagesAtTheirVersions() {
    Bundle api = null;
    for (Bundle b : context.getBundles()) {
      if ("maitake.api".equals(b.getSymbolicName())) {
        api = b;
      }
    }
    assertNotNull(api);
    String exports = api.getHeaders().get("Export-Package");
    for (String pkg :
        new String[] {
          "maitake", "maitake.future", "maitake.task", "maitake.scheduler", "maitake.spi"
        }) {
      assertTrue(exports, exports.contains(pkg + ";version=\"0.1.0\""));
    }
  }

  @Test
  public void withoutAProvidersBundleTheToolkitUsesTheBuiltInLocks() {
    assertTrue(toolkit.toString(), toolkit.toString().contains("built-in"));
    maitake.sync.Mutex<Integer> m = toolkit.newMutex(1);
    try (maitake.sync.MutexGuard<Integer> g = m.tryLock()) {
      assertEquals(1, (int) g.get());
    }
  }
}
