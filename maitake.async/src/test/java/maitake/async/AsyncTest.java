package maitake.async;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import maitake.Toolkit;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Futures;
import maitake.future.Waker;
import maitake.scheduler.LocalScheduler;
import maitake.scheduler.Scheduler;
import maitake.sync.Outcome;
import maitake.sync.Semaphore;
import maitake.task.JoinHandle;
import maitake.time.TestClock;
import maitake.time.Timer;
import org.junit.jupiter.api.Test;

/** Async blocks on the kit's schedulers, driven by a manual clock. */
class AsyncTest {
  private final Toolkit kit = Toolkit.load();
  private final TestClock clock = new TestClock(Duration.ofMillis(1));
  private final Timer timer = kit.newTimer(clock);
  private final Semaphore sem = kit.newSemaphore(2);
  private final Counting cx = new Counting();

  static final class Counting implements Waker, Context {
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

  private void advance(long ms) {
    clock.advance(Duration.ofMillis(ms));
    timer.turn();
  }

  @Test
  void aBlockAwaitsASleepAndCompletesWithItsValueWhenTheClockReachesIt() {
    LocalScheduler local = kit.newLocalScheduler();
    JoinHandle<String> h =
        local.spawn(
            Async.async(
                () -> {
                  Async.await(timer.sleep(Duration.ofMillis(10)));
                  return "woke at " + clock.nowTicks();
                }));
    local.tick();
    advance(9);
    local.tick();
    assertFalse(h.isComplete());
    advance(1);
    local.tick();
    assertEquals("woke at 10", Futures.blockOn(h));
  }

  @Test
  void theBlockSuspendsOnPendingAwaitsAndTheWakerOfThePollThatRunsItIsRegistered() {
    Future<Integer> f =
        Async.async(
            () -> {
              Async.await(timer.sleep(Duration.ofMillis(1)));
              return 1;
            });
    assertTrue(f.poll(cx).isPending());
    advance(1);
    assertEquals(1, cx.wakes.get());
    assertEquals(1, f.poll(cx).value());
    assertThrows(IllegalStateException.class, () -> f.poll(cx), "a second poll");
  }

  @Test
  void anExceptionOfAnAwaitedFutureIsThrownInTheBlockAndAnUncaughtOneFailsTheFuture() {
    IllegalStateException boom = new IllegalStateException("boom");
    Future<String> caught =
        Async.async(
            () -> {
              try {
                Async.await(
                    Futures.pollFn(
                        c -> {
                          throw boom;
                        }));
                return "no";
              } catch (IllegalStateException e) {
                return "caught " + e.getMessage();
              }
            });
    assertEquals("caught boom", caught.poll(cx).value());
    Future<String> uncaught =
        Async.async(
            () ->
                Async.await(
                    Futures.pollFn(
                        c -> {
                          throw boom;
                        })));
    assertSame(boom, assertThrows(IllegalStateException.class, () -> uncaught.poll(cx)));
    Future<String> checked =
        Async.async(
            () -> {
              throw new IOException("disk");
            });
    CompletionException e = assertThrows(CompletionException.class, () -> checked.poll(cx));
    assertInstanceOf(IOException.class, e.getCause());
  }

  @Test
  void abandoningASuspendedBlockAbandonsItsAwaitAndRunsItsFinallyBeforeAbandonReturns() {
    List<String> trace = new ArrayList<>();
    Future<String> f =
        Async.async(
            () -> {
              Semaphore.Permit p = Async.await(sem.acquire(1)).value();
              try {
                Async.await(timer.sleep(Duration.ofMillis(50)));
                return "slept";
              } catch (AsyncCancellationException e) {
                trace.add("cancelled");
                throw e;
              } finally {
                p.close();
                trace.add("finally");
              }
            });
    assertTrue(f.poll(cx).isPending());
    assertEquals(1, sem.availablePermits());
    f.abandon();
    assertEquals(List.of("cancelled", "finally"), trace);
    assertEquals(2, sem.availablePermits());
    assertEquals(-1, timer.ticksToNextDeadline(), "the awaited sleep left the timer");
    f.abandon();
    assertEquals(2, trace.size(), "abandon is idempotent");
  }

  @Test
  void anAwaitDuringTheUnwindingOfACancelledBlockThrowsAtOnce() {
    AtomicInteger cleanupAwaits = new AtomicInteger();
    Future<String> f =
        Async.async(
            () -> {
              try {
                Async.await(timer.sleep(Duration.ofMillis(50)));
                return "slept";
              } finally {
                try {
                  Async.await(timer.sleep(Duration.ofMillis(1)));
                } catch (AsyncCancellationException e) {
                  cleanupAwaits.incrementAndGet();
                }
              }
            });
    f.poll(cx);
    f.abandon();
    assertEquals(1, cleanupAwaits.get());
    assertEquals(-1, timer.ticksToNextDeadline(), "the clean-up's sleep never registered");
  }

