package maitake.future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import maitake.future.TestFutures.CountingWaker;
import maitake.future.TestFutures.ManualFuture;
import org.junit.jupiter.api.Test;

class CombinatorsTest {
  private final CountingWaker cx = new CountingWaker();

  @Test
  void readyFutureCompletesAtFirstPollAndPendingNeverDoes() {
    assertEquals("v", Futures.ready("v").poll(cx).value());
    Future<Object> never = Futures.pending();
    for (int i = 0; i < 3; i++) {
      assertTrue(never.poll(cx).isPending());
    }
    assertEquals(0, cx.wakes());
  }

  @Test
  void pollFnDelegatesEveryPoll() {
    int[] calls = {0};
    Future<Integer> f = Futures.pollFn(c -> ++calls[0] < 3 ? Poll.pending() : Poll.ready(calls[0]));
    assertTrue(f.poll(cx).isPending());
    assertTrue(f.poll(cx).isPending());
    assertEquals(3, f.poll(cx).value());
  }

  @Test
  void mapAppliesTheFunctionOnceTheSourceCompletes() {
    ManualFuture<Integer> src = new ManualFuture<>();
    Future<String> mapped = src.map(i -> "#" + i);
    assertTrue(mapped.poll(cx).isPending());
    src.complete(7);
    assertEquals(1, cx.wakes());
    assertEquals("#7", mapped.poll(cx).value());
  }

  @Test
  void abandoningAMapAbandonsItsPendingSourceOnce() {
    ManualFuture<Integer> src = new ManualFuture<>();
    Future<Integer> mapped = src.map(i -> i + 1);
    mapped.poll(cx);
    mapped.abandon();
    mapped.abandon();
    assertEquals(1, src.abandons);
  }

  @Test
  void andThenRunsTheSecondStageAndAbandonsWhicheverStageIsRunning() {
    ManualFuture<Integer> first = new ManualFuture<>();
    ManualFuture<String> second = new ManualFuture<>();
    Future<String> chained =
        first.andThen(
            i -> {
              assertEquals(5, i);
              return second;
            });
    assertTrue(chained.poll(cx).isPending());
    first.complete(5);
    assertTrue(chained.poll(cx).isPending());
    assertEquals(1, second.polls);
    chained.abandon();
    assertEquals(0, first.abandons);
    assertEquals(1, second.abandons);
  }

  @Test
  void andThenCompletesWithTheSecondStagesValue() {
    Future<String> chained = Futures.ready(2).andThen(i -> Futures.ready("x".repeat(i)));
    assertEquals("xx", chained.poll(cx).value());
  }

  @Test
  void joinCompletesWithAllValuesInListOrder() {
    ManualFuture<String> a = new ManualFuture<>();
    ManualFuture<String> b = new ManualFuture<>();
    Future<List<String>> j = Futures.join(a, b);
    assertTrue(j.poll(cx).isPending());
    b.complete("b");
    assertTrue(j.poll(cx).isPending());
    a.complete("a");
    assertEquals(Arrays.asList("a", "b"), j.poll(cx).value());
    assertEquals(2, b.polls, "a completed member is not polled again");
  }

