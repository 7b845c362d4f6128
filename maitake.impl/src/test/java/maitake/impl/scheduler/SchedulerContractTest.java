package maitake.impl.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Futures;
import maitake.future.Poll;
import maitake.future.Yield;
import maitake.impl.scheduler.TestFutures.CountingWaker;
import maitake.impl.scheduler.TestFutures.ExternalEvent;
import maitake.impl.scheduler.TestFutures.Throwing;
import maitake.scheduler.SchedulerStats;
import maitake.scheduler.Spawner;
import maitake.scheduler.Tick;
import maitake.task.FailureHandler;
import maitake.task.JoinError;
import maitake.task.JoinHandle;
import maitake.task.TaskBuilder;
import maitake.task.TaskRef;
import maitake.task.TaskStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every scheduler kind keeps, run against each through a {@link Harness}.
 * Deterministic: one thread ticks, and the few tests with a second thread join it before they
 * assert.
 */
abstract class SchedulerContractTest {

  /** What the contract needs of a scheduler. */
  interface Harness {
    <T> JoinHandle<T> spawn(Future<T> future);

    Tick tick();

    TaskRef currentTask();

    /** A spawner that any thread may use. */
    Spawner spawner();

    <T> TaskStorage<T> newStorage();

    <T> JoinHandle<T> spawnInto(TaskStorage<T> storage, Future<T> future);

    TaskBuilder buildTask();

    SchedulerStats stats();

    void close();

    void setFailureHandler(FailureHandler handler);

    /** A storage made by the other kind of scheduler. */
    <T> TaskStorage<T> foreignStorage();
  }

  abstract Harness harness();

  /** Ticks until a tick polls nothing and nothing remains; returns the polls in total. */
  static int runUntilIdle(Harness h) {
    int polled = 0;
    for (; ; ) {
      Tick t = h.tick();
      polled += t.polled();
      if (t.polled() == 0 && !t.hasRemaining()) {
        return polled;
      }
    }
  }

  // --- join handles -----------------------------------------------------------------------

  @Test
  void joinHandleIsPendingAndNotWokenBeforeTheFirstTickAndReadyAfterIt() {
    Harness h = harness();
    JoinHandle<String> jh = h.spawn(Futures.ready("out"));
    CountingWaker w = new CountingWaker();
    assertTrue(jh.poll(w).isPending());
    assertFalse(jh.isComplete());
    assertEquals(0, w.wakes());
    Tick t = h.tick();
    assertEquals(1, t.polled());
    assertEquals(1, t.completed());
    assertEquals(1, w.wakes());
    assertTrue(jh.isComplete());
    assertEquals("out", jh.poll(w).value());
  }

  @Test
  void joinOutputIsDeliveredExactlyOnce() {
    Harness h = harness();
    JoinHandle<Integer> jh = h.spawn(Futures.ready(42));
    h.tick();
    assertEquals(42, jh.poll(new CountingWaker()).value());
    assertThrows(IllegalStateException.class, () -> jh.poll(new CountingWaker()));
  }

  @Test
  void joinWakerIsReplacedByANewWakerAndOnlyTheLatestIsWoken() {
    Harness h = harness();
    ExternalEvent<String> ev = new ExternalEvent<>();
    JoinHandle<String> jh = h.spawn(ev);
    h.tick();
    CountingWaker first = new CountingWaker();
    CountingWaker second = new CountingWaker();
    assertTrue(jh.poll(first).isPending());
    assertTrue(jh.poll(second).isPending());
    ev.complete("x");
    h.tick();
    assertEquals(0, first.wakes());
    assertEquals(1, second.wakes());
  }

  @Test
  void detachedTaskRunsToCompletion() {
    Harness h = harness();
    ExternalEvent<String> ev = new ExternalEvent<>();
    JoinHandle<String> jh = h.spawn(ev);
    h.tick();
    jh.detach();
    jh.detach();
    ev.complete("done");
    Tick t = h.tick();
    assertEquals(1, t.completed());
    assertTrue(jh.isComplete());
    assertEquals(2, ev.polls.get());
    assertThrows(IllegalStateException.class, () -> jh.poll(new CountingWaker()));
  }

  @Test
  void abandoningAJoinHandleDetachesWithoutCancelling() {
    Harness h = harness();
    JoinHandle<String> jh = h.spawn(Futures.ready("v"));
    jh.abandon();
    h.tick();
    assertTrue(jh.isComplete());
    assertFalse(jh.isCancelled());
  }

  // --- cancellation -----------------------------------------------------------------------

