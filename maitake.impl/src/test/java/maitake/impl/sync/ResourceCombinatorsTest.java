package maitake.impl.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import maitake.future.Future;
import maitake.future.Futures;
import maitake.future.Poll;
import maitake.future.Selected;
import maitake.future.Settled;
import maitake.impl.lock.BackoffSpinLock;
import maitake.impl.time.HierarchicalTimerWheel;
import maitake.sync.Channel;
import maitake.sync.MutexGuard;
import maitake.sync.Outcome;
import maitake.sync.RwLock;
import maitake.sync.Semaphore;
import maitake.time.TestClock;
import org.junit.jupiter.api.Test;

/**
 * The resource-safe combinators over the real primitives, abandoned at every stage: after each
 * exit, the permits are back, the mutex is free and the timer holds no sleep.
 */
class ResourceCombinatorsTest {
  private final FairSemaphore sem = new FairSemaphore(new BackoffSpinLock(), 2);
  private final HandoffMutex<Integer> mutex = new HandoffMutex<>(new BackoffSpinLock(), 0);
  private final SemaphoreRwLock<String> rw = new SemaphoreRwLock<>(new BackoffSpinLock(), "v");
  private final TestClock clock = new TestClock(Duration.ofMillis(1));
  private final HierarchicalTimerWheel timer = new HierarchicalTimerWheel(clock);
  private final Mock m = new Mock();

  /** A resource that counts its closes. */
  static final class Held implements AutoCloseable {
    int closes;
    RuntimeException closeFailure;

    @Override
    public void close() {
      closes++;
      if (closeFailure != null) {
        throw closeFailure;
      }
    }
  }

  private void assertNothingHeld() {
    assertEquals(2, sem.availablePermits(), "permits back");
    assertFalse(mutex.isLocked(), "mutex free");
    assertEquals(-1, timer.ticksToNextDeadline(), "no sleep left in the timer");
  }

  private Future<String> nap(long ms) {
    return timer.sleep(Duration.ofMillis(ms)).map(v -> "slept");
  }

  // ---- bracket ----

  @Test
  void bracketClosesTheResourceOnceWhenTheBodyCompletes() {
    Held h = new Held();
    Future<String> f = Futures.bracket(Futures.ready(h), r -> nap(5));
    m.pending(f);
    assertEquals(0, h.closes);
    clock.advance(Duration.ofMillis(5));
    timer.turn();
    assertEquals("slept", m.ready(f));
    assertEquals(1, h.closes);
    f.abandon();
    assertEquals(1, h.closes, "abandon after completion does nothing");
    assertThrows(IllegalStateException.class, () -> m.poll(f));
  }

  @Test
  void bracketAbandonedWhileTheBodyRunsAbandonsTheBodyThenReturnsThePermits() {
    Future<String> f = Futures.bracket(sem.acquire(2), p -> nap(50));
    m.pending(f);
    assertEquals(0, sem.availablePermits());
    assertTrue(timer.ticksToNextDeadline() > 0);
    f.abandon();
    f.abandon();
    assertNothingHeld();
  }

  @Test
  void bracketAbandonedWhileQueuedForTheResourceNeverRunsTheBodyAndLeavesNoWaiter() {
    MutexGuard<Integer> other = mutex.tryLock();
    AtomicInteger bodies = new AtomicInteger();
    Future<String> f =
        Futures.bracket(
            mutex.lock(),
            g -> {
              bodies.incrementAndGet();
              return nap(1);
            });
    m.pending(f);
    f.abandon();
    other.close();
    assertEquals(0, bodies.get());
    assertNothingHeld();
    assertNotNull(mutex.tryLock(), "no abandoned waiter was handed the lock");
  }

  @Test
  void bracketAbandonedAfterTheLockWasHandedToItButBeforeItRanPassesTheLockOn() {
    MutexGuard<Integer> other = mutex.tryLock();
    Future<String> f = Futures.bracket(mutex.lock(), g -> nap(1));
    m.pending(f);
    other.close(); // hands the lock to the bracket's queued lock future
    assertTrue(mutex.isLocked());
    f.abandon();
    assertNothingHeld();
  }

  @Test
  void bracketWhoseBodyFunctionThrowsClosesTheResourceAndFailsWithTheException() {
    Held h = new Held();
    IllegalStateException boom = new IllegalStateException("boom");
    Future<String> f =
        Futures.bracket(
            Futures.ready(h),
            r -> {
              throw boom;
            });
    assertSame(boom, assertThrows(IllegalStateException.class, () -> m.poll(f)));
    assertEquals(1, h.closes);
    f.abandon();
    assertEquals(1, h.closes);
  }

