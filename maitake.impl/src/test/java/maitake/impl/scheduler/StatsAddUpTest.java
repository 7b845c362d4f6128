package maitake.impl.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import maitake.Toolkit;
import maitake.future.Yield;
import maitake.scheduler.Injector;
import maitake.scheduler.InjectorStats;
import maitake.scheduler.Scheduler;
import maitake.scheduler.SchedulerStats;
import maitake.scheduler.Stealer;
import maitake.task.JoinHandle;
import maitake.task.TaskRegistry;
import maitake.time.TestClock;
import maitake.time.Timer;
import org.junit.jupiter.api.Test;

/**
 * A live-task figure computed from the stats of an injector and its schedulers is exact through
 * spawns, steals from the injector and between schedulers, cancellations and ends: the task
 * registry, which lists every live task, is the oracle at each step.
 */
class StatsAddUpTest {
  private final Toolkit kit = Toolkit.load();
  private final TestClock clock = new TestClock(Duration.ofMillis(1));
  private final Timer timer = kit.newTimer(clock);
  private final TaskRegistry registry = kit.newTaskRegistry(clock, false);
  private final Injector injector = kit.newInjector();
  private final Scheduler a = kit.newScheduler();
  private final Scheduler b = kit.newScheduler();

  StatsAddUpTest() {
    injector.setTaskRegistry(registry);
    a.setTaskRegistry(registry);
    b.setTaskRegistry(registry);
  }

  private long live() {
    return injector.stats().live() + a.stats().live() + b.stats().live();
  }

  private void check(String step) {
    assertEquals(registry.size(), live(), step + ": " + injector.stats() + a.stats() + b.stats());
  }

  @Test
  void theLiveCountOfTheStatsMatchesTheRegistryAtEveryStep() {
    List<JoinHandle<Void>> sleepers = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      sleepers.add(injector.spawn(timer.sleep(Duration.ofMillis(5))));
    }
    injector.spawn(new Yield(1)).detach();
    a.spawn(new Yield(2)).detach();
    check("spawned");
    sleepers.get(9).cancel(); // torn down when a stealer finds it
    try (Stealer s = injector.trySteal().get()) {
      assertEquals(10, s.stealMany(a, 11)); // 9 sleepers + the yield; the cancelled one ends
    }
    check("taken from the injector");
    InjectorStats is = injector.stats();
    assertEquals(new InjectorStats(11, 10, 1, 0), is);
    try (Stealer s = a.trySteal().get()) {
      assertEquals(6, s.stealHalf(b));
    }
    check("stolen between schedulers");
    SchedulerStats bs = b.stats();
    assertEquals(6, bs.stolenIn());
    assertEquals(6, a.stats().stolenOut());
    a.tick();
    b.tick();
    check("ticked: sleepers parked, yields done");
    sleepers.get(0).cancel();
    check("cancelled while parked");
    a.tick();
    b.tick();
    check("cancelled one torn down");
    clock.advance(Duration.ofMillis(5));
    timer.turn();
    a.tick();
    b.tick();
    check("every sleeper ended");
    assertEquals(0, live());
    injector.spawn(new Yield(1)).detach();
    injector.close();
    check("closed with one inside");
    assertEquals(0, live());
  }
}