  @Test
  void cancelBeforeTheFirstPollEndsCancelledNotCompletedAndNeverPollsTheFuture() {
    Harness h = harness();
    ExternalEvent<String> ev = new ExternalEvent<>();
    JoinHandle<String> jh = h.spawn(ev);
    assertTrue(jh.cancel());
    assertFalse(jh.cancel(), "second cancel reports false");
    JoinError e = assertThrows(JoinError.class, () -> jh.poll(new CountingWaker()));
    assertTrue(e.isCancelled());
    assertFalse(e.isCompleted());
    assertNull(e.output());
    assertEquals(jh.id(), e.id());
    Tick t = h.tick();
    assertEquals(1, t.completed());
    assertEquals(0, ev.polls.get());
    assertEquals(1, ev.abandons.get());
    assertTrue(jh.isComplete());
  }

  @Test
  void cancelAfterCompletionEndsCancelledCarryingTheOutput() {
    Harness h = harness();
    JoinHandle<String> jh = h.spawn(Futures.ready("kept"));
    h.tick();
    assertTrue(jh.cancel());
    JoinError e = assertThrows(JoinError.class, () -> jh.poll(new CountingWaker()));
    assertTrue(e.isCancelled());
    assertTrue(e.isCompleted());
    assertEquals("kept", e.output());
  }

  @Test
  void cancelThroughTaskRefBehavesLikeCancelThroughTheHandle() {
    Harness h = harness();
    JoinHandle<String> before = h.spawn(Futures.ready("a"));
    TaskRef beforeRef = before.taskRef();
    assertTrue(beforeRef.cancel());
    assertTrue(beforeRef.isCancelled());
    JoinHandle<String> after = h.spawn(Futures.ready("b"));
    h.tick();
    assertTrue(after.taskRef().cancel());
    JoinError e1 = assertThrows(JoinError.class, () -> before.poll(new CountingWaker()));
    assertFalse(e1.isCompleted());
    JoinError e2 = assertThrows(JoinError.class, () -> after.poll(new CountingWaker()));
    assertTrue(e2.isCompleted());
    assertEquals("b", e2.output());
    assertEquals(after.id(), after.taskRef().id());
  }

  @Test
  void cancelAfterTheOutputWasTakenReportsFalse() {
    Harness h = harness();
    JoinHandle<String> jh = h.spawn(Futures.ready("x"));
    h.tick();
    TaskRef ref = jh.taskRef();
    jh.poll(new CountingWaker());
    assertFalse(ref.cancel());
    assertFalse(ref.isCancelled());
  }

  @Test
  void cancellingATaskParkedOnAnExternalWakerCompletesItsJoinHandlePromptly() {
    Harness h = harness();
    ExternalEvent<String> ev = new ExternalEvent<>();
    JoinHandle<String> jh = h.spawn(ev);
    h.tick();
    CountingWaker joiner = new CountingWaker();
    assertTrue(jh.poll(joiner).isPending());
    assertTrue(jh.cancel());
    assertEquals(1, joiner.wakes(), "the waiting join handle is woken by the cancel");
    Tick t = h.tick();
    assertEquals(1, t.polled(), "the idle task was queued again for teardown");
    assertEquals(1, t.completed());
    assertEquals(1, ev.abandons.get(), "its future is abandoned");
    assertEquals(1, ev.polls.get(), "and not polled again");
    assertTrue(jh.isComplete());
    assertThrows(JoinError.class, () -> jh.poll(joiner));
    ev.complete("late");
    assertEquals(0, h.tick().polled(), "wakes of an ended task are ignored");
  }

  @Test
  void taskCanCancelItselfThroughCurrentTask() {
    Harness h = harness();
    AtomicInteger polls = new AtomicInteger();
    AtomicReference<TaskRef> seen = new AtomicReference<>();
    Future<String> selfCancelling =
        cx -> {
          polls.incrementAndGet();
          TaskRef me = h.currentTask();
          seen.set(me);
          me.cancel();
          return Poll.pending();
        };
    JoinHandle<String> jh = h.spawn(selfCancelling);
    Tick t = h.tick();
    assertEquals(1, polls.get());
    assertEquals(2, t.polled(), "polled once, then torn down in the same tick");
    assertEquals(1, t.completed());
    assertEquals(jh.id(), seen.get().id());
    JoinError e = assertThrows(JoinError.class, () -> jh.poll(new CountingWaker()));
    assertTrue(e.isCancelled());
  }

  @Test
  void currentTaskIsTheTaskBeingPolledWhetherTasksAlternateOrOneIsPolledAgainInARow() {
    Harness h = harness();
    List<String> seen = new ArrayList<>();
    NotingCurrent b = new NotingCurrent("b", 2, h, seen);
    NotingCurrent a = new NotingCurrent("a", 4, h, seen);
    a.onFirstPoll = () -> b.self = h.spawn(b);
    a.self = h.spawn(a);
    Tick t = h.tick();
    assertEquals(6, t.polled());
    assertEquals(
        List.of("a:true", "b:true", "a:true", "b:true", "a:true", "a:true"),
        seen,
        "each poll sees its own task, also the last two polls of a in a row");
    assertNull(h.currentTask());
  }