  @Test
  void bracketWhoseBodyReturnsNullClosesTheResourceAndSaysSo() {
    Future<String> f = Futures.bracket(sem.acquire(1), r -> null);
    NullPointerException e = assertThrows(NullPointerException.class, () -> m.poll(f));
    assertTrue(e.getMessage().contains("bracket body returned null"), e.getMessage());
    assertNothingHeld();
  }

  @Test
  void bracketWhoseBodyFutureThrowsReturnsThePermitsAndSuppressesWhatCloseThrew() {
    Held h = new Held();
    h.closeFailure = new IllegalArgumentException("close");
    IllegalStateException boom = new IllegalStateException("boom");
    Future<String> f =
        Futures.bracket(
            Futures.ready(h),
            r ->
                cx -> {
                  throw boom;
                });
    assertSame(boom, assertThrows(IllegalStateException.class, () -> m.poll(f)));
    assertEquals(1, h.closes);
    assertSame(h.closeFailure, boom.getSuppressed()[0]);
  }

  @Test
  void bracketWhoseCloseThrowsFailsWithItAndClosesTheValueItWillNotDeliver() {
    Held resource = new Held();
    resource.closeFailure = new IllegalArgumentException("close");
    Held value = new Held();
    Future<Held> f = Futures.bracket(Futures.ready(resource), r -> Futures.ready(value));
    assertSame(
        resource.closeFailure, assertThrows(IllegalArgumentException.class, () -> m.poll(f)));
    assertEquals(1, value.closes);
  }

  @Test
  void bracketWhoseAcquireThrowsNeverRunsTheBody() {
    AtomicInteger bodies = new AtomicInteger();
    Future<String> f =
        Futures.<Held, String>bracket(
            cx -> {
              throw new IllegalStateException("acquire");
            },
            r -> {
              bodies.incrementAndGet();
              return nap(1);
            });
    assertThrows(IllegalStateException.class, () -> m.poll(f));
    assertEquals(0, bodies.get());
  }

  @Test
  void bracketRefusesNullArgumentsUpFront() {
    assertThrows(NullPointerException.class, () -> Futures.bracket(null, r -> nap(1)));
    assertThrows(
        NullPointerException.class, () -> Futures.bracket(Futures.ready(new Held()), null));
  }

  // ---- withPermits, withLock, withRead, withWrite ----

  @Test
  void withPermitsHoldsThePermitsWhileTheBodyRunsAndReturnsThemOnCompletion() {
    Future<Outcome<String>> f =
        sem.withPermits(
            2,
            p -> {
              assertEquals(2, p.permits());
              return nap(3);
            });
    m.pending(f);
    assertEquals(0, sem.availablePermits());
    clock.advance(Duration.ofMillis(3));
    timer.turn();
    assertEquals(Outcome.ok("slept"), m.ready(f));
    assertNothingHeld();
  }

  @Test
  void withPermitsAbandonedWhileQueuedPassesOnThePermitsItWasPartlyAssigned() {
    Semaphore.Permit one = sem.tryAcquire(1).value();
    Future<Outcome<String>> f = sem.withPermits(2, p -> nap(1));
    m.pending(f); // queued, one permit assigned to it
    Future<Outcome<Semaphore.Permit>> next = sem.acquire(1);
    m.pending(next);
    f.abandon(); // the assigned permit goes to the next waiter
    assertEquals(1, m.ready(next).value().permits());
    one.close();
    assertEquals(1, sem.availablePermits());
  }

  @Test
  void withPermitsAbandonedWhileTheBodyRunsAbandonsItsSleepAndReturnsThePermits() {
    Future<Outcome<String>> f =
        sem.withPermits(1, p -> timer.timeout(Duration.ofMillis(5), nap(50)));
    m.pending(f);
    f.abandon();
    assertNothingHeld();
  }

  @Test
  void withPermitsOnAClosedSemaphoreIsClosedAndNeverRunsTheBody() {
    sem.close();
    AtomicInteger bodies = new AtomicInteger();
    Outcome<String> o =
        m.ready(
            sem.withPermits(
                1,
                p -> {
                  bodies.incrementAndGet();
                  return nap(1);
                }));
    assertTrue(o.isClosed());
    assertEquals(0, bodies.get());
  }

