package maitake.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import maitake.Toolkit;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Futures;
import maitake.future.Poll;
import maitake.future.Yield;
import maitake.scheduler.Tick;
import maitake.sync.Mutex;
import maitake.sync.Semaphore;
import maitake.task.JoinError;
import maitake.task.JoinHandle;
import maitake.task.TaskRef;
import maitake.time.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Runtime}: mixed load on 1, 2 and 4 workers, closing with tasks queued, parked and polling,
 * failures, timer turns under load, the dump, and bad input. Time comes from a {@link TestClock}
 * that the test advances; nothing here sleeps.
 */
class RuntimeTest {
  private final Toolkit kit = Toolkit.load();
  private final TestClock clock = new TestClock(Duration.ofMillis(1));
  private final List<Runtime> started = new ArrayList<>();

  private Runtime start(int workers) {
    return start(Runtime.builder(kit).workers(workers).clock(clock));
  }

  private Runtime start(Runtime.Builder b) {
    Runtime rt = b.build();
    started.add(rt);
    return rt;
  }

  @AfterEach
  void closeWhatIsLeft() {
    for (Runtime rt : started) {
      rt.close(Duration.ZERO);
      assertEquals(0, rt.liveWorkers(), "a worker outlived close");
    }
  }

  /** Spins (no sleep) until {@code condition} holds, advancing the clock so sleeps can fire. */
  private void until(BooleanSupplier condition, boolean advance) {
    for (long i = 0; !condition.getAsBoolean(); i++) {
      if (advance && i % 64 == 0) {
        clock.advance(Duration.ofMillis(1));
      }
      Thread.yield();
    }
  }

  /** A task that wakes itself at every poll until told to stop: a worker that runs it is busy. */
  private static final class Spinner implements Future<Long> {
    final AtomicBoolean stop = new AtomicBoolean();
    long polls;

    @Override
    public Poll<Long> poll(Context cx) {
      polls++;
      if (stop.get()) {
        return Poll.ready(polls);
      }
      cx.waker().wake();
      return Poll.pending();
    }
  }

