package maitake.impl.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import maitake.Toolkit;
import maitake.future.Future;
import maitake.future.Futures;
import maitake.future.Poll;
import maitake.future.Yield;
import maitake.scheduler.Injector;
import maitake.scheduler.LocalScheduler;
import maitake.scheduler.Scheduler;
import maitake.scheduler.Stealer;
import maitake.task.JoinHandle;
import maitake.task.TaskObserver;
import maitake.task.TaskRef;
import maitake.time.Clock;
import maitake.time.TestClock;
import org.junit.jupiter.api.Test;

/** {@link TaskObserver} on each kind of scheduler and on an injector. */
class TaskObserverTest {
  private final Toolkit kit = Toolkit.load();

  /** Records what it sees; throws from every callback when asked, which must break nothing. */
  private static class Recorder implements TaskObserver {
    final List<String> seen = new ArrayList<>();
    final List<Long> nanos = new ArrayList<>();
    final boolean throwing;
    Clock pollClock;

    Recorder(boolean throwing) {
      this.throwing = throwing;
    }

    @Override
    public Clock pollClock() {
      return pollClock;
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
      synchronized (this) {
        this.nanos.add(nanos);
      }
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

  @Test
  void aPollIsNotTimedWithoutAPollClock() {
    Scheduler s = kit.newScheduler();
    Recorder r = new Recorder(false);
    s.setTaskObserver(r);
    JoinHandle<Void> h = s.spawn(new Yield(1));
    while (!h.isComplete()) {
      s.tick();
    }
    assertEquals(List.of(-1L, -1L), r.nanos);
  }

  @Test
  void aPollIsTimedOnTheObserversPollClockInNanoseconds() {
    Scheduler s = kit.newScheduler();
    TestClock clock = new TestClock(Duration.ofNanos(1_000));
    Recorder r = new Recorder(false);
    r.pollClock = clock;
    s.setTaskObserver(r);
    int[] polls = {0};
    JoinHandle<Integer> h =
        s.spawn(
            Futures.pollFn(
                cx -> {
                  clock.advanceTicks(3 * (polls[0] + 1)); // poll k takes 3k ticks of 1 us
                  if (++polls[0] == 1) {
                    cx.waker().wake();
                    return Poll.pending();
                  }
                  return Poll.ready(polls[0]);
                }));
    while (!h.isComplete()) {
      s.tick();
    }
    assertEquals(List.of(3_000L, 6_000L), r.nanos);

    LocalScheduler local = kit.newLocalScheduler();
    TestClock slow = new TestClock(Duration.ofMillis(2));
    Recorder rl = new Recorder(false);
    rl.pollClock = slow;
    local.setTaskObserver(rl);
    local.spawn(Futures.pollFn(cx -> Poll.ready(slow.advanceTicks(1)))).detach();
    local.tick();
    assertEquals(List.of(2_000_000L), rl.nanos);
  }

  @Test
  void aPollClockThatThrowsLeavesThePollUntimedAndTheTaskRunsOnce() {
    Scheduler s = kit.newScheduler();
    Recorder r = new Recorder(false);
    r.pollClock =
        Clock.of(
            "broken",
            Duration.ofNanos(1),
            () -> {
              throw new IllegalStateException("clock failure");
            });
    s.setTaskObserver(r);
    int[] polls = {0};
    JoinHandle<Integer> h = s.spawn(Futures.pollFn(cx -> Poll.ready(++polls[0])));
    s.tick();
    assertEquals(1, Futures.blockOn(h));
    assertEquals(1, polls[0]);
    assertEquals(List.of(-1L), r.nanos);
    assertEquals(List.of("spawned null", "polled null false", "ended null"), r.seen);
  }

  @Test
  void anObserverWhosePollClockCallThrowsStillSeesThePollUntimed() {
    Scheduler s = kit.newScheduler();
    Recorder r =
        new Recorder(false) {
          @Override
          public Clock pollClock() {
            throw new IllegalStateException("observer failure");
          }
        };
    s.setTaskObserver(r);
    JoinHandle<Integer> h = s.spawn(Futures.ready(5));
    s.tick();
    assertEquals(5, Futures.blockOn(h));
    assertEquals(List.of(-1L), r.nanos);
    assertEquals(List.of("spawned null", "polled null false", "ended null"), r.seen);
  }
}