  /**
   * Notes at each poll whether currentTask() is its own task, and wakes itself until its last poll.
   */
  private static final class NotingCurrent implements Future<Void> {
    private final String name;
    private final int lastPoll;
    private final Harness h;
    private final List<String> seen;
    JoinHandle<Void> self;
    Runnable onFirstPoll = () -> {};
    private int polls;

    NotingCurrent(String name, int lastPoll, Harness h, List<String> seen) {
      this.name = name;
      this.lastPoll = lastPoll;
      this.h = h;
      this.seen = seen;
    }

    @Override
    public Poll<Void> poll(Context cx) {
      seen.add(name + ":" + h.currentTask().id().equals(self.id()));
      if (++polls == 1) {
        onFirstPoll.run();
      }
      if (polls == lastPoll) {
        return Poll.readyNull();
      }
      cx.waker().wake();
      return Poll.pending();
    }
  }

  @Test
  void currentTaskIsNullAfterATickThatLeftItsLastTaskPending() {
    Harness h = harness();
    ExternalEvent<Void> event = new ExternalEvent<>();
    h.spawn(event);
    assertEquals(1, h.tick().polled());
    assertNull(h.currentTask(), "the pending task is not reported outside its poll");
  }

  @Test
  void currentTaskIsNullBetweenPolls() {
    Harness h = harness();
    assertNull(h.currentTask());
    h.spawn(Futures.ready(1));
    h.tick();
    assertNull(h.currentTask());
  }

  // --- ticks ------------------------------------------------------------------------------

  @Test
  void oneTaskThatYieldsOnceIsPolledTwiceInOneTick() {
    Harness h = harness();
    JoinHandle<Void> jh = h.spawn(new Yield(1));
    Tick t = h.tick();
    assertEquals(2, t.polled());
    assertEquals(1, t.completed());
    assertEquals(1, t.spawned());
    assertEquals(1, t.wokenInternal());
    assertFalse(t.hasRemaining());
    assertTrue(jh.isComplete());
  }

  @Test
  void tenTasksThatYieldOnceArePolledTwentyTimes() {
    Harness h = harness();
    for (int i = 0; i < 10; i++) {
      h.spawn(new Yield(1));
    }
    Tick t = h.tick();
    assertEquals(20, t.polled());
    assertEquals(10, t.completed());
    assertEquals(10, t.spawned());
    assertFalse(t.hasRemaining());
  }

