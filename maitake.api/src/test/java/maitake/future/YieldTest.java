package maitake.future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import maitake.future.TestFutures.CountingWaker;
import org.junit.jupiter.api.Test;

class YieldTest {

  @Test
  void yieldReturnsPendingNTimesWakingEachTimeThenCompletes() {
    CountingWaker w = new CountingWaker();
    Yield y = new Yield(3);
    for (int i = 1; i <= 3; i++) {
      assertTrue(y.poll(w).isPending());
      assertEquals(i, w.wakes());
    }
    assertTrue(y.poll(w).isReady());
    assertEquals(3, w.wakes());
  }

  @Test
  void resetArmsTheSameYieldAgain() {
    CountingWaker w = new CountingWaker();
    Yield y = Futures.yieldNow();
    assertTrue(y.poll(w).isPending());
    assertTrue(y.poll(w).isReady());
    y.reset(1);
    assertEquals(1, y.remaining());
    assertTrue(y.poll(w).isPending());
    assertTrue(y.poll(w).isReady());
  }

  @Test
  void aCompletedYieldThrowsWhenPolledAgainUntilItIsReset() {
    CountingWaker w = new CountingWaker();
    Yield y = new Yield(0);
    assertTrue(y.poll(w).isReady());
    assertThrows(IllegalStateException.class, () -> y.poll(w));
    y.reset(0);
    assertTrue(y.poll(w).isReady());
  }

  @Test
  void negativeYieldCountIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new Yield(-1));
    assertThrows(IllegalArgumentException.class, () -> new Yield(0).reset(-5));
  }
}