  @Test
  void aBlockThatSwallowsTheCancellationAndReturnsIsStillCancelledAndItsValueIsClosed() {
    Future<Outcome<Semaphore.Permit>> f =
        Async.async(
            () -> {
              try {
                Async.await(timer.sleep(Duration.ofMillis(50)));
              } catch (AsyncCancellationException e) {
                // swallowed
              }
              return sem.tryAcquire(2); // a value that holds permits, which nobody will receive
            });
    f.poll(cx);
    f.abandon();
    assertEquals(2, sem.availablePermits());
    assertThrows(IllegalStateException.class, () -> f.poll(cx), "a cancelled block is done");
  }

  @Test
  void whatTheCleanUpOfAnAbandonedBlockThrowsPropagatesFromAbandon() {
    IllegalArgumentException cleanup = new IllegalArgumentException("cleanup");
    Future<String> f =
        Async.async(
            () -> {
              try {
                Async.await(timer.sleep(Duration.ofMillis(50)));
                return "slept";
              } finally {
                throw cleanup;
              }
            });
    f.poll(cx);
    assertSame(cleanup, assertThrows(IllegalArgumentException.class, f::abandon));
  }

  @Test
  void aBlockAbandonedBeforeItsFirstPollNeverRuns() {
    AtomicInteger runs = new AtomicInteger();
    Future<Integer> f = Async.async(runs::incrementAndGet);
    f.abandon();
    assertEquals(0, runs.get());
    assertThrows(IllegalStateException.class, () -> f.poll(cx));
  }

  @Test
  void awaitOutsideABlockIsRefusedClearly() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Async.await(Futures.ready(1)));
    assertTrue(e.getMessage().contains("outside an async block"), e.getMessage());
    assertFalse(Async.inAsyncBlock());
  }

  /** A class whose initializer awaits: the VM runs initializers below a native frame. */
  static final class AwaitsInItsInitializer {
    static final Object VALUE = Async.await(INIT_TIMER.sleep(Duration.ofMillis(5)));
  }

  static final Timer INIT_TIMER = Toolkit.load().newTimer(new TestClock(Duration.ofMillis(1)));

  @Test
  void aBlockThatTheJvmCannotSuspendFailsSayingSoAndAbandonsWhatItAwaited() {
    Future<Object> f = Async.async(() -> AwaitsInItsInitializer.VALUE);
    ExceptionInInitializerError e =
        assertThrows(ExceptionInInitializerError.class, () -> f.poll(cx));
    assertInstanceOf(IllegalStateException.class, e.getCause());
    assertTrue(e.getCause().getMessage().contains("cannot suspend"), e.getCause().getMessage());
    assertEquals(
        -1, INIT_TIMER.ticksToNextDeadline(), "the sleep it could not wait for was abandoned");
  }

  @Test
  void aBlockThatAwaitsAnotherBlockSuspendsBoth() {
    Future<String> inner =
        Async.async(
            () -> {
              Async.await(timer.sleep(Duration.ofMillis(2)));
              return "inner";
            });
    Future<String> outer =
        Async.async(
            () -> {
              assertTrue(Async.inAsyncBlock());
              String v = Async.await(inner);
              Async.await(timer.sleep(Duration.ofMillis(1)));
              return "outer(" + v + ")";
            });
    assertTrue(outer.poll(cx).isPending());
    advance(2);
    assertTrue(outer.poll(cx).isPending());
    advance(1);
    assertEquals("outer(inner)", outer.poll(cx).value());
  }

  @Test
  void aBlockResumesOnWhicheverThreadPollsIt() throws Exception {
    List<String> threads = new ArrayList<>();
    Future<Integer> f =
        Async.async(
            () -> {
              threads.add(Thread.currentThread().getName());
              Async.await(timer.sleep(Duration.ofMillis(1)));
              threads.add(Thread.currentThread().getName());
              return threads.size();
            });
    assertTrue(f.poll(cx).isPending());
    advance(1);
    Integer[] out = new Integer[1];
    Thread other = new Thread(() -> out[0] = f.poll(cx).value(), "other-poller");
    other.start();
    other.join();
    assertEquals(2, out[0]);
    assertEquals(List.of(Thread.currentThread().getName(), "other-poller"), threads);
  }

  @Test
  void aCancelledTaskRunningABlockReleasesWhatTheBlockHeld() {
    Scheduler s = kit.newScheduler();
    JoinHandle<String> h =
        s.spawn(
            Async.async(
                () -> {
                  Semaphore.Permit p = Async.await(sem.acquire(2)).value();
                  try (p) {
                    Async.await(Futures.pending());
                    return "never";
                  }
                }));
    s.tick();
    assertEquals(0, sem.availablePermits());
    h.cancel();
    s.tick();
    assertEquals(2, sem.availablePermits());
    assertTrue(h.isComplete());
  }

  @Test
  void withoutTheExportTheFirstUseNamesTheFlagToAdd() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                NoExportMain.class.getName())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM hung");
    assertTrue(out.contains("--add-exports java.base/jdk.internal.vm=ALL-UNNAMED"), out);
    assertTrue(out.contains("--add-exports java.base/jdk.internal.vm=maitake.async"), out);
  }

  /** Run in a child JVM without the export. */
  public static final class NoExportMain {
    public static void main(String[] args) {
      try {
        Async.async(() -> 1);
        System.out.println("no failure");
      } catch (IllegalStateException e) {
        System.out.println(e.getMessage());
      }
    }
  }
}
