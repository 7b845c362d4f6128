package maitake.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.inject.Inject;
import maitake.Toolkit;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Futures;
import maitake.future.Poll;
import maitake.future.Yield;
import maitake.scheduler.LocalScheduler;
import maitake.scheduler.Scheduler;
import maitake.sync.Mutex;
import maitake.sync.MutexGuard;
import maitake.sync.Outcome;
import maitake.sync.Semaphore;
import maitake.task.JoinHandle;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.ProbeBuilder;
import org.ops4j.pax.exam.TestProbeBuilder;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Bundle churn in Felix while tasks run: the providers bundle is stopped, started, updated and
 * uninstalled-then-refreshed many times under load, and the impl bundle is restarted. Nothing
 * deadlocks, no count is lost, no task is lost, and the kit starts no thread.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class OsgiChurnIT {
  static final int PROVIDER_CYCLES = 40;
  static final int IMPL_RESTARTS = 20;

  @Inject BundleContext context;

  @ProbeBuilder
  public TestProbeBuilder probe(TestProbeBuilder probe) {
    return ItOptions.probe(probe);
  }

  @Configuration
  public Option[] config() {
    return ItOptions.kit(true, false);
  }

  private Bundle bundle(String symbolicName) {
    for (Bundle b : context.getBundles()) {
      if (symbolicName.equals(b.getSymbolicName())) {
        return b;
      }
    }
    return null;
  }

  private Toolkit awaitToolkit(ServiceTracker<Toolkit, Toolkit> tracker) throws Exception {
    Toolkit t = tracker.waitForService(TimeUnit.SECONDS.toMillis(20));
    assertNotNull("the toolkit service came back", t);
    return t;
  }

  private void refresh(Bundle b) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    context
        .getBundle(0)
        .adapt(FrameworkWiring.class)
        .refreshBundles(
            List.of(b),
            e -> {
              if (e.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
              }
            });
    assertTrue("refresh finished", done.await(30, TimeUnit.SECONDS));
  }

  /** A task: acquire a permit, lock, count, unlock, release, until told to stop. */
  static final class Worker implements Future<Void> {
    final Mutex<long[]> mutex;
    final Semaphore sem;
    final AtomicBoolean stop;
    final AtomicLong inside;
    final AtomicBoolean over;
    long mine; // increments this task made
    Future<Outcome<Semaphore.Permit>> acquiring;
    Semaphore.Permit permit;
    Future<MutexGuard<long[]>> locking;

    Worker(
        Mutex<long[]> mutex,
        Semaphore sem,
        AtomicBoolean stop,
        AtomicLong inside,
        AtomicBoolean over) {
      this.mutex = mutex;
      this.sem = sem;
      this.stop = stop;
      this.inside = inside;
      this.over = over;
    }

    @Override
    public Poll<Void> poll(Context cx) {
      for (; ; ) {
        if (permit == null) {
          if (stop.get()) {
            if (acquiring != null) {
              acquiring.abandon(); // cancel-safe: returns whatever was assigned to it
              acquiring = null;
            }
            return Poll.readyNull();
          }
          if (acquiring == null) {
            acquiring = sem.acquire(1);
          }
          Poll<Outcome<Semaphore.Permit>> p = acquiring.poll(cx);
          if (p.isPending()) {
            return Poll.pending();
          }
          acquiring = null;
          permit = p.value().value();
          if (inside.incrementAndGet() > 3) {
            over.set(true);
          }
        }
        if (locking == null) {
          locking = mutex.lock();
        }
        Poll<MutexGuard<long[]>> l = locking.poll(cx);
        if (l.isPending()) {
          return Poll.pending();
        }
        locking = null;
        try (MutexGuard<long[]> g = l.value()) {
          g.get()[0]++;
        }
        mine++;
        inside.decrementAndGet();
        permit.close();
        permit = null;
        if (mine % 8 == 0) {
          cx.waker().wake();
          return Poll.pending();
        }
      }
    }
  }

  @Test
  public void theProbeIsWiredToEveryKitPackageBeforeAnyChurn() {
    java.util.Set<Object> wired = new java.util.HashSet<>();
    org.osgi.framework.wiring.BundleWiring w =
        context.getBundle().adapt(org.osgi.framework.wiring.BundleWiring.class);
    for (org.osgi.framework.wiring.BundleWire x : w.getRequiredWires("osgi.wiring.package")) {
      if ("maitake.api".equals(x.getProvider().getBundle().getSymbolicName())) {
        wired.add(x.getCapability().getAttributes().get("osgi.wiring.package"));
      }
    }
    for (String p : ItOptions.KIT_PACKAGES.split(",")) {
      assertTrue(p + " is wired only when first used (dynamically): " + wired, wired.contains(p));
    }
  }

  @Test(timeout = 180_000)
  public void churningTheProvidersBundleUnderLoadLosesNoCountAndNoTask() throws Exception {
    ServiceTracker<Toolkit, Toolkit> tracker = new ServiceTracker<>(context, Toolkit.class, null);
    tracker.open();
    Toolkit kit = awaitToolkit(tracker);
    Mutex<long[]> mutex = kit.newMutex(new long[1]);
    Semaphore sem = kit.newSemaphore(3);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong inside = new AtomicLong();
    AtomicBoolean over = new AtomicBoolean();
    LocalScheduler[] schedulers = {kit.newLocalScheduler(), kit.newLocalScheduler()};
    List<Worker> workers = new ArrayList<>();
    List<JoinHandle<Void>> handles = new ArrayList<>();
    for (int s = 0; s < 2; s++) {
      for (int t = 0; t < 4; t++) {
        Worker w = new Worker(mutex, sem, stop, inside, over);
        workers.add(w);
        handles.add(schedulers[s].spawner().spawn(w));
      }
    }
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> tickers = new ArrayList<>();
    for (int s = 0; s < 2; s++) {
      LocalScheduler mine = schedulers[s];
      List<JoinHandle<Void>> my = handles.subList(s * 4, s * 4 + 4);
      tickers.add(
          new Thread(
              () -> {
                try {
                  while (!my.stream().allMatch(JoinHandle::isComplete)) {
                    mine.tick();
                  }
                } catch (Throwable e) {
                  failure.set(e);
                }
              },
              "ticker-" + s));
    }
    tickers.forEach(Thread::start);

    Bundle providers = bundle("maitake.mutex.providers");
    String location = providers.getLocation();
    Object apiRevision =
        bundle("maitake.api").adapt(org.osgi.framework.wiring.BundleRevision.class);
    Object implRevision =
        bundle("maitake.impl").adapt(org.osgi.framework.wiring.BundleRevision.class);
    int stops = 0;
    int updates = 0;
    int reinstalls = 0;
    for (int cycle = 0; cycle < PROVIDER_CYCLES; cycle++) {
      switch (cycle % 3) {
        case 0 -> {
          providers.stop();
          providers.start();
          stops++;
        }
        case 1 -> {
          try (InputStream in =
              Files.newInputStream(Paths.get(ItOptions.jarPath("maitake.providers.jar")))) {
            providers.update(in);
          }
          updates++;
        }
        default -> {
          providers.uninstall();
          refresh(providers);
          providers = context.installBundle(location);
          providers.start();
          reinstalls++;
        }
      }
      Thread.sleep(20); // let the workers run a little on each provider set
    }
    assertTrue(
        "a refresh of the providers bundle must leave the api and impl bundles alone",
        apiRevision == bundle("maitake.api").adapt(org.osgi.framework.wiring.BundleRevision.class)
            && implRevision
                == bundle("maitake.impl").adapt(org.osgi.framework.wiring.BundleRevision.class));
    long countBefore = workers.stream().mapToLong(w -> w.mine).sum();
    stop.set(true);
    for (Thread t : tickers) {
      t.join(60_000);
      if (t.isAlive()) {
        StringBuilder dump = new StringBuilder("a ticker is stuck: deadlock or lost wakeup\n");
        dump.append(mutex).append(' ').append(sem).append('\n');
        for (JoinHandle<Void> h : handles) {
          dump.append(h).append('\n');
        }
        for (Worker w : workers) {
          dump.append("worker mine=")
              .append(w.mine)
              .append(" permit=")
              .append(w.permit)
              .append(" acquiring=")
              .append(w.acquiring)
              .append(" locking=")
              .append(w.locking)
              .append('\n');
        }
        Thread.getAllStackTraces()
            .forEach(
                (th, st) -> {
                  dump.append(th.getName()).append(' ').append(th.getState()).append('\n');
                  for (StackTraceElement e : st) {
                    dump.append("    at ").append(e).append('\n');
                  }
                });
        System.out.println(dump);
        throw new AssertionError(dump.toString());
      }
    }
    assertNull(String.valueOf(failure.get()), failure.get());
    for (JoinHandle<Void> h : handles) {
      assertTrue("every task completed", h.isComplete());
      Futures.blockOn(h);
    }
    long total = workers.stream().mapToLong(w -> w.mine).sum();
    try (MutexGuard<long[]> g = mutex.tryLock()) {
      assertNotNull(g);
      assertEquals("no lost update", total, g.get()[0]);
    }
    assertFalse("more than 3 inside the semaphore", over.get());
    assertEquals("all permits back", 3, sem.availablePermits());
    assertTrue("the workers made progress during the churn: " + countBefore, countBefore > 0);
    System.out.println(
        "OsgiChurnIT: "
            + stops
            + " stop/starts, "
            + updates
            + " updates, "
            + reinstalls
            + " uninstall/refresh/installs; "
            + total
            + " counted increments; "
            + "active locks now: "
            + awaitToolkit(tracker));
    tracker.close();
  }

  private static int liveThreads() {
    return Thread.getAllStackTraces().size();
  }

  @Test(timeout = 180_000)
  public void restartingTheImplBundleRebindsConsumersAndStartsNoThreads() throws Exception {
    ServiceTracker<Toolkit, Toolkit> tracker = new ServiceTracker<>(context, Toolkit.class, null);
    tracker.open();
    Bundle impl = bundle("maitake.impl");
    // one warm-up cycle so that the framework's own lazily started threads already exist
    impl.stop();
    impl.start();
    runTasks(awaitToolkit(tracker));
    System.gc();
    int before = liveThreads();
    for (int i = 0; i < IMPL_RESTARTS; i++) {
      impl.stop();
      assertNull("the toolkit service is gone while impl is stopped", tracker.getService());
      impl.start();
      Toolkit kit = awaitToolkit(tracker);
      runTasks(kit);
    }
    int after = liveThreads();
    System.out.println(
        "OsgiChurnIT: "
            + IMPL_RESTARTS
            + " impl restarts; live threads before "
            + before
            + ", after "
            + after);
    assertTrue("threads before " + before + ", after " + after, after <= before);
    tracker.close();
  }

  private static void runTasks(Toolkit kit) {
    Scheduler s = kit.newScheduler();
    List<JoinHandle<Integer>> hs = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      int n = i;
      hs.add(s.spawn(new Yield(n % 3).map(v -> n)));
    }
    while (s.tick().hasRemaining()) {
      // run
    }
    int sum = 0;
    for (JoinHandle<Integer> h : hs) {
      sum += Futures.blockOn(h);
    }
    assertEquals(4950, sum);
  }
}
