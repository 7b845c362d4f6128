package maitake.impl.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import maitake.Toolkit;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Futures;
import maitake.future.Poll;
import maitake.future.Settled;
import maitake.future.Waker;
import maitake.scheduler.LocalScheduler;
import maitake.scheduler.Scheduler;
import maitake.sync.Semaphore;
import maitake.task.JoinHandle;
import maitake.task.TaskGroup;
import maitake.time.TestClock;
import maitake.time.Timer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Task groups on both scheduler kinds: every policy, cancellation while children are queued,
 * polling or parked on a sleep, abandonment, nesting, children that spawn children, and exact
 * counts. The group is polled from the test thread (its owner) with a counting waker; the children
 * run on the scheduler the test ticks.
 */
class TaskGroupTest {
  private final Toolkit kit = Toolkit.load();
  private final TestClock clock = new TestClock(Duration.ofMillis(1));
  private final Timer timer = kit.newTimer(clock);
  private final Semaphore sem = kit.newSemaphore(4);
  private final Owner owner = new Owner();

  /** The group's owner: a waker that counts, and a context. */
  static final class Owner implements Waker, Context {
    final AtomicInteger wakes = new AtomicInteger();

    @Override
    public void wake() {
      wakes.incrementAndGet();
    }

    @Override
    public Waker waker() {
      return this;
    }
  }

  /** Both kinds, behind one face: spawn, tick. */
  private interface Kind {
    TaskGroup.Spawn spawner();

    void tick();

    <T> JoinHandle<T> spawn(Future<T> f);
  }

  private Kind kind(String name) {
    if (name.equals("local")) {
      LocalScheduler local = kit.newLocalScheduler();
      return new Kind() {
        public TaskGroup.Spawn spawner() {
          return local::spawn;
        }

        public void tick() {
          local.tick();
        }

        public <T> JoinHandle<T> spawn(Future<T> f) {
          return local.spawn(f);
        }
      };
    }
    Scheduler s = kit.newScheduler();
    return new Kind() {
      public TaskGroup.Spawn spawner() {
        return s::spawn;
      }

      public void tick() {
        s.tick();
      }

      public <T> JoinHandle<T> spawn(Future<T> f) {
        return s.spawn(f);
      }
    };
  }

  private Future<Integer> napThen(long ms, int value) {
    return timer.sleep(Duration.ofMillis(ms)).map(v -> value);
  }

  /** Ticks, turns time by 1 ms, and polls the group until it is ready or throws. */
  private <T> Poll<T> runGroup(Kind k, Future<T> group, int maxSteps) {
    for (int i = 0; i < maxSteps; i++) {
      k.tick();
      Poll<T> p = group.poll(owner);
      if (p.isReady()) {
        return p;
      }
      clock.advance(Duration.ofMillis(1));
      timer.turn();
    }
    throw new AssertionError("the group did not complete in " + maxSteps + " steps: " + group);
  }

  @ParameterizedTest
  @ValueSource(strings = {"mpsc", "local"})
  void aGroupCompletesWithEveryValueInSpawnOrderWhateverOrderTheChildrenEnd(String kindName) {
    Kind k = kind(kindName);
    TaskGroup<Integer> group = TaskGroup.failFast(k.spawner());
    group.spawn(napThen(5, 1));
    group.spawn(napThen(1, 2));
    group.spawn(napThen(3, 3));
    assertEquals(3, group.running());
    assertEquals(List.of(1, 2, 3), runGroup(k, group, 50).value());
    assertEquals(0, group.running());
    assertEquals(3, group.completed());
    assertThrows(
        IllegalStateException.class,
        () -> group.spawn(napThen(1, 4)),
        "no spawn after the group completed");
  }