  @ParameterizedTest(name = "{0} workers")
  @ValueSource(ints = {1, 2, 4})
  void everyTaskOfAMixedLoadEndsExactlyOnceAndCloseJoinsEveryWorker(int workers) {
    Runtime rt = start(workers);
    Mutex<long[]> total = kit.newMutex(new long[1]);
    Semaphore pool = kit.newSemaphore(3);
    AtomicInteger ends = new AtomicInteger();
    int n = 2_000;
    List<JoinHandle<Integer>> handles = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int id = i;
      Future<Integer> job =
          switch (i % 4) {
            case 0 -> new Yield(3).map(v -> id);
            case 1 -> rt.timer().sleep(Duration.ofMillis(1 + i % 5)).map(v -> id);
            case 2 ->
                total.withLock(
                    g -> {
                      g.get()[0]++;
                      return Futures.ready(id);
                    });
            default -> pool.withPermits(1, p -> new Yield(1).map(v -> id)).map(o -> o.value());
          };
      // children spawned from inside go to the worker's own scheduler
      Future<Integer> withChild =
          Futures.defer(() -> rt.spawn(job))
              .map(
                  v -> {
                    ends.incrementAndGet();
                    return v;
                  });
      handles.add(rt.spawn(withChild));
    }
    until(() -> handles.stream().allMatch(JoinHandle::isComplete), true);
    for (int i = 0; i < n; i++) {
      assertEquals(i, rt.blockOn(handles.get(i)));
    }
    assertEquals(n, ends.get());
    assertEquals(3, pool.availablePermits());
    assertEquals(0, rt.stats().liveTasks());
    assertTrue(rt.close(Duration.ZERO), "nothing was left to cancel");
    assertEquals(0, rt.liveWorkers());
    RuntimeStats s = rt.stats();
    assertTrue(s.polls() >= 2L * n, "polls: " + s);
    assertEquals(workers, s.workers().size());
  }

  @Test
  void closeWaitsForEveryTaskToEndByItselfAndRefusesOutsideSpawnsMeanwhile() throws Exception {
    Runtime rt = start(2);
    List<JoinHandle<String>> sleepers = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      sleepers.add(rt.spawn(rt.timer().sleep(Duration.ofMillis(50)).map(v -> "slept")));
    }
    until(() -> rt.tasks().snapshot().stream().allMatch(t -> t.state().equals("waiting")), false);
    AtomicReference<Boolean> result = new AtomicReference<>();
    Thread closer = new Thread(() -> result.set(rt.close(Duration.ofSeconds(10))));
    closer.start();
    until(rt::isClosed, false);
    JoinHandle<String> late = rt.spawn(Futures.ready("late"));
    JoinError refused = assertThrows(JoinError.class, () -> Futures.blockOn(late));
    assertTrue(refused.isShutdown(), refused.toString());
    clock.advance(Duration.ofMillis(50));
    closer.join();
    assertEquals(Boolean.TRUE, result.get());
    for (JoinHandle<String> h : sleepers) {
      assertEquals("slept", Futures.blockOn(h));
    }
    assertEquals(0, rt.liveWorkers());
  }

  @Test
  void aTaskMaySpawnAChildWhileTheRuntimeIsClosing() throws Exception {
    Runtime rt = start(2);
    JoinHandle<String> parent =
        rt.spawn(
            rt.timer()
                .sleep(Duration.ofMillis(5))
                .andThen(v -> rt.spawn(Futures.ready("child ran")))
                .map(s -> s));
    until(
        () -> rt.tasks().size() == 1 && "waiting".equals(rt.tasks().snapshot().get(0).state()),
        false);
    Thread closer = new Thread(rt::close);
    closer.start();
    until(rt::isClosed, false);
    clock.advance(Duration.ofMillis(5));
    closer.join();
    assertEquals("child ran", Futures.blockOn(parent));
  }

  @Test
  void closeAfterTheGracePeriodCancelsParkedTasksAndTheirPermitsComeBack() {
    Runtime rt = start(2);
    Semaphore pool = kit.newSemaphore(4);
    List<JoinHandle<?>> jobs = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      jobs.add(rt.spawn(pool.withPermits(1, p -> rt.timer().sleep(Duration.ofDays(1)))));
    }
    until(
        () ->
            rt.tasks().snapshot().size() == 8
                && rt.tasks().snapshot().stream().allMatch(t -> t.state().equals("waiting")),
        false);
    assertEquals(0, pool.availablePermits());
    assertFalse(rt.close(Duration.ZERO), "close had to cancel");
    assertEquals(4, pool.availablePermits());
    assertEquals(0, rt.tasks().size());
    for (JoinHandle<?> j : jobs) {
      JoinError e = assertThrows(JoinError.class, () -> Futures.blockOn(j));
      assertTrue(e.isCancelled(), e.toString());
    }
    assertEquals(0, rt.liveWorkers());
  }

  @Test
  void closeTearsDownQueuedTasksWithoutPollingThemAndCancelsTheOneInItsPoll() throws Exception {
    Runtime rt = start(1);
    CountDownLatch inPoll = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger blockerAbandoned = new AtomicInteger();
    Future<Void> blocker =
        new Future<>() {
          @Override
          public Poll<Void> poll(Context cx) {
            inPoll.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return Poll.pending(); // and registers nothing: only a cancel ends it
          }

          @Override
          public void abandon() {
            blockerAbandoned.incrementAndGet();
          }
        };
    JoinHandle<Void> b = rt.spawn(blocker);
    inPoll.await();
    AtomicInteger polled = new AtomicInteger();
    AtomicInteger abandoned = new AtomicInteger();
    List<JoinHandle<Void>> queued = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      queued.add(
          rt.spawn(
              new Future<>() {
                @Override
                public Poll<Void> poll(Context cx) {
                  polled.incrementAndGet();
                  return Poll.ready(null);
                }

                @Override
                public void abandon() {
                  abandoned.incrementAndGet();
                }
              }));
    }
    AtomicReference<Boolean> result = new AtomicReference<>();
    Thread closer = new Thread(() -> result.set(rt.close(Duration.ZERO)));
    closer.start();
    // every task is cancelled before the poll is let go, so no queued one can be taken uncancelled
    until(
        () -> b.taskRef().isCancelled() && queued.stream().allMatch(q -> q.taskRef().isCancelled()),
        false);
    release.countDown();
    closer.join();
    assertEquals(Boolean.FALSE, result.get());
    assertEquals(1, blockerAbandoned.get());
    assertEquals(0, polled.get(), "a queued task was polled after close cancelled it");
    assertEquals(10, abandoned.get());
    for (JoinHandle<Void> q : queued) {
      assertThrows(JoinError.class, () -> Futures.blockOn(q));
    }
    assertEquals(0, rt.liveWorkers());
  }

  @Test
  void theFailureHandlerSeesAFailingDetachedTaskOnceAndTheWorkerGoesOn() {
    ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
    Runtime rt =
        start(
            Runtime.builder(kit)
                .workers(2)
                .clock(clock)
                .failureHandler(
                    (TaskRef t, Throwable e) -> seen.add(t.name() + ": " + e.getMessage())));
    rt.buildTask()
        .name("doomed")
        .spawn(
            Futures.defer(
                () -> {
                  throw new IllegalStateException("boom");
                }))
        .detach();
    Future<Void> nullPoll = cx -> null;
    JoinHandle<Void> bad = rt.spawn(nullPoll);
    JoinError e = assertThrows(JoinError.class, () -> rt.blockOn(bad));
    assertTrue(e.getCause() instanceof NullPointerException, e.toString());
    until(() -> !seen.isEmpty(), false);
    assertEquals(42, rt.blockOn(Futures.ready(42)));
    assertEquals(List.of("doomed: boom"), List.copyOf(seen));
    assertEquals(2, rt.liveWorkers());
  }

  /**
   * One worker, so that the count is of the polls of the very thread that must turn the timer (with
   * several, a worker the operating system preempts while it holds the timer's turn delays the
   * others' turns by however long it is off the processor, which no poll count bounds).
   */
  @Test
  void aSleepFiresWithinTheTimerBudgetWhileTheWorkerIsBusy() {
    int budget = 64;
    Runtime rt = start(Runtime.builder(kit).workers(1).clock(clock).timerBudget(budget));
    List<Spinner> spinners = new ArrayList<>();
    AtomicBoolean go = new AtomicBoolean();
    AtomicLong advancedAt = new AtomicLong(-1);
    // the clock moves from inside a task on the worker, which notes the worker's poll count then,
    // so that both counts are read on the worker's own thread however the threads are scheduled
    Future<Void> advancer =
        cx -> {
          if (!go.get()) {
            cx.waker().wake(); // busy too, until told
            return Poll.pending();
          }
          clock.advance(Duration.ofMillis(10));
          advancedAt.set(rt.stats().polls());
          return Poll.ready(null);
        };
    AtomicReference<JoinHandle<Long>> sleeper = new AtomicReference<>();
    // everything starts from one task, on the worker: nothing waits in the injector
    rt.spawn(
            Futures.defer(
                () -> {
                  for (int i = 0; i < 3; i++) {
                    Spinner s = new Spinner();
                    spinners.add(s);
                    rt.spawn(s).detach();
                  }
                  sleeper.set(
                      rt.spawn(
                          rt.timer().sleep(Duration.ofMillis(10)).map(v -> rt.stats().polls())));
                  rt.spawn(advancer).detach();
                  return Futures.ready(null);
                }))
        .detach();
    until(() -> rt.stats().polls() > 10_000 && sleeper.get() != null, false);
    until(() -> rt.tasks().snapshot().stream().anyMatch(t -> t.state().equals("waiting")), false);
    go.set(true);
    until(() -> advancedAt.get() >= 0, false);
    long before = advancedAt.get();
    // the next budget check comes within budget + one tick (256 polls); the woken sleeper is
    // polled within the tick after that; each count may lag its moment by one tick
    long bound = budget + 3L * Tick.DEFAULT_BUDGET;
    JoinHandle<Long> slept = sleeper.get();
    for (; ; ) {
      long now =
          rt.stats().polls(); // read before isComplete: a sleeper on time is complete by then
      if (slept.isComplete()) {
        break;
      }
      if (now - before > bound + Tick.DEFAULT_BUDGET) {
        fail("the sleep had not fired after " + (now - before) + " polls (bound " + bound + ")");
      }
      Thread.onSpinWait();
    }
    long polled = rt.blockOn(slept) - before;
    assertTrue(polled <= bound, "fired after " + polled + " polls, bound " + bound);
    spinners.forEach(s -> s.stop.set(true));
    RuntimeStats s = rt.stats();
    assertEquals(1, s.timersFired(), s.toString());
    assertEquals(Duration.ZERO, s.maxTimerLateness(), "the turn came before the clock moved on");
    assertEquals(1, s.timerLatenessHistogram()[0]);
  }

  @Test
  void aSpawnFromOutsideStartsWhileEveryWorkerIsBusy() {
    Runtime rt = start(Runtime.builder(kit).workers(1).clock(clock).timerBudget(32));
    Spinner s = new Spinner();
    rt.spawn(s).detach();
    until(() -> rt.stats().polls() > 10_000, false);
    long before = rt.stats().polls();
    JoinHandle<String> in = rt.spawn(Futures.ready("in"));
    for (; ; ) {
      long now = rt.stats().polls();
      if (in.isComplete()) {
        break;
      }
      // polls counted after the spawn returned: the injector is checked within 32 + 256 of them
      if (now - before > 32 + 2L * Tick.DEFAULT_BUDGET) {
        fail("the spawn had not started after " + (now - before) + " polls");
      }
      Thread.onSpinWait();
    }
    assertEquals("in", rt.blockOn(in));
    s.stop.set(true);
  }

  @Test
  void theDumpListsAHungTaskWithWhatItWaitsOnAndWhereItWasSpawned() {
    Runtime rt = start(Runtime.builder(kit).workers(1).clock(clock).captureSpawnSites(true));
    rt.buildTask().name("hung").kind("io").spawn(rt.timer().sleep(Duration.ofMinutes(5))).detach();
    until(
        () -> rt.tasks().size() == 1 && rt.tasks().snapshot().get(0).state().equals("waiting"),
        false);
    clock.advance(Duration.ofSeconds(2));
    String dump = rt.dumpTasks();
    assertTrue(dump.startsWith("maitake task dump: 1 live task"), dump);
    assertTrue(dump.contains("'hung' (kind io) waiting, age 2000 ms"), dump);
    assertTrue(dump.contains("waits on: Sleep("), dump);
    assertTrue(dump.contains("at maitake.runtime.RuntimeTest.theDumpListsAHungTask"), dump);
  }

  @Test
  void blockOnAndCloseAreRefusedOnAWorkerWithAClearMessage() {
    Runtime rt = start(1);
    JoinHandle<String> h =
        rt.spawn(
            Futures.defer(
                () -> {
                  try {
                    rt.blockOn(Futures.ready(1));
                    return Futures.ready("not refused");
                  } catch (IllegalStateException e) {
                    return Futures.ready(e.getMessage());
                  }
                }));
    String msg = rt.blockOn(h);
    assertTrue(msg.startsWith("blockOn called on maitake-worker-0, a worker of this runtime"), msg);
    JoinHandle<String> c =
        rt.spawn(
            Futures.defer(
                () -> {
                  try {
                    rt.close();
                    return Futures.ready("not refused");
                  } catch (IllegalStateException e) {
                    return Futures.ready(e.getMessage());
                  }
                }));
    assertTrue(rt.blockOn(c).startsWith("close called on"), "close on a worker");
  }

  @Test
  void theBuilderRefusesBadInputClearlyAndUsesTheThreadFactory() {
    Runtime.Builder b = Runtime.builder(kit);
    assertThrows(IllegalArgumentException.class, () -> b.workers(0));
    assertThrows(IllegalArgumentException.class, () -> b.timerBudget(0));
    assertThrows(IllegalArgumentException.class, () -> b.timerGranularity(Duration.ZERO));
    assertThrows(NullPointerException.class, () -> Runtime.builder(null));
    assertThrows(NullPointerException.class, () -> b.clock(null));
    AtomicInteger made = new AtomicInteger();
    Runtime rt =
        start(
            b.workers(3)
                .clock(clock)
                .threadFactory(
                    r -> {
                      Thread t = new Thread(r, "custom-" + made.incrementAndGet());
                      t.setDaemon(true);
                      return t;
                    }));
    assertEquals(3, made.get());
    assertEquals(3, rt.liveWorkers());
    assertThrows(IllegalArgumentException.class, () -> rt.close(Duration.ofMillis(-1)));
    assertTrue(rt.close(Duration.ZERO));
    rt.close(); // a second close returns at once
    assertEquals(0, rt.liveWorkers());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5})
  void aSpawnFromATaskGoesToItsWorkersQueueAndOneFromOutsideToTheInjector(int workers) {
    Runtime rt = start(workers);
    int children = 100;
    JoinHandle<Integer> parent =
        rt.spawn(
            Futures.defer(
                () -> {
                  List<JoinHandle<Integer>> hs = new ArrayList<>();
                  for (int i = 0; i < children; i++) {
                    hs.add(rt.spawn(Futures.ready(1)));
                  }
                  return Futures.join(hs).map(List::size);
                }));
    assertEquals(children, rt.blockOn(parent));
    // blockOn(JoinHandle) spawns nothing more: one task came through the injector, the parent
    assertEquals(1, rt.stats().injected(), rt.stats().toString());
  }

  /** Spins until the runtime's workers have turned the timer {@code n} more times. */
  private static void awaitTimerTurns(Runtime rt, long n) {
    long target = rt.stats().timerTurns() + n;
    while (rt.stats().timerTurns() < target) {
      Thread.onSpinWait();
    }
  }

  @Test
  void theTimerTicksEveryMillisecondByDefaultAndASleepFiresAtTheFirstTickOfTheGranularityAsked() {
    TestClock fine = new TestClock(Duration.ofNanos(10_000)); // 10 us per clock tick
    assertEquals(Duration.ofMillis(1), Runtime.Builder.DEFAULT_TIMER_GRANULARITY);
    assertEquals(
        100, start(Runtime.builder(kit).workers(1).clock(fine)).timer().granularityTicks());
    Runtime rt =
        start(
            Runtime.builder(kit)
                .workers(1)
                .clock(fine)
                .timerGranularity(Duration.ofNanos(100_000))); // wheel ticks from 0 us
    fine.advance(Duration.ofNanos(30_000));
    assertEquals(10, rt.timer().granularityTicks());
    // first polled at 30 us: due at 1,030 us, which the wheel rounds up to its tick at 1,100 us
    JoinHandle<Void> nap = rt.spawn(rt.timer().sleep(Duration.ofMillis(1)));
    until(() -> rt.tasks().snapshot().stream().anyMatch(t -> t.state().equals("waiting")), false);
    fine.advance(Duration.ofNanos(1_060_000)); // 1,090 us
    awaitTimerTurns(rt, 2); // the second began after the first ended, so after the advance
    assertFalse(nap.isComplete(), "fired before its tick");
    fine.advance(Duration.ofNanos(10_000)); // 1,100 us
    // the turn that fires it returns to the worker's loop, which polls the woken task before its
    // next turn (with the default tick it would wait for 2,000 us, and this would fail)
    awaitTimerTurns(rt, 3);
    assertTrue(nap.isComplete(), "not fired at its tick");
    assertEquals(1, rt.stats().timersFired());
  }

  @Test
  void theJavadocExampleRunsAsWritten() {
    String out;
    try (Runtime rt = Runtime.builder(Toolkit.load()).workers(2).build()) {
      JoinHandle<String> h = rt.spawn(new Yield(3).map(v -> "done"));
      out = rt.blockOn(h); // "done", from a thread outside the runtime
    } // close(): waits for every task, joins
    assertEquals("done", out);
  }

  @Test
  void theObserverSeesEverySpawnPollAndEndAndItsFailuresBreakNothing() {
    AtomicInteger spawned = new AtomicInteger();
    AtomicInteger polled = new AtomicInteger();
    AtomicInteger ended = new AtomicInteger();
    AtomicInteger fired = new AtomicInteger();
    AtomicInteger taken = new AtomicInteger();
    RuntimeObserver o =
        new RuntimeObserver() {
          @Override
          public void spawned(TaskRef task) {
            spawned.incrementAndGet();
          }

          @Override
          public void polled(TaskRef task, Future<?> future, long nanos) {
            polled.incrementAndGet();
            throw new IllegalStateException("an observer that throws is logged, nothing more");
          }

          @Override
          public void ended(TaskRef task) {
            ended.incrementAndGet();
          }

          @Override
          public void timerTurned(int worker, int n, long latenessNanos) {
            fired.addAndGet(n);
            throw new IllegalStateException("so is this");
          }

          @Override
          public void stole(int worker, int tasks, boolean fromInjector) {
            if (fromInjector) {
              taken.addAndGet(tasks);
            }
          }
        };
    Runtime rt = start(Runtime.builder(kit).workers(2).clock(clock).observer(o));
    List<JoinHandle<Integer>> hs = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      int id = i;
      hs.add(
          rt.spawn(
              i % 2 == 0
                  ? new Yield(1).map(v -> id)
                  : rt.timer().sleep(Duration.ofMillis(2)).map(v -> id)));
    }
    // every sleep registered before the clock moves, so every one fires through a timer turn
    until(
        () ->
            rt.tasks().size() == 50
                && rt.tasks().snapshot().stream().allMatch(t -> t.state().equals("waiting")),
        false);
    clock.advance(Duration.ofMillis(2));
    for (int i = 0; i < 100; i++) {
      assertEquals(i, rt.blockOn(hs.get(i)));
    }
    until(() -> ended.get() == 100, false); // the end is reported just after the handle completes
    assertEquals(100, spawned.get());
    assertEquals(100, taken.get());
    assertEquals(50, fired.get());
    assertTrue(polled.get() >= 200, "every task polled at least twice: " + polled.get());
    assertEquals(2, rt.liveWorkers());
  }

  @Test
  void aSecondCloseReturnsWhatTheFirstReturnedAndAGraceLongerThanTheClockCanCountIsNoLimit() {
    Runtime rt = start(1);
    rt.spawn(rt.timer().sleep(Duration.ofDays(1))).detach();
    until(() -> rt.tasks().snapshot().stream().anyMatch(t -> t.state().equals("waiting")), false);
    assertFalse(rt.close(Duration.ZERO));
    assertFalse(rt.close(Duration.ZERO), "the second close says what the first did");
    rt.close(); // returns at once too
    Runtime empty = start(1);
    assertTrue(empty.close(Duration.ofSeconds(Long.MAX_VALUE)), "nothing to wait for");
    assertEquals(0, empty.liveWorkers());
  }

  @Test
  void anIdleWorkerLooksAsOftenAsItsStrategySaysBeforeEachPark() {
    Runtime rt =
        start(
            Runtime.builder(kit).workers(1).clock(clock).idleStrategy(IdleStrategy.backoff(50, 5)));
    until(() -> rt.stats().parks() >= 1, false);
    assertEquals(IdleStrategy.backoff(50, 5), rt.idleStrategy());
    RuntimeStats.WorkerStats w = rt.stats().workers().get(0);
    // parks is read before idleLooks, and each park comes after its 55 looks
    assertTrue(w.idleLooks() >= 55 * w.parks(), w.toString());
    assertTrue(Futures.blockOn(rt.spawn(Futures.ready(7))) == 7, "a parked worker is woken");
  }

  @Test
  void aWorkerWhoseParkEndsAtADeadlineWithinTwoTicksParksWithoutLookingAgain() {
    // the clock stands still: every turn finds the sleep as far away as at its registration
    Runtime rt =
        start(
            Runtime.builder(kit).workers(1).clock(clock).idleStrategy(IdleStrategy.backoff(50, 5)));
    rt.spawn(rt.timer().sleep(Duration.ofMillis(2))).detach(); // two ticks of 1 ms away
    until(() -> rt.tasks().snapshot().stream().anyMatch(t -> t.state().equals("waiting")), false);
    RuntimeStats before = rt.stats();
    until(() -> rt.stats().parks() >= before.parks() + 3, false);
    assertEquals(before.idleLooks(), rt.stats().idleLooks(), "no looks before these parks");
  }

  @Test
  void aWorkerWhoseParkEndsAtADeadlineThreeTicksAwayLooksAgainFirst() {
    Runtime rt =
        start(
            Runtime.builder(kit).workers(1).clock(clock).idleStrategy(IdleStrategy.backoff(50, 5)));
    rt.spawn(rt.timer().sleep(Duration.ofMillis(3))).detach();
    until(() -> rt.tasks().snapshot().stream().anyMatch(t -> t.state().equals("waiting")), false);
    RuntimeStats before = rt.stats();
    until(() -> rt.stats().parks() >= before.parks() + 3, false);
    RuntimeStats after = rt.stats(); // parks is read before idleLooks
    // the looks of one park may be counted in before and its park not yet
    long parks = after.parks() - before.parks();
    assertTrue(
        after.idleLooks() - before.idleLooks() >= 55 * (parks - 1), before + " then " + after);
  }

  @Test
  void theTickWithinWhichAParkComesWithoutLooksIsTwoTimerTicksAndAtMostTheLongestPark() {
    assertEquals(2_000_000, Runtime.unlookedParkNanos(Duration.ofMillis(1), 1));
    assertEquals(500_000, Runtime.unlookedParkNanos(Duration.ofNanos(10_000), 25));
    assertEquals(100_000_000, Runtime.unlookedParkNanos(Duration.ofSeconds(1), 1));
    assertEquals(100_000_000, Runtime.unlookedParkNanos(Duration.ofDays(365 * 300), 1));
    assertEquals(100_000_000, Runtime.unlookedParkNanos(Duration.ofMillis(1), Long.MAX_VALUE));
  }

  @Test
  void aParkingWorkerNeverSpins() {
    Runtime rt =
        start(Runtime.builder(kit).workers(2).clock(clock).idleStrategy(IdleStrategy.park()));
    until(() -> rt.stats().parks() >= 2, false);
    assertEquals(2, Futures.blockOn(rt.spawn(Futures.ready(2))));
    assertEquals(0, rt.stats().idleLooks());
  }

  @Test
  void theIdleStrategyRefusesBadInputClearly() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> IdleStrategy.backoff(-1, 0));
    assertTrue(e.getMessage().contains("spins -1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> IdleStrategy.backoff(0, -1));
    assertThrows(NullPointerException.class, () -> Runtime.builder(kit).idleStrategy(null));
    assertEquals(IdleStrategy.park(), IdleStrategy.backoff(0, 0));
    assertEquals(256, IdleStrategy.DEFAULT.spins());
    assertEquals(16, IdleStrategy.DEFAULT.yields());
    assertEquals("IdleStrategy.backoff(3, 4)", IdleStrategy.backoff(3, 4).toString());
  }
}