  @Test
  void withPermitsRefusesABadCountOrANullBodyUpFront() {
    assertThrows(IllegalArgumentException.class, () -> sem.withPermits(0, p -> nap(1)));
    assertThrows(NullPointerException.class, () -> sem.withPermits(1, null));
  }

  @Test
  void withPermitsUnderATimeoutThatFiresReturnsThePermitsEveryTime() {
    List<Future<Outcome<String>>> jobs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      jobs.add(
          sem.withPermits(1, p -> timer.timeout(Duration.ofMillis(2), nap(10)))
              .recover(e -> Outcome.ok("timed out")));
    }
    int timedOut = 0;
    for (int turn = 0; turn < 100 && timedOut < jobs.size(); turn++) {
      for (int i = 0; i < jobs.size(); i++) {
        Future<Outcome<String>> j = jobs.get(i);
        if (j != null) {
          Poll<Outcome<String>> p = m.poll(j);
          if (p.isReady()) {
            assertEquals("timed out", p.value().value());
            jobs.set(i, null);
            timedOut++;
          }
        }
      }
      clock.advance(Duration.ofMillis(1));
      timer.turn();
    }
    assertEquals(10, timedOut);
    assertNothingHeld();
  }

  @Test
  void withLockUnlocksOnCompletionOnAThrowAndOnAbandonWhileTheBodyRuns() {
    assertEquals(
        7,
        (int)
            m.ready(
                mutex.<Integer>withLock(
                    g -> {
                      assertTrue(mutex.isLocked());
                      return Futures.ready(7);
                    })));
    assertFalse(mutex.isLocked());

    Future<Integer> throwing =
        mutex.withLock(
            g ->
                cx -> {
                  throw new IllegalStateException("boom");
                });
    assertThrows(IllegalStateException.class, () -> m.poll(throwing));
    assertFalse(mutex.isLocked());

    Future<String> sleeping = mutex.withLock(g -> nap(10));
    m.pending(sleeping);
    assertTrue(mutex.isLocked());
    sleeping.abandon();
    assertNothingHeld();
  }

  @Test
  void withLockClosesTheGuardOnceEvenIfTheBodyClosedItToo() {
    assertEquals(
        1,
        (int)
            m.ready(
                mutex.<Integer>withLock(
                    g -> {
                      g.close();
                      return Futures.ready(1);
                    })));
    MutexGuard<Integer> g = mutex.tryLock();
    assertNotNull(g, "a second close of the body's guard released someone else's lock");
    Future<Integer> waiting = mutex.withLock(x -> Futures.ready(2));
    m.pending(waiting);
    g.close();
    assertEquals(2, m.ready(waiting));
    assertFalse(mutex.isLocked());
  }

  @Test
  void withReadAndWithWriteReleaseOnCompletionAndOnAbandonAtEachStage() {
    assertEquals("v", m.ready(rw.withRead(g -> Futures.ready(g.get()))));
    assertEquals(
        "w",
        m.ready(
            rw.withWrite(
                g -> {
                  g.set("w");
                  return Futures.ready(g.get());
                })));
    Future<String> reading = rw.withRead(g -> nap(10));
    m.pending(reading);
    Future<String> writing = rw.withWrite(g -> nap(10));
    m.pending(writing); // queued behind the reader
    writing.abandon(); // abandoned while queued
    reading.abandon(); // abandoned while its body runs
    RwLock.WriteGuard<String> w = rw.tryWrite();
    assertNotNull(w, "a guard of an abandoned withRead or withWrite stayed held");
    w.close();
    assertEquals(-1, timer.ticksToNextDeadline());
  }

  // ---- andFinally, recover, handle ----

  @Test
  void andFinallyRunsOnceOnCompletionOnAThrowAndOnAbandon() {
    AtomicInteger runs = new AtomicInteger();
    Future<String> done = nap(1).andFinally(runs::incrementAndGet);
    m.pending(done);
    clock.advance(Duration.ofMillis(1));
    timer.turn();
    m.ready(done);
    done.abandon();
    assertEquals(1, runs.get());

    Future<String> failing =
        Futures.<String>pollFn(
                cx -> {
                  throw new IllegalStateException("boom");
                })
            .andFinally(runs::incrementAndGet);
    assertThrows(IllegalStateException.class, () -> m.poll(failing));
    assertEquals(2, runs.get());

    Future<String> abandoned = nap(10).andFinally(runs::incrementAndGet);
    m.pending(abandoned);
    abandoned.abandon();
    abandoned.abandon();
    assertEquals(3, runs.get());
    assertNothingHeld();
  }

  @Test
  void andFinallyThatThrowsAfterCompletionFailsAndClosesTheUndeliveredValue() {
    Held value = new Held();
    IllegalStateException boom = new IllegalStateException("finally");
    Future<Held> f =
        Futures.ready(value)
            .andFinally(
                () -> {
                  throw boom;
                });
    assertSame(boom, assertThrows(IllegalStateException.class, () -> m.poll(f)));
    assertEquals(1, value.closes);
  }

  @Test
  void andFinallyThatThrowsOnAbandonStillAbandonsTheInnerFutureFirst() {
    IllegalStateException boom = new IllegalStateException("finally");
    Future<String> f =
        nap(10)
            .andFinally(
                () -> {
                  throw boom;
                });
    m.pending(f);
    assertSame(boom, assertThrows(IllegalStateException.class, f::abandon));
    assertNothingHeld();
  }

  @Test
  void recoverTurnsAFailureIntoAValueAndAbandonsTheFutureThatThrew() {
    Held thrower = new Held();
    Future<String> failing =
        new Future<>() {
          @Override
          public Poll<String> poll(maitake.future.Context cx) {
            throw new IllegalStateException("boom");
          }

          @Override
          public void abandon() {
            thrower.close();
          }
        };
    assertEquals("recovered: boom", m.ready(failing.recover(e -> "recovered: " + e.getMessage())));
    assertEquals(1, thrower.closes, "the future that threw was not abandoned");
    assertEquals("slept", m.ready(Futures.ready("slept").recover(e -> "no")));
  }

  @Test
  void recoverLetsAVirtualMachineErrorThrough() {
    Future<String> f =
        Futures.<String>pollFn(
                cx -> {
                  throw new StackOverflowError("deep");
                })
            .recover(e -> "swallowed");
    assertThrows(StackOverflowError.class, () -> m.poll(f));
  }

  @Test
  void recoverOfATypeRecoversOnlyThatTypeAndRefusesTypesThatHoldVirtualMachineErrors() {
    Future<String> timedOut =
        timer
            .timeout(Duration.ofMillis(1), nap(10))
            .recover(maitake.time.Elapsed.class, e -> "timed out after " + e.duration().toMillis());
    m.pending(timedOut);
    clock.advance(Duration.ofMillis(1));
    timer.turn();
    assertEquals("timed out after 1", m.ready(timedOut));
    assertNothingHeld();

    IllegalStateException other = new IllegalStateException("not a timeout");
    Future<String> failing =
        Futures.<String>pollFn(
                cx -> {
                  throw other;
                })
            .recover(maitake.time.Elapsed.class, e -> "no");
    assertSame(other, assertThrows(IllegalStateException.class, () -> m.poll(failing)));

    assertThrows(IllegalArgumentException.class, () -> nap(1).recover(Throwable.class, e -> ""));
    assertThrows(IllegalArgumentException.class, () -> nap(1).recover(Error.class, e -> ""));
    assertThrows(
        IllegalArgumentException.class, () -> nap(1).recover(OutOfMemoryError.class, e -> ""));
    assertEquals(-1, timer.ticksToNextDeadline(), "refused before anything registered");
  }

  @Test
  void handleSeesTheValueOrTheFailure() {
    assertEquals("v/null", m.ready(Futures.ready("v").handle((v, e) -> v + "/" + e)));
    assertEquals(
        "null/boom",
        m.ready(
            Futures.<String>pollFn(
                    cx -> {
                      throw new IllegalStateException("boom");
                    })
                .handle((v, e) -> v + "/" + e.getMessage())));
  }

  @Test
  void recoverAbandonedWhileRunningAbandonsTheInnerFuture() {
    Future<String> f = nap(10).recover(e -> "x");
    m.pending(f);
    f.abandon();
    assertNothingHeld();
  }

  // ---- defer, loop, forEach ----

  @Test
  void deferBuildsTheFutureOnTheFirstPollOnly() {
    AtomicInteger built = new AtomicInteger();
    Future<String> f =
        Futures.defer(
            () -> {
              built.incrementAndGet();
              return nap(1);
            });
    assertEquals(0, built.get());
    m.pending(f);
    m.pending(f);
    assertEquals(1, built.get());
    f.abandon();
    assertNothingHeld();
  }

  @Test
  void deferAbandonedBeforeItsFirstPollNeverBuildsTheFuture() {
    AtomicInteger built = new AtomicInteger();
    Future<Outcome<Semaphore.Permit>> f =
        Futures.defer(
            () -> {
              built.incrementAndGet();
              return sem.acquire(1);
            });
    f.abandon();
    assertEquals(0, built.get());
    assertThrows(IllegalStateException.class, () -> m.poll(f));
    assertNothingHeld();
  }

  @Test
  void loopCarriesItsStateUntilTheConditionFailsWaitingOnEachStep() {
    Future<Integer> f = Futures.loop(0, n -> n < 3, n -> nap(2).map(v -> n + 1));
    Poll<Integer> p = m.poll(f);
    int turns = 0;
    while (p.isPending()) {
      clock.advance(Duration.ofMillis(1));
      timer.turn();
      p = m.poll(f);
      turns++;
    }
    assertEquals(3, p.value());
    assertEquals(6, turns, "three steps of 2 ms");
    assertEquals(7, m.ready(Futures.loop(7, n -> false, n -> null)), "a false condition at once");
  }

  @Test
  void loopWhoseStepsCompleteAtOnceYieldsToItsSchedulerEvery64Turns() {
    Future<Integer> f = Futures.loop(0, n -> n < 200, n -> Futures.ready(n + 1));
    int pendings = 0;
    Poll<Integer> p;
    while ((p = m.poll(f)).isPending()) {
      pendings++;
      assertEquals(pendings, m.wakes(), "a yield wakes its own waker");
    }
    assertEquals(200, p.value());
    assertEquals(3, pendings, "200 turns are 64 + 64 + 64 + 8");
  }

  @Test
  void loopAbandonedDuringAStepAbandonsItAndMakesNoFurtherStep() {
    AtomicInteger steps = new AtomicInteger();
    Future<Integer> f =
        Futures.loop(
            0,
            n -> true,
            n -> {
              steps.incrementAndGet();
              return sem.withPermits(1, p -> nap(10)).map(o -> n + 1);
            });
    m.pending(f);
    f.abandon();
    assertEquals(1, steps.get());
    assertNothingHeld();
  }

  @Test
  void loopFailsWithWhatItsConditionStepOrStepFutureThrows() {
    assertThrows(
        IllegalStateException.class,
        () ->
            m.poll(
                Futures.loop(
                    0,
                    n -> {
                      throw new IllegalStateException("condition");
                    },
                    n -> Futures.ready(n))));
    assertThrows(NullPointerException.class, () -> m.poll(Futures.loop(0, n -> true, n -> null)));
    Future<Integer> f =
        Futures.loop(
            0,
            n -> true,
            n ->
                cx -> {
                  throw new IllegalArgumentException("step");
                });
    assertThrows(IllegalArgumentException.class, () -> m.poll(f));
    assertThrows(IllegalStateException.class, () -> m.poll(f), "a second poll");
  }

  @Test
  void forEachHandlesEveryValueUntilTheChannelIsClosedAndDrained() {
    BoundedChannel<Integer> ch = new BoundedChannel<>(new BackoffSpinLock(), 4);
    Channel.Sender<Integer> tx = ch.sender();
    List<Integer> seen = new ArrayList<>();
    Future<Long> f = ch.receiver().forEach(v -> nap(1).map(s -> seen.add(v)));
    m.pending(f);
    tx.trySend(1);
    tx.trySend(2);
    m.pending(f);
    clock.advance(Duration.ofMillis(1));
    timer.turn();
    m.pending(f); // 1 handled, 2 sleeping
    tx.close();
    clock.advance(Duration.ofMillis(1));
    timer.turn();
    assertEquals(2L, m.ready(f));
    assertEquals(List.of(1, 2), seen);
  }

  @Test
  void forEachAbandonedWhileReceivingLosesNoValue() {
    BoundedChannel<Integer> ch = new BoundedChannel<>(new BackoffSpinLock(), 4);
    Channel.Sender<Integer> tx = ch.sender();
    Future<Long> f = ch.receiver().forEach(v -> Futures.ready(v));
    m.pending(f);
    tx.trySend(9); // wakes the parked receive
    f.abandon();
    assertEquals(Outcome.ok(9), ch.receiver().tryReceive());
  }

  @Test
  void forEachAbandonedDuringAnActionAbandonsItAndClosesWhatItsActionsProduced() {
    BoundedChannel<Integer> ch = new BoundedChannel<>(new BackoffSpinLock(), 4);
    Channel.Sender<Integer> tx = ch.sender();
    Held output = new Held();
    Future<Long> f =
        ch.receiver()
            .forEach(v -> v == 1 ? Futures.ready(output) : sem.withPermits(1, p -> nap(10)));
    tx.trySend(1);
    tx.trySend(2);
    m.pending(f);
    assertEquals(1, output.closes, "an action's output nobody receives is closed");
    f.abandon();
    assertNothingHeld();
  }

  @Test
  void forEachOverABusyChannelYieldsEvery64Values() {
    BoundedChannel<Integer> ch = new BoundedChannel<>(new BackoffSpinLock(), 128);
    Channel.Sender<Integer> tx = ch.sender();
    for (int i = 0; i < 100; i++) {
      tx.trySend(i);
    }
    tx.close();
    Future<Long> f = ch.receiver().forEach(v -> Futures.ready(v));
    m.pending(f);
    assertEquals(1, m.wakes());
    assertEquals(100L, m.ready(f));
  }

  // ---- joinSettled, race ----

  @Test
  void joinSettledWaitsForAllAndReportsEachValueOrFailure() {
    IllegalStateException boom = new IllegalStateException("boom");
    Future<List<Settled<Object>>> f =
        Futures.joinSettled(
            nap(1),
            cx -> {
              throw boom;
            },
            Futures.ready(3));
    m.pending(f);
    clock.advance(Duration.ofMillis(1));
    timer.turn();
    List<Settled<Object>> all = m.ready(f);
    assertEquals(Settled.succeeded("slept"), all.get(0));
    assertSame(boom, all.get(1).failure());
    assertThrows(IllegalStateException.class, () -> all.get(1).value());
    assertSame(boom, assertThrows(IllegalStateException.class, () -> all.get(1).orThrow()));
    assertEquals(3, all.get(2).orThrow());
  }

  @Test
  void joinSettledAbandonedClosesWhatItsCompletedMembersAcquired() {
    Future<List<Settled<Object>>> f = Futures.joinSettled(sem.acquire(2), mutex.lock(), nap(5));
    m.pending(f);
    assertEquals(0, sem.availablePermits());
    assertTrue(mutex.isLocked());
    f.abandon();
    assertNothingHeld();
  }

  @Test
  void joinSettledLetsAVirtualMachineErrorThroughAndReleasesTheOthers() {
    Future<List<Settled<Object>>> f =
        Futures.joinSettled(
            sem.acquire(2),
            cx -> {
              throw new OutOfMemoryError("simulated");
            },
            nap(5));
    assertThrows(OutOfMemoryError.class, () -> m.poll(f));
    assertNothingHeld();
  }

  @Test
  void raceSkipsFailuresAndTheFirstValueWinsAbandoningTheLosers() {
    Future<Selected<Object>> f =
        Futures.race(
            cx -> {
              throw new IllegalStateException("first fails");
            },
            nap(3),
            sem.withPermits(2, p -> nap(10)));
    m.pending(f);
    assertEquals(0, sem.availablePermits());
    clock.advance(Duration.ofMillis(3));
    timer.turn();
    Selected<Object> won = m.ready(f);
    assertEquals(1, won.index());
    assertEquals("slept", won.value());
    assertNothingHeld();
  }

  @Test
  void raceFailsWhenEveryMemberFailedWithTheFirstFailureAndTheOthersSuppressed() {
    IllegalStateException first = new IllegalStateException("one");
    IllegalArgumentException second = new IllegalArgumentException("two");
    Future<Selected<Object>> f =
        Futures.race(
            cx -> {
              throw first;
            },
            cx -> {
              throw second;
            });
    assertSame(first, assertThrows(IllegalStateException.class, () -> m.poll(f)));
    assertSame(second, first.getSuppressed()[0]);
    assertThrows(IllegalArgumentException.class, () -> Futures.race(List.of()));
  }

  @Test
  void raceAbandonedAbandonsEveryMemberStillRunning() {
    MutexGuard<Integer> other = mutex.tryLock();
    Future<Selected<Object>> f =
        Futures.race(sem.withPermits(1, p -> nap(4)), mutex.lock(), nap(9));
    m.pending(f);
    assertEquals(1, sem.availablePermits());
    f.abandon();
    other.close();
    assertNothingHeld();
  }
}
