package maitake.future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import maitake.future.TestFutures.CountingWaker;
import maitake.future.TestFutures.ManualFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class BridgeTest {
  private final CountingWaker cx = new CountingWaker();

  @Test
  void stageFutureWakesWhenTheStageCompletesWithoutBlockingAThread() {
    CompletableFuture<String> cf = new CompletableFuture<>();
    Future<String> f = Futures.fromStage(cf);
    assertTrue(f.poll(cx).isPending());
    assertEquals(0, cx.wakes());
    cf.complete("done");
    assertEquals(1, cx.wakes());
    assertEquals("done", f.poll(cx).value());
  }

  @Test
  void stageFutureOfACompletedStageIsReadyAtOnce() {
    Future<Integer> f = Futures.fromStage(CompletableFuture.completedFuture(4));
    assertEquals(4, f.poll(cx).value());
  }

  @Test
  void stageFutureWakesTheMostRecentWaker() {
    CompletableFuture<String> cf = new CompletableFuture<>();
    Future<String> f = Futures.fromStage(cf);
    CountingWaker first = new CountingWaker();
    f.poll(first);
    f.poll(cx);
    cf.complete("x");
    assertEquals(0, first.wakes());
    assertEquals(1, cx.wakes());
  }

  @Test
  void stageFailureIsRethrownUnwrappedWhenUnchecked() {
    CompletableFuture<String> cf = new CompletableFuture<>();
    Future<String> f = Futures.fromStage(cf.thenApply(s -> s));
    f.poll(cx);
    IllegalStateException boom = new IllegalStateException("boom");
    cf.completeExceptionally(boom);
    assertSame(boom, assertThrows(IllegalStateException.class, () -> f.poll(cx)));
  }

  @Test
  void checkedStageFailureIsWrappedInCompletionException() {
    IOException io = new IOException("io");
    Future<String> f = Futures.fromStage(CompletableFuture.failedFuture(io));
    CompletionException e = assertThrows(CompletionException.class, () -> f.poll(cx));
    assertSame(io, e.getCause());
  }

  @Test
  void abandonedStageFutureForgetsItsWakerAndLeavesTheStageAlone() {
    CompletableFuture<String> cf = new CompletableFuture<>();
    Future<String> f = Futures.fromStage(cf);
    f.poll(cx);
    f.abandon();
    cf.complete("late");
    assertEquals(0, cx.wakes());
    assertTrue(!cf.isCancelled());
  }

  @Test
  void blockOnReturnsAReadyValue() {
    assertEquals("v", Futures.blockOn(Futures.ready("v")));
  }

  @Test
  @Timeout(10)
  void blockOnParksUntilAnotherThreadWakesIt() throws Exception {
    CompletableFuture<String> cf = new CompletableFuture<>();
    CountDownLatch polled = new CountDownLatch(1);
    Future<String> f = Futures.fromStage(cf);
    Future<String> signalling =
        context -> {
          Poll<String> p = f.poll(context);
          polled.countDown();
          return p;
        };
    Thread completer =
        new Thread(
            () -> {
              try {
                polled.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              cf.complete("from another thread");
            });
    completer.start();
    assertEquals("from another thread", Futures.blockOn(signalling));
    completer.join();
  }

  @Test
  void blockOnAbandonsAFutureThatThrows() {
    ManualFuture<String> f = new ManualFuture<>();
    f.fail(new IllegalStateException("x"));
    assertThrows(IllegalStateException.class, () -> Futures.blockOn(f));
    assertEquals(1, f.abandons);
  }

  @Test
  void blockOnKeepsTheInterruptStatus() {
    Thread.currentThread().interrupt();
    try {
      assertEquals(1, Futures.blockOn(Futures.ready(1)));
      assertTrue(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
  }
}