  @ParameterizedTest
  @ValueSource(strings = {"mpsc", "local"})
  void failFastCancelsTheSiblingsParkedOnSleepsAndThrowsOnlyAfterTheyWereTornDown(String kindName) {
    Kind k = kind(kindName);
    TaskGroup<Object> group = TaskGroup.failFast(k.spawner());
    for (int i = 0; i < 3; i++) {
      group.spawn(sem.withPermits(1, p -> timer.sleep(Duration.ofMillis(100))));
    }
    IllegalStateException boom = new IllegalStateException("boom");
    group.spawn(
        timer
            .sleep(Duration.ofMillis(2))
            .map(
                v -> {
                  throw boom;
                }));
    IllegalStateException thrown =
        assertThrows(IllegalStateException.class, () -> runGroup(k, group, 50));
    assertSame(boom, thrown);
    assertEquals(4, sem.availablePermits(), "every sibling was torn down before the group threw");
    assertEquals(-1, timer.ticksToNextDeadline(), "no sibling's sleep is left in the timer");
    assertEquals(1, group.failed());
    assertEquals(3, group.cancelled());
    assertEquals(0, group.running());
    assertTrue(clock.nowTicks() < 100, "the siblings did not sleep to the end");
  }

  @ParameterizedTest
  @ValueSource(strings = {"mpsc", "local"})
  void collectAllLetsEveryChildEndAndThrowsTheFirstFailureWithTheOthersSuppressed(String kindName) {
    Kind k = kind(kindName);
    TaskGroup<Integer> group = TaskGroup.collectAll(k.spawner());
    IllegalStateException first = new IllegalStateException("first");
    IllegalArgumentException second = new IllegalArgumentException("second");
    group.spawn(
        timer
            .sleep(Duration.ofMillis(1))
            .map(
                v -> {
                  throw first;
                }));
    group.spawn(napThen(10, 7));
    group.spawn(
        timer
            .sleep(Duration.ofMillis(3))
            .map(
                v -> {
                  throw second;
                }));
    assertSame(first, assertThrows(IllegalStateException.class, () -> runGroup(k, group, 50)));
    assertSame(second, first.getSuppressed()[0]);
    assertEquals(1, group.completed(), "the failure cancelled nobody");
    assertEquals(2, group.failed());
    assertEquals(0, group.cancelled());
  }

  @Test
  void collectAllWithoutFailuresCompletesWithTheValues() {
    Kind k = kind("mpsc");
    TaskGroup<Integer> group = TaskGroup.collectAll(k.spawner());
    group.spawn(napThen(2, 1));
    group.spawn(Futures.ready(2));
    assertEquals(List.of(1, 2), runGroup(k, group, 20).value());
  }

  /** A future that counts polls and abandons. */
  static final class Probe implements Future<Integer> {
    final AtomicInteger polls = new AtomicInteger();
    final AtomicInteger abandons = new AtomicInteger();

    @Override
    public Poll<Integer> poll(Context cx) {
      polls.incrementAndGet();
      return Poll.pending();
    }