  @Test
  void joinOfAFailingMemberAbandonsTheRestAndRethrows() {
    ManualFuture<String> a = new ManualFuture<>();
    ManualFuture<String> b = new ManualFuture<>();
    ManualFuture<String> c = new ManualFuture<>();
    c.complete("done");
    Future<List<String>> j = Futures.join(a, b, c);
    assertTrue(j.poll(cx).isPending());
    IllegalStateException boom = new IllegalStateException("boom");
    a.fail(boom);
    IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> j.poll(cx));
    assertSame(boom, thrown);
    assertEquals(1, b.abandons, "pending sibling abandoned");
    assertEquals(0, c.abandons, "completed sibling not abandoned");
    j.abandon();
    assertEquals(1, b.abandons, "abandon is not repeated");
  }

  /** An AutoCloseable value that counts its closes. */
  static final class Resource implements AutoCloseable {
    int closes;

    @Override
    public void close() {
      closes++;
    }
  }

  @Test
  void joinFailingAfterAMemberCompletedClosesThatMembersAutoCloseableOutput() {
    ManualFuture<Object> a = new ManualFuture<>();
    ManualFuture<Object> b = new ManualFuture<>();
    Resource held = new Resource();
    Future<List<Object>> j = Futures.join(a, b);
    a.complete(held);
    assertTrue(j.poll(cx).isPending());
    IllegalStateException boom = new IllegalStateException("boom");
    b.fail(boom);
    assertSame(boom, assertThrows(IllegalStateException.class, () -> j.poll(cx)));
    assertEquals(1, held.closes, "the completed member's output was dropped without closing");
  }

  @Test
  void abandoningAJoinClosesTheAutoCloseableOutputsOfMembersThatCompleted() {
    ManualFuture<Object> a = new ManualFuture<>();
    ManualFuture<Object> b = new ManualFuture<>();
    Resource held = new Resource();
    Future<List<Object>> j = Futures.join(a, b);
    a.complete(held);
    assertTrue(j.poll(cx).isPending());
    j.abandon();
    assertEquals(1, held.closes);
    assertEquals(1, b.abandons);
    j.abandon();
    assertEquals(1, held.closes, "closed once");
  }

  @Test
  void aJoinThatCompletesHandsItsOutputsOverWithoutClosingThem() {
    Resource held = new Resource();
    Future<List<Object>> j = Futures.join(Futures.ready(held), Futures.ready("x"));
    assertSame(held, j.poll(cx).value().get(0));
    j.abandon();
    assertEquals(0, held.closes, "abandon after completion is a no-op");
  }

  @Test
  void aCloseThatThrowsWhileAJoinFailsIsSuppressedInTheFailure() {
    ManualFuture<Object> a = new ManualFuture<>();
    ManualFuture<Object> b = new ManualFuture<>();
    IllegalStateException closeFailed = new IllegalStateException("close failed");
    Future<List<Object>> j = Futures.join(a, b);
    a.complete(
        (AutoCloseable)
            () -> {
              throw closeFailed;
            });
    j.poll(cx);
    IllegalStateException boom = new IllegalStateException("boom");
    b.fail(boom);
    assertSame(boom, assertThrows(IllegalStateException.class, () -> j.poll(cx)));
    assertSame(closeFailed, boom.getSuppressed()[0]);
  }

  @Test
  void selectReturnsTheFirstReadyAndAbandonsTheLosers() {
    ManualFuture<String> a = new ManualFuture<>();
    ManualFuture<String> b = new ManualFuture<>();
    ManualFuture<String> c = new ManualFuture<>();
    Future<Selected<String>> s = Futures.select(a, b, c);
    assertTrue(s.poll(cx).isPending());
    b.complete("b");
    Selected<String> won = s.poll(cx).value();
    assertEquals(new Selected<>(1, "b"), won);
    assertEquals(1, a.abandons);
    assertEquals(0, b.abandons);
    assertEquals(1, c.abandons);
  }

  @Test
  void selectPrefersTheEarliestWhenSeveralAreReady() {
    Future<Selected<Integer>> s = Futures.select(List.of(Futures.ready(1), Futures.ready(2)));
    assertEquals(0, s.poll(cx).value().index());
  }

  @Test
  void selectOfAFailingMemberAbandonsTheOthers() {
    ManualFuture<String> a = new ManualFuture<>();
    ManualFuture<String> b = new ManualFuture<>();
    Future<Selected<String>> s = Futures.select(a, b);
    s.poll(cx);
    b.fail(new IllegalArgumentException("bad"));
    assertThrows(IllegalArgumentException.class, () -> s.poll(cx));
    assertEquals(1, a.abandons);
  }

  @Test
  void abandoningASelectAbandonsEveryMember() {
    ManualFuture<String> a = new ManualFuture<>();
    ManualFuture<String> b = new ManualFuture<>();
    Future<Selected<String>> s = Futures.select(a, b);
    s.poll(cx);
    s.abandon();
    assertEquals(1, a.abandons);
    assertEquals(1, b.abandons);
  }

  @Test
  void badCombinatorInputIsRejectedAtTheCall() {
    assertThrows(IllegalArgumentException.class, () -> Futures.select(List.of()));
    assertThrows(NullPointerException.class, () -> Futures.join((List<Future<Object>>) null));
    assertThrows(NullPointerException.class, () -> Futures.join(Futures.ready(1), null));
    assertThrows(NullPointerException.class, () -> Futures.ready(1).map(null));
    assertThrows(NullPointerException.class, () -> Futures.pollFn(null));
    assertThrows(NullPointerException.class, () -> Context.of(null));
  }

  @Test
  void abandonAllRunsEveryAbandonEvenWhenOneThrows() {
    ManualFuture<String> ok = new ManualFuture<>();
    Future<String> throwing =
        new Future<>() {
          @Override
          public Poll<String> poll(Context context) {
            return Poll.pending();
          }

          @Override
          public void abandon() {
            throw new IllegalStateException("abandon failed");
          }
        };
    Future<Selected<String>> s = Futures.select(throwing, ok);
    s.poll(cx);
    assertThrows(IllegalStateException.class, s::abandon);
    assertEquals(1, ok.abandons);
  }
}
