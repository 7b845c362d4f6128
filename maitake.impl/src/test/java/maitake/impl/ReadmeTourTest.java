package maitake.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import maitake.future.Futures;
import maitake.future.Yield;
import maitake.scheduler.Scheduler;
import maitake.scheduler.Tick;
import maitake.spi.Toolkit;
import maitake.task.JoinError;
import maitake.task.JoinHandle;
import org.junit.jupiter.api.Test;

/** The README's tour, step by step, so the README stays true. */
class ReadmeTourTest {

  @Test
  void theReadmeTourRunsAsDescribed() {
    Toolkit kit = Toolkit.load();
    assertInstanceOf(StandardToolkit.class, kit);
    Scheduler scheduler = kit.newScheduler();

    JoinHandle<String> hello = scheduler.spawn(new Yield(2).map(v -> "hello"));
    Tick tick = scheduler.tick();
    assertEquals(3, tick.polled());
    assertEquals(1, tick.completed());

    assertEquals("hello", Futures.blockOn(hello));
    CompletableFuture<String> cf = scheduler.spawn(Futures.ready("x")).toCompletableFuture();
    scheduler.tick();
    assertEquals("x", cf.join());

    JoinHandle<Object> idle = scheduler.spawn(Futures.pending());
    scheduler.tick();
    assertTrue(idle.cancel());
    assertEquals(1, scheduler.tick().completed());
    JoinError e = assertThrows(JoinError.class, () -> Futures.blockOn(idle));
    assertTrue(e.isCancelled());
  }

  @Test
  void toolkitFactoriesReturnIndependentSchedulers() {
    Toolkit kit = Toolkit.load();
    assertTrue(kit.newScheduler() != kit.newScheduler());
    assertTrue(kit.newLocalScheduler() != kit.newLocalScheduler());
  }
}