    @Override
    public void abandon() {
      abandons.incrementAndGet();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"mpsc", "local"})
  void cancellingTheGroupWhileItsChildrenAreQueuedTearsThemDownUnpolled(String kindName) {
    Kind k = kind(kindName);
    TaskGroup<Integer> group = TaskGroup.failFast(k.spawner());
    List<Probe> probes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Probe p = new Probe();
      probes.add(p);
      group.spawn(p);
    }
    assertTrue(group.poll(owner).isPending());
    group.cancel();
    assertThrows(
        IllegalStateException.class, () -> group.spawn(new Probe()), "no spawn after cancel");
    assertTrue(group.poll(owner).isPending(), "the children are not torn down yet");
    k.tick();
    assertThrows(CancellationException.class, () -> group.poll(owner));
    for (Probe p : probes) {
      assertEquals(0, p.polls.get());
      assertEquals(1, p.abandons.get());
    }
    assertEquals(3, group.cancelled());
  }

  @Test
  void cancellingTheGroupWhileAChildIsPollingCompletesOnlyAfterThatChildWasTornDown()
      throws Exception {
    Scheduler s = kit.newScheduler();
    TaskGroup<Integer> group = TaskGroup.failFast(s::spawn);
    CountDownLatch inPoll = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger abandons = new AtomicInteger();
    group.spawn(
        new Future<Integer>() {
          @Override
          public Poll<Integer> poll(Context cx) {
            inPoll.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              throw new IllegalStateException(e);
            }
            return Poll.pending();
          }

          @Override
          public void abandon() {
            abandons.incrementAndGet();
          }
        });
    Thread ticker = new Thread(s::tick, "ticker");
    ticker.start();
    inPoll.await();
    group.cancel(); // while the child is inside its poll on the ticker thread
    assertTrue(group.poll(owner).isPending(), "the child is still polling");
    release.countDown();
    ticker.join(); // the task is torn down after that poll, in this tick or the next
    for (int i = 0; i < 3; i++) {
      int abandonsBefore = abandons.get();
      try {
        if (group.poll(owner).isReady()) {
          throw new AssertionError("a cancelled group completed with a value");
        }
      } catch (CancellationException e) {
        assertEquals(1, abandonsBefore, "the group completed before its child was torn down");
        return;
      }
      s.tick();
    }
    throw new AssertionError("the group did not complete after its child was torn down");
  }

  @Test
  void abandoningTheGroupCancelsEveryChildAndClosesTheOutputsNobodyWillReceive() {
    Kind k = kind("mpsc");
    TaskGroup<Object> group = TaskGroup.failFast(k.spawner());
    group.spawn(sem.acquire(2)); // completes at once with an Outcome holding 2 permits
    group.spawn(timer.sleep(Duration.ofMillis(5)).andThen(v -> sem.acquire(1)));
    group.spawn(sem.withPermits(1, p -> timer.sleep(Duration.ofMillis(50))));
    k.tick();
    assertTrue(group.poll(owner).isPending());
    assertEquals(1, sem.availablePermits());
    group.abandon();
    assertEquals(3, sem.availablePermits(), "the held output was closed at once");
    k.tick(); // the cancelled children are torn down
    assertEquals(4, sem.availablePermits());
    assertEquals(-1, timer.ticksToNextDeadline());
    assertEquals(0, group.running());
    assertThrows(IllegalStateException.class, () -> group.spawn(Futures.ready(1)));
  }

  @Test
  void aChildThatCompletesAfterItsGroupWasAbandonedClosesItsOwnOutput() throws Exception {
    Scheduler s = kit.newScheduler();
    TaskGroup<Object> group = TaskGroup.failFast(s::spawn);
    CountDownLatch inPoll = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    group.spawn(
        new Future<Object>() {
          @Override
          public Poll<Object> poll(Context cx) {
            inPoll.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              throw new IllegalStateException(e);
            }
            return Poll.ready(sem.tryAcquire(2)); // completes holding permits, after the abandon
          }
        });
    Thread ticker = new Thread(s::tick, "ticker");
    ticker.start();
    inPoll.await();
    group.abandon();
    release.countDown();
    ticker.join();
    assertEquals(4, sem.availablePermits());
  }

  @Test
  void aChildThatFailsAfterItsGroupWasAbandonedGoesToTheFailureHandler() throws Exception {
    Scheduler s = kit.newScheduler();
    List<Throwable> reported = new ArrayList<>();
    s.setFailureHandler((task, failure) -> reported.add(failure));
    TaskGroup<Object> group = TaskGroup.failFast(s::spawn);
    CountDownLatch inPoll = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    IllegalStateException late = new IllegalStateException("late");
    group.spawn(
        new Future<Object>() {
          @Override
          public Poll<Object> poll(Context cx) {
            inPoll.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              throw new IllegalStateException(e);
            }
            throw late;
          }
        });
    Thread ticker = new Thread(s::tick, "ticker");
    ticker.start();
    inPoll.await();
    group.abandon();
    release.countDown();
    ticker.join();
    assertEquals(List.of(late), reported);
  }

  @ParameterizedTest
  @ValueSource(strings = {"mpsc", "local"})
  void nextReportsChildrenInTheOrderTheyEndAndTheGroupKeepsWhatWasNotTaken(String kindName) {
    Kind k = kind(kindName);
    TaskGroup<Integer> group = TaskGroup.collectAll(k.spawner());
    group.spawn(napThen(6, 1));
    group.spawn(napThen(2, 2));
    group.spawn(napThen(4, 3));
    Settled<Integer> firstEnded = runGroup(k, group.next(), 20).value().orElseThrow();
    assertEquals(2, firstEnded.value());
    assertEquals(List.of(1, 3), runGroup(k, group, 20).value());
    assertEquals(Optional.empty(), group.next().poll(owner).value());
  }

  @ParameterizedTest
  @ValueSource(strings = {"mpsc", "local"})
  void childrenSpawnSiblingsWhileTheyRunAndTheGroupWaitsForThemToo(String kindName) {
    Kind k = kind(kindName);
    TaskGroup<Integer> group = TaskGroup.failFast(k.spawner());
    group.spawn(
        timer
            .sleep(Duration.ofMillis(1))
            .andThen(
                v -> {
                  group.spawn(napThen(5, 20)); // a sibling spawned from inside a child
                  return Futures.ready(10);
                }));
    assertEquals(List.of(10, 20), runGroup(k, group, 30).value());
    assertEquals(2, group.completed());
  }

  @ParameterizedTest
  @ValueSource(strings = {"mpsc", "local"})
  void cancellingAnOuterGroupCancelsTheChildrenOfAGroupNestedInIt(String kindName) {
    Kind k = kind(kindName);
    TaskGroup<List<Object>> outer = TaskGroup.failFast(k.spawner());
    TaskGroup<Object> inner = TaskGroup.failFast(k.spawner());
    inner.spawn(sem.withPermits(2, p -> timer.sleep(Duration.ofMillis(100))));
    inner.spawn(timer.sleep(Duration.ofMillis(100)));
    outer.spawn(inner);
    k.tick();
    k.tick();
    assertEquals(2, sem.availablePermits());
    assertTrue(outer.poll(owner).isPending());
    outer.cancel();
    Supplier<Boolean> settled =
        () -> sem.availablePermits() == 4 && timer.ticksToNextDeadline() == -1;
    for (int i = 0; i < 5 && !settled.get(); i++) {
      k.tick();
    }
    assertTrue(settled.get(), "the inner group's children were torn down");
    assertThrows(CancellationException.class, () -> outer.poll(owner));
    assertEquals(2, inner.cancelled());
    assertEquals(1, outer.cancelled());
  }

  @Test
  void theCountsAreExactAtEveryStep() {
    Kind k = kind("local");
    TaskGroup<Integer> group = TaskGroup.collectAll(k.spawner());
    group.spawn(napThen(1, 1));
    group.spawn(
        Futures.pollFn(
            cx -> {
              throw new IllegalStateException("x");
            }));
    maitake.task.TaskRef parked = group.spawn(napThen(50, 3));
    assertEquals(3, group.running());
    k.tick();
    assertEquals(2, group.running());
    assertEquals(1, group.failed());
    clock.advance(Duration.ofMillis(1));
    timer.turn();
    k.tick();
    assertEquals(1, group.running());
    assertEquals(1, group.completed());
    parked.cancel();
    k.tick();
    assertEquals(0, group.running());
    assertEquals(1, group.cancelled());
    assertEquals(
        "TaskGroup(COLLECT_ALL, 0 running, 1 completed, 1 failed, 1 cancelled)", group.toString());
    assertThrows(IllegalStateException.class, () -> group.poll(owner), "collect-all failed");
  }

  @Test
  void aSpawnFunctionThatThrowsLeavesTheGroupConsistent() {
    TaskGroup<Integer> group =
        TaskGroup.failFast(
            f -> {
              throw new IllegalStateException("no scheduler");
            });
    assertThrows(IllegalStateException.class, () -> group.spawn(Futures.ready(1)));
    assertEquals(0, group.running());
    assertEquals(List.of(), group.poll(owner).value());
    assertFalse(owner.wakes.get() < 0);
  }
}
