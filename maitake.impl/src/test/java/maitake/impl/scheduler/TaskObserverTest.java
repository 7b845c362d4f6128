package maitake.impl.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import maitake.Toolkit;
import maitake.future.Future;
import maitake.future.Futures;
import maitake.future.Yield;
import maitake.scheduler.Injector;
import maitake.scheduler.LocalScheduler;
import maitake.scheduler.Scheduler;
import maitake.scheduler.Stealer;
import maitake.task.JoinHandle;
import maitake.task.TaskObserver;
import maitake.task.TaskRef;
import org.junit.jupiter.api.Test;

/** {@link TaskObserver} on each kind of scheduler and on an injector. */
class TaskObserverTest {
  private final Toolkit kit = Toolkit.load();

  /** Records what it sees; throws from every callback when asked, which must break nothing. */
  private static final class Recorder implements TaskObserver {
    final List<String> seen = new ArrayList<>();
    final boolean throwing;

    Recorder(boolean throwing) {
      this.throwing = throwing;
    }

    private synchronized void add(String s) {
      seen.add(s);
      if (throwing) {
        throw new IllegalStateException("observer failure: " + s);
      }
    }

    @Override
    public void spawned(TaskRef task) {
      add("spawned " + task.name());
    }

    @Override
    public void polled(TaskRef task, Future<?> future, long nanos) {
      assertTrue(nanos >= 0);
      add("polled " + task.name() + " " + (future instanceof Yield));
    }

    @Override
    public void ended(TaskRef task) {
      add("ended " + task.name() + (task.isCancelled() ? " cancelled" : ""));
    }
  }

  @Test
  void aSchedulerReportsTheSpawnEachPollAndTheEndInOrder() {
    for (boolean throwing : new boolean[] {false, true}) {
      Scheduler s = kit.newScheduler();
      Recorder r = new Recorder(throwing);
      s.setTaskObserver(r);
      JoinHandle<Void> h = s.buildTask().name("y").spawn(new Yield(1));
      while (!h.isComplete()) {
        s.tick();
      }
      assertEquals(
          List.of("spawned y", "polled y true", "polled y true", "ended y"), r.seen, "" + throwing);
      Futures.blockOn(h);
      s.setTaskObserver(null);
      s.spawn(new Yield(0)).detach();
      s.tick();
      assertEquals(4, r.seen.size(), "nothing is seen once the observer is removed");
    }
  }

  @Test
  void aCancelledTaskTornDownInATickIsReportedEnded() {
    Scheduler s = kit.newScheduler();
    Recorder r = new Recorder(false);
    s.setTaskObserver(r);
    JoinHandle<Void> h = s.buildTask().name("c").spawn(Futures.pending());
    s.tick();
    h.cancel();
    s.tick();
    assertEquals(
        List.of("spawned c", "polled c false", "polled c false", "ended c cancelled"), r.seen);
  }

  @Test
  void aLocalSchedulerReportsLocalAndRemoteSpawns() throws Exception {
    LocalScheduler local = kit.newLocalScheduler();
    Recorder r = new Recorder(false);
    local.setTaskObserver(r);
    local.buildTask().name("here").spawn(new Yield(0)).detach();
    Thread other =
        new Thread(() -> local.spawner().buildTask().name("there").spawn(new Yield(0)).detach());
    other.start();
    other.join();
    local.tick();
    assertEquals(
        List.of(
            "spawned here",
            "spawned there",
            "polled here true",
            "ended here",
            "polled there true",
            "ended there"),
        r.seen);
  }

  @Test
  void anInjectorReportsSpawnsAndTheWorkerThatTakesThemReportsTheRest() {
    Injector injector = kit.newInjector();
    Recorder ri = new Recorder(false);
    injector.setTaskObserver(ri);
    Scheduler worker = kit.newScheduler();
    Recorder rw = new Recorder(false);
    worker.setTaskObserver(rw);
    injector.buildTask().name("job").spawn(new Yield(0)).detach();
    try (Stealer st = injector.trySteal().get()) {
      assertEquals(1, st.stealMany(worker, 1));
    }
    worker.tick();
    assertEquals(List.of("spawned job"), ri.seen);
    assertEquals(List.of("polled job true", "ended job"), rw.seen);
  }
}