  @Test
  void tasksThatYieldIncreasinglyOftenAllCompleteInOneTick() {
    Harness h = harness();
    List<JoinHandle<Void>> handles = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      handles.add(h.spawn(new Yield(i)));
    }
    Tick t = h.tick();
    assertEquals(55, t.polled(), "task i is polled i + 1 times");
    assertEquals(10, t.completed());
    assertFalse(t.hasRemaining());
    handles.forEach(jh -> assertTrue(jh.isComplete()));
  }

  @Test
  void aTickStopsAtItsBudgetAndReportsRemainingWork() {
    Harness h = harness();
    for (int i = 0; i < Tick.DEFAULT_BUDGET + 10; i++) {
      h.spawn(Futures.ready(i));
    }
    Tick t = h.tick();
    assertEquals(Tick.DEFAULT_BUDGET, t.polled());
    assertTrue(t.hasRemaining());
    Tick rest = h.tick();
    assertEquals(10, rest.polled());
    assertFalse(rest.hasRemaining());
  }

  @Test
  void tasksLeftWhenTheBudgetRunsOutRunNextTickBeforeWhatTheTickSpawnedOrRequeued() {
    Harness h = harness();
    List<String> order = new ArrayList<>();
    int n = Tick.DEFAULT_BUDGET + 44;
    for (int i = 0; i < n; i++) {
      String name = Integer.toString(i);
      int[] polls = {0};
      h.spawn(
          Futures.pollFn(
              cx -> {
                order.add(name);
                if (name.equals("0")) {
                  h.spawn(Futures.pollFn(cx2 -> Poll.ready(order.add("spawned"))));
                } else if (name.equals("1") && polls[0]++ == 0) {
                  cx.waker().wake(); // re-queued behind the spawn
                  return Poll.pending();
                }
                return Poll.ready(null);
              }));
    }
    Tick first = h.tick();
    assertEquals(Tick.DEFAULT_BUDGET, first.polled());
    assertTrue(first.hasRemaining());
    Tick second = h.tick();
    assertEquals(n - Tick.DEFAULT_BUDGET + 2, second.polled());
    assertFalse(second.hasRemaining());
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      expected.add(Integer.toString(i));
    }
    expected.add("spawned");
    expected.add("1");
    assertEquals(expected, order);
  }

  @Test
  void aTaskThatYieldsAloneIsPolledUpToTheBudgetAndStaysQueuedForTheNextTick() {
    Harness h = harness();
    int polls = 2 * Tick.DEFAULT_BUDGET + 5;
    JoinHandle<?> jh = h.spawn(new Yield(polls - 1)); // ready at poll number polls
    Tick first = h.tick();
    assertEquals(Tick.DEFAULT_BUDGET, first.polled());
    assertTrue(first.hasRemaining(), "the yielding task is still queued");
    assertEquals(Tick.DEFAULT_BUDGET, h.tick().polled());
    Tick last = h.tick();
    assertEquals(5, last.polled());
    assertEquals(1, last.completed());
    assertTrue(jh.isComplete());
    assertSame(Tick.IDLE, h.tick());
  }

  @Test
  void anIdleTickReturnsTheSharedIdleTick() {
    Harness h = harness();
    assertSame(Tick.IDLE, h.tick());
  }

  @Test
  void externalWakesAreCountedAsWokenExternal() {
    Harness h = harness();
    ExternalEvent<String> ev = new ExternalEvent<>();
    h.spawn(ev);
    h.tick();
    ev.wakeOnly();
    ev.wakeOnly();
    Tick t = h.tick();
    assertEquals(1, t.wokenExternal(), "two wakes of an idle task enqueue it once");
    assertEquals(1, t.polled());
  }

  @Test
  void tasksRunInTheOrderTheyWereQueued() {
    Harness h = harness();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      int n = i;
      h.spawn(
          cx -> {
            order.add(n);
            return Poll.readyNull();
          });
    }
    h.tick();
    assertEquals(List.of(0, 1, 2, 3, 4), order);
  }

  // --- failures ---------------------------------------------------------------------------

  @Test
  void aThrowingFutureFailsItsTaskIsAbandonedAndTheNextTaskStillRuns() {
    Harness h = harness();
    IllegalStateException boom = new IllegalStateException("boom");
    Throwing<String> bad = new Throwing<>(boom);
    JoinHandle<String> failing = h.spawn(bad);
    JoinHandle<String> next = h.spawn(Futures.ready("still runs"));
    Tick t = h.tick();
    assertEquals(2, t.completed());
    assertEquals(1, bad.abandons);
    JoinError e = assertThrows(JoinError.class, () -> failing.poll(new CountingWaker()));
    assertTrue(e.isFailed());
    assertSame(boom, e.getCause());
    assertFalse(failing.cancel(), "a failed task cannot be cancelled");
    assertEquals("still runs", next.poll(new CountingWaker()).value());
  }

  @Test
  void anErrorThrownByAFutureFailsOnlyItsTask() {
    Harness h = harness();
    JoinHandle<String> failing =
        h.spawn(
            cx -> {
              throw new AssertionError("an Error, not an Exception");
            });
    JoinHandle<String> next = h.spawn(Futures.ready("ok"));
    h.tick();
    assertInstanceOf(
        AssertionError.class,
        assertThrows(JoinError.class, () -> failing.poll(new CountingWaker())).getCause());
    assertEquals("ok", next.poll(new CountingWaker()).value());
  }

  @Test
  void aJoinWakerThatThrowsDoesNotBreakTheScheduler() {
    Harness h = harness();
    ExternalEvent<String> ev = new ExternalEvent<>();
    JoinHandle<String> jh = h.spawn(ev);
    h.tick();
    jh.poll(
        Context.of(
            () -> {
              throw new IllegalStateException("bad waker");
            }));
    JoinHandle<String> other = h.spawn(Futures.ready("fine"));
    ev.complete("v");
    Thread me = Thread.currentThread();
    Thread.UncaughtExceptionHandler old = me.getUncaughtExceptionHandler();
    List<Throwable> reported = new ArrayList<>();
    me.setUncaughtExceptionHandler((th, e) -> reported.add(e));
    try {
      Tick t = h.tick();
      assertEquals(2, t.completed());
    } finally {
      me.setUncaughtExceptionHandler(old);
    }
    assertEquals(1, reported.size());
    assertEquals("v", jh.poll(new CountingWaker()).value());
    assertEquals("fine", other.poll(new CountingWaker()).value());
  }

  @Test
  void aPollThatReturnsNullFailsOnlyItsTaskAndTheTickGoesOn() {
    Harness h = harness();
    JoinHandle<String> bad = h.spawn(cx -> null);
    JoinHandle<String> next = h.spawn(Futures.ready("next"));
    Tick t = h.tick();
    assertEquals(2, t.completed());
    assertTrue(bad.isComplete());
    JoinError e = assertThrows(JoinError.class, () -> bad.poll(new CountingWaker()));
    assertTrue(e.isFailed());
    assertInstanceOf(NullPointerException.class, e.getCause());
    assertEquals("next", next.poll(new CountingWaker()).value());
  }

  @Test
  void blockOnInsideATickIsRefusedInsteadOfDeadlocking() {
    Harness h = harness();
    JoinHandle<String> inner = h.spawn(Futures.pending());
    JoinHandle<String> blocker = h.spawn(cx -> Poll.ready(Futures.blockOn(inner)));
    h.tick();
    JoinError e = assertThrows(JoinError.class, () -> blocker.poll(new CountingWaker()));
    assertInstanceOf(IllegalStateException.class, e.getCause());
    assertTrue(e.getCause().getMessage().contains("blockOn"), e.getCause().getMessage());
    assertFalse(maitake.future.NonBlockingRegion.isInside(), "the tick closed its region");
    assertEquals("ok", Futures.blockOn(Futures.ready("ok")), "allowed outside a tick");
  }

  /** Records what a failure handler was given, and what the task looked like then. */
  static final class Recorder implements FailureHandler {
    final List<Throwable> failures = new ArrayList<>();
    final List<String> names = new ArrayList<>();
    final List<Boolean> completeWhenReported = new ArrayList<>();

    @Override
    public void taskFailed(TaskRef task, Throwable failure) {
      failures.add(failure);
      names.add(task.name());
      completeWhenReported.add(task.isComplete());
    }
  }

  @Test
  void aDetachedTaskThatFailsGoesToTheFailureHandlerWithItsName() {
    Harness h = harness();
    Recorder rec = new Recorder();
    h.setFailureHandler(rec);
    IllegalStateException boom = new IllegalStateException("boom");
    JoinHandle<String> jh = h.buildTask().name("worker-7").spawn(new Throwing<>(boom));
    jh.detach();
    h.tick();
    assertEquals(List.of(boom), rec.failures);
    assertEquals(List.of("worker-7"), rec.names);
    assertEquals(List.of(true), rec.completeWhenReported);
  }

  @Test
  void aFailedTaskDetachedWithoutBeingJoinedGoesToTheFailureHandler() {
    Harness h = harness();
    Recorder rec = new Recorder();
    h.setFailureHandler(rec);
    IllegalStateException boom = new IllegalStateException("boom");
    TaskStorage<String> storage = h.newStorage();
    JoinHandle<String> jh = h.spawnInto(storage, new Throwing<>(boom));
    h.tick();
    assertTrue(rec.failures.isEmpty(), "the handle may still be joined");
    jh.detach();
    assertEquals(List.of(boom), rec.failures);
    assertTrue(storage.isFree());
    jh.detach();
    assertEquals(1, rec.failures.size(), "reported once");
  }

  @Test
  void aJoinedFailureIsNotReportedToTheFailureHandler() {
    Harness h = harness();
    Recorder rec = new Recorder();
    h.setFailureHandler(rec);
    JoinHandle<String> jh = h.spawn(new Throwing<>(new IllegalStateException("seen")));
    h.tick();
    assertThrows(JoinError.class, () -> jh.poll(new CountingWaker()));
    assertTrue(rec.failures.isEmpty());
  }

  @Test
  void aFailureHandlerThatThrowsDoesNotBreakTheScheduler() {
    Harness h = harness();
    h.setFailureHandler(
        (task, failure) -> {
          throw new IllegalStateException("bad handler");
        });
    h.spawn(new Throwing<>(new IllegalStateException("boom"))).detach();
    JoinHandle<String> next = h.spawn(Futures.ready("next"));
    assertEquals(2, h.tick().completed());
    assertEquals("next", next.poll(new CountingWaker()).value());
  }

  @Test
  void anAbandonThatThrowsDuringATeardownGoesToTheFailureHandler() {
    Harness h = harness();
    Recorder rec = new Recorder();
    h.setFailureHandler(rec);
    IllegalStateException boom = new IllegalStateException("abandon threw");
    JoinHandle<String> jh =
        h.spawn(
            new Future<String>() {
              @Override
              public Poll<String> poll(Context cx) {
                return Poll.pending();
              }

              @Override
              public void abandon() {
                throw boom;
              }
            });
    h.tick();
    jh.cancel();
    h.tick();
    assertEquals(List.of(boom), rec.failures);
    assertTrue(assertThrows(JoinError.class, () -> jh.poll(new CountingWaker())).isCancelled());
  }

  @Test
  void joinErrorsNameTheTask() {
    Harness h = harness();
    JoinHandle<String> jh =
        h.buildTask().name("fetcher").spawn(new Throwing<>(new IllegalStateException("x")));
    h.tick();
    JoinError e = assertThrows(JoinError.class, () -> jh.poll(new CountingWaker()));
    assertEquals("fetcher", e.taskName());
    assertTrue(e.getMessage().contains("'fetcher'"), e.getMessage());
  }

  // --- spawning from other threads ----------------------------------------------------------

  @Test
  @Timeout(20)
  void tasksSpawnedFromAnotherThreadAllComplete() throws Exception {
    Harness h = harness();
    Spawner sp = h.spawner();
    List<JoinHandle<Integer>> handles = new ArrayList<>();
    Thread other =
        new Thread(
            () -> {
              for (int i = 0; i < 1000; i++) {
                int n = i;
                JoinHandle<Integer> jh = sp.spawn(Futures.ready(n));
                synchronized (handles) {
                  handles.add(jh);
                }
              }
            });
    other.start();
    other.join();
    assertEquals(1000, runUntilIdle(h));
    for (int i = 0; i < 1000; i++) {
      assertEquals(i, handles.get(i).poll(new CountingWaker()).value());
    }
  }

  @Test
  @Timeout(20)
  void aWakeFromAnotherThreadDuringAPollQueuesTheTaskAgainExactlyOnce() throws Exception {
    Harness h = harness();
    AtomicInteger polls = new AtomicInteger();
    Future<String> f =
        cx -> {
          int n = polls.incrementAndGet();
          if (n == 1) {
            Thread waker =
                new Thread(
                    () -> {
                      cx.waker().wake();
                      cx.waker().wake();
                    });
            waker.start();
            try {
              waker.join();
            } catch (InterruptedException e) {
              throw new IllegalStateException(e);
            }
            return Poll.pending();
          }
          return n == 2 ? Poll.ready("second poll") : Poll.ready("polled too often");
        };
    JoinHandle<String> jh = h.spawn(f);
    int polled = runUntilIdle(h);
    assertEquals(2, polls.get());
    assertEquals(2, polled);
    assertEquals("second poll", jh.poll(new CountingWaker()).value());
  }

  // --- close --------------------------------------------------------------------------------

  @Test
  void spawningAfterCloseEndsWithShutdownWithoutPollingTheFuture() {
    Harness h = harness();
    h.close();
    ExternalEvent<String> ev = new ExternalEvent<>();
    JoinHandle<String> jh = h.spawn(ev);
    assertTrue(jh.isComplete());
    JoinError e = assertThrows(JoinError.class, () -> jh.poll(new CountingWaker()));
    assertTrue(e.isShutdown());
    assertEquals(0, ev.polls.get());
    assertTrue(h.spawner().isClosed());
    JoinHandle<String> viaSpawner = h.spawner().spawn(Futures.ready("x"));
    assertTrue(
        assertThrows(JoinError.class, () -> viaSpawner.poll(new CountingWaker())).isShutdown());
  }

  @Test
  void tasksQueuedWhenTheSchedulerClosesEndWithShutdown() {
    Harness h = harness();
    ExternalEvent<String> ev = new ExternalEvent<>();
    JoinHandle<String> jh = h.spawn(ev);
    h.close();
    runUntilIdle(h);
    assertEquals(0, ev.polls.get());
    assertEquals(1, ev.abandons.get());
    assertTrue(assertThrows(JoinError.class, () -> jh.poll(new CountingWaker())).isShutdown());
  }

  @Test
  void anIdleTaskWokenAfterCloseIsTornDownByTheNextTick() {
    Harness h = harness();
    ExternalEvent<String> ev = new ExternalEvent<>();
    JoinHandle<String> jh = h.spawn(ev);
    h.tick();
    h.close();
    ev.complete("too late");
    runUntilIdle(h);
    assertEquals(1, ev.polls.get());
    assertTrue(assertThrows(JoinError.class, () -> jh.poll(new CountingWaker())).isShutdown());
  }

  // --- storage and builders -------------------------------------------------------------------

  @Test
  void aTaskStorageIsSpawnedIntoAgainAfterItsTaskEnds() {
    Harness h = harness();
    TaskStorage<Integer> storage = h.newStorage();
    assertTrue(storage.isFree());
    long lastId = -1;
    for (int round = 0; round < 5; round++) {
      JoinHandle<Integer> jh = h.spawnInto(storage, Futures.ready(round));
      assertSame(storage, jh);
      assertFalse(storage.isFree());
      assertNotEquals(lastId, jh.id().value(), "each spawn gets a new id");
      lastId = jh.id().value();
      h.tick();
      assertFalse(storage.isFree(), "not free until the output is taken");
      assertEquals(round, jh.poll(new CountingWaker()).value());
      assertTrue(storage.isFree());
    }
  }

  @Test
  void aStorageWhoseTaskHasNotEndedIsRejected() {
    Harness h = harness();
    TaskStorage<String> storage = h.newStorage();
    h.spawnInto(storage, new ExternalEvent<>());
    assertThrows(IllegalStateException.class, () -> h.spawnInto(storage, Futures.ready("x")));
  }

  @Test
  void aDetachedStorageIsFreeOnceItsTaskEnds() {
    Harness h = harness();
    TaskStorage<String> storage = h.newStorage();
    h.spawnInto(storage, Futures.ready("dropped")).detach();
    h.tick();
    assertTrue(storage.isFree());
    h.spawnInto(storage, Futures.ready("next"));
    h.tick();
    assertEquals("next", storage.poll(new CountingWaker()).value());
  }

  @Test
  void aStorageOfTheOtherSchedulerKindIsRejected() {
    Harness h = harness();
    assertThrows(
        IllegalArgumentException.class, () -> h.spawnInto(h.foreignStorage(), Futures.ready(1)));
  }

  @Test
  void aBuilderNamesTheTasksItSpawns() {
    Harness h = harness();
    TaskBuilder b = h.buildTask().name("worker").kind("io");
    JoinHandle<Integer> a = b.spawn(Futures.ready(1));
    JoinHandle<Integer> c = b.spawn(Futures.ready(2));
    assertEquals("worker", a.taskRef().name());
    assertEquals("io", c.taskRef().kind());
    assertTrue(a.toString().contains("worker"));
    assertEquals("task", h.spawn(Futures.ready(3)).taskRef().kind());
    assertThrows(NullPointerException.class, () -> b.kind(null));
  }

  @Test
  void nullFuturesAreRejectedAtTheCall() {
    Harness h = harness();
    assertThrows(NullPointerException.class, () -> h.spawn(null));
    assertThrows(NullPointerException.class, () -> h.spawner().spawn(null));
  }

  // --- bridges and stats ----------------------------------------------------------------------

  @Test
  void toCompletableFutureCompletesWhenTheTaskCompletes() throws Exception {
    Harness h = harness();
    ExternalEvent<String> ev = new ExternalEvent<>();
    CompletableFuture<String> cf = h.spawn(ev).toCompletableFuture();
    h.tick();
    assertFalse(cf.isDone());
    ev.complete("bridged");
    h.tick();
    assertEquals("bridged", cf.getNow(null));
  }

  @Test
  void toCompletableFutureOfAFailedTaskCompletesExceptionallyWithTheJoinError() {
    Harness h = harness();
    CompletableFuture<String> cf =
        h.spawn(new Throwing<String>(new IllegalStateException("x"))).toCompletableFuture();
    h.tick();
    ExecutionException e = assertThrows(ExecutionException.class, cf::get);
    assertTrue(((JoinError) e.getCause()).isFailed());
  }

  @Test
  void cancellingTheCompletableFutureCancelsTheTask() {
    Harness h = harness();
    ExternalEvent<String> ev = new ExternalEvent<>();
    JoinHandle<String> jh = h.spawn(ev);
    CompletableFuture<String> cf = jh.toCompletableFuture();
    assertTrue(cf.cancel(false));
    assertTrue(jh.isCancelled());
    h.tick();
    assertEquals(1, ev.abandons.get());
  }

  @Test
  void cancellingACompletedCompletableFutureLeavesTheNextTaskInTheStorageAlone() {
    Harness h = harness();
    TaskStorage<String> storage = h.newStorage();
    CompletableFuture<String> cf =
        h.spawnInto(storage, Futures.ready("first")).toCompletableFuture();
    h.tick();
    assertEquals("first", cf.getNow(null));
    assertTrue(storage.isFree());
    ExternalEvent<String> ev = new ExternalEvent<>();
    JoinHandle<String> second = h.spawnInto(storage, ev);
    h.tick();
    assertFalse(cf.cancel(true), "already complete");
    assertFalse(second.isCancelled(), "the bridge cancelled a task that was not its own");
    ev.complete("second");
    h.tick();
    assertEquals("second", second.poll(new CountingWaker()).value());
  }

  @Test
  void aCompletableFutureCompletedElsewhereReleasesItsTask() {
    Harness h = harness();
    TaskStorage<String> storage = h.newStorage();
    ExternalEvent<String> ev = new ExternalEvent<>();
    CompletableFuture<String> cf = h.spawnInto(storage, ev).toCompletableFuture();
    h.tick();
    cf.completeExceptionally(new IllegalStateException("gave up, as orTimeout does"));
    ev.complete("late");
    h.tick();
    assertTrue(storage.isFree(), "the bridge kept the join right after its future completed");
    assertTrue(ev.abandons.get() == 0, "completing the future elsewhere does not cancel");
  }

  @Test
  void aCompletableFutureCancelledBeforeTheTaskEndsCancelsAndReleasesIt() {
    Harness h = harness();
    TaskStorage<String> storage = h.newStorage();
    ExternalEvent<String> ev = new ExternalEvent<>();
    CompletableFuture<String> cf = h.spawnInto(storage, ev).toCompletableFuture();
    h.tick();
    assertTrue(cf.cancel(false));
    h.tick();
    assertEquals(1, ev.abandons.get());
    assertTrue(storage.isFree(), "the cancelled bridge still held the join right");
  }

  @Test
  void anAutoCloseableOutputThatTheBridgeCannotDeliverIsClosed() {
    Harness h = harness();
    ExternalEvent<AutoCloseable> ev = new ExternalEvent<>();
    CompletableFuture<AutoCloseable> cf = h.spawn(ev).toCompletableFuture();
    h.tick();
    cf.complete(null); // the caller took another answer
    AtomicInteger closes = new AtomicInteger();
    ev.complete(closes::incrementAndGet);
    h.tick();
    assertEquals(1, closes.get(), "an output nobody can receive was not closed");
  }

  /** An AutoCloseable output that counts its closes. */
  static final class Closeable implements AutoCloseable {
    final AtomicInteger closes = new AtomicInteger();

    @Override
    public void close() {
      closes.incrementAndGet();
    }
  }

  @Test
  void aDetachedTaskThatCompletesWithAnAutoCloseableOutputClosesIt() {
    Harness h = harness();
    Closeable out = new Closeable();
    TaskStorage<Closeable> storage = h.newStorage();
    h.spawnInto(storage, Futures.ready(out)).detach();
    h.tick();
    assertEquals(1, out.closes.get());
    assertTrue(storage.isFree());
  }

  @Test
  void detachingACompletedTaskClosesItsAutoCloseableOutput() {
    Harness h = harness();
    Closeable out = new Closeable();
    JoinHandle<Closeable> jh = h.spawn(Futures.ready(out));
    h.tick();
    assertEquals(0, out.closes.get(), "still joinable");
    jh.detach();
    assertEquals(1, out.closes.get());
    jh.detach();
    assertEquals(1, out.closes.get(), "closed once");
  }

  @Test
  void aJoinedAutoCloseableOutputIsNotClosed() {
    Harness h = harness();
    Closeable out = new Closeable();
    JoinHandle<Closeable> jh = h.spawn(Futures.ready(out));
    h.tick();
    assertSame(out, jh.poll(new CountingWaker()).value());
    assertEquals(0, out.closes.get());
  }

  @Test
  void statsCountSpawnsFromAnyThreadBeforeTheFirstTick() throws Exception {
    Harness h = harness();
    h.spawn(Futures.ready(1));
    Thread other = new Thread(() -> h.spawner().spawn(Futures.ready(2)));
    other.start();
    other.join();
    SchedulerStats s = h.stats();
    assertEquals(2, s.spawned(), "spawns not yet ticked are spawns");
    assertEquals(2, s.queued(), "a task queued from another thread is queued");
    Tick t = h.tick();
    assertEquals(2, t.spawned());
    assertEquals(0, h.stats().queued());
    assertEquals(0, h.tick().spawned(), "each spawn is reported by one tick");
  }

  @Test
  void statsReadInsideAPollAreExactUpToThatPoll() {
    Harness h = harness();
    h.spawn(Futures.ready(1));
    h.spawn(Futures.ready(2));
    long[] seen = new long[2];
    h.spawn(
        cx -> {
          SchedulerStats s = h.stats();
          seen[0] = s.polled();
          seen[1] = s.completed();
          return Poll.ready(3);
        });
    h.tick();
    assertEquals(2, seen[0], "polls before this one");
    assertEquals(2, seen[1], "completions before this one");
    assertEquals(3, h.stats().polled());
    assertEquals(3, h.stats().completed());
  }

  @Test
  void aTaskThatClosesItsSchedulerMidTickLeavesNoLaterTaskPolled() {
    Harness h = harness();
    h.spawn(
        cx -> {
          h.close();
          return Poll.ready("closer");
        });
    int[] polls = new int[1];
    JoinHandle<String> later =
        h.spawn(
            cx -> {
              polls[0]++;
              return Poll.ready("later");
            });
    h.tick();
    assertEquals(0, polls[0], "a task queued behind the close was polled");
    assertTrue(later.isComplete(), "torn down by the end of the tick that closed");
    assertTrue(assertThrows(JoinError.class, () -> later.poll(new CountingWaker())).isShutdown());
  }

  @Test
  void statsCountSpawnsPollsAndCompletions() {
    Harness h = harness();
    h.spawn(new Yield(2));
    h.spawn(Futures.ready(1));
    runUntilIdle(h);
    SchedulerStats s = h.stats();
    assertEquals(2, s.spawned());
    assertEquals(4, s.polled());
    assertEquals(2, s.completed());
    assertEquals(0, s.queued());
  }
}
