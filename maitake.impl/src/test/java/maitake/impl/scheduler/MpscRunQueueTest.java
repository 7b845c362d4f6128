package maitake.impl.scheduler;

import static maitake.impl.scheduler.ConfinedRaceTest.awaitQuietly;
import static maitake.impl.scheduler.ConfinedRaceTest.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import maitake.future.Futures;
import maitake.scheduler.Stealer;
import maitake.scheduler.Tick;
import maitake.task.JoinHandle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The run queue's own protocol: its counts by kind, and the bubble (a producer between its swap and
 * its link) as every consumer sees it. The bubble is held open deterministically: a producer thread
 * parks at {@link RaceHooks#runQueueSwapped}, between its two steps.
 */
class MpscRunQueueTest {
  private final MpscScheduler owner = new MpscScheduler();

  @AfterEach
  void clearHooks() {
    RaceHooks.clear();
  }

  private MpscTask<Object> task(String name) {
    MpscTask<Object> t = new MpscTask<>(owner);
    t.init(null, name, null);
    return t;
  }

  @Test
  void theQueueCountsEachEnqueueByItsKindAndEachTaskItHandsOut() {
    MpscRunQueue q = new MpscRunQueue(task("stub"));
    MpscTask<Object> a = task("a");
    MpscTask<Object> b = task("b");
    MpscTask<Object> c = task("c");
    MpscTask<Object> d = task("d");
    q.enqueueSpawned(a);
    q.enqueueWoken(b);
    q.enqueueStolen(c);
    q.requeue(d);
    assertEquals(4, q.queuedCount());
    assertEquals(1, q.spawnedCount());
    assertEquals(1, q.wokenCount());
    assertEquals(1, q.stolenInCount());
    assertTrue(q.tryAcquireConsumer());
    assertFalse(q.tryAcquireConsumer(), "the consumer right is held once");
    assertSame(a, q.dequeue());
    assertSame(b, q.dequeue());
    assertEquals(2, q.queuedCount());
    assertSame(c, q.dequeue());
    assertSame(d, q.dequeue());
    assertNull(q.dequeue());
    assertNull(q.dequeue());
    assertEquals(0, q.queuedCount(), "an empty dequeue counts nothing");
    assertTrue(q.isEmpty());
    q.enqueueWoken(a); // a task handed out is detached and can be enqueued again at once
    assertSame(a, q.dequeue());
    q.releaseConsumer();
    assertEquals(0, q.queuedCount());
    assertEquals(0, q.stolenOutCount());
    q.countStolenOut();
    q.countTornDown();
    assertEquals(1, q.stolenOutCount());
    assertEquals(1, q.tornDownCount());
  }

  /** A producer thread parked inside the bubble of its enqueue; {@link #burst} lets it finish. */
  private static final class Bubble<T> {
    private final Thread producer;
    private final ConfinedRaceTest.Gate gate;
    private T result; // what the enqueueing call returned; read after the join

    Bubble(Supplier<T> enqueue) {
      producer = new Thread(() -> result = enqueue.get(), "bubble-producer");
      gate = new ConfinedRaceTest.Gate(producer, null);
      RaceHooks.runQueueSwapped = gate;
      producer.start();
      awaitQuietly(gate.reached);
    }

    /** Links the parked node and waits for the producer to finish; returns its result. */
    T burst() {
      gate.release.countDown();
      join(producer);
      return result;
    }
  }

  @Test
  @Timeout(20)
  void aBubbleIsReportedAsABubbleNotAsEmptyAndItsTasksComeOutOnceItIsLinked() throws Exception {
    MpscRunQueue q = new MpscRunQueue(task("stub"));
    MpscTask<Object> a = task("a");
    MpscTask<Object> b = task("b");
    q.enqueueSpawned(a);
    Bubble<Void> bubble =
        new Bubble<>(
            () -> {
              q.enqueueWoken(b);
              return null;
            });
    assertTrue(q.tryAcquireConsumer());
    Task<?> t = q.dequeue();
    assertTrue(q.isBubble(t), "a is not reachable as last node while b's link is missing: " + t);
    assertFalse(q.isEmpty());
    assertEquals(2, q.queuedCount(), "a bubble hands nothing out and counts nothing");
    bubble.burst();
    assertSame(a, q.dequeue());
    assertSame(b, q.dequeue());
    assertNull(q.dequeue());
    q.releaseConsumer();
  }

  @Test
  @Timeout(20)
  void aTickThatMeetsABubbleStopsAndReportsWorkRemainingAndTheNextTickRunsIt() throws Exception {
    MpscScheduler s = new MpscScheduler();
    JoinHandle<String> first = s.spawn(Futures.ready("first"));
    Bubble<JoinHandle<String>> bubble = new Bubble<>(() -> s.spawn(Futures.ready("second")));
    Tick stuck = s.tick();
    assertEquals(0, stuck.polled());
    assertTrue(stuck.hasRemaining(), "a bubble is work remaining, not an idle scheduler");
    JoinHandle<String> second = bubble.burst();
    Tick next = s.tick();
    assertEquals(2, next.polled());
    assertEquals("first", Futures.blockOn(first));
    assertEquals("second", Futures.blockOn(second));
  }

  @Test
  @Timeout(20)
  void aStealerThatMeetsABubbleStealsNothingYetAndLosesNothing() throws Exception {
    MpscScheduler victim = new MpscScheduler();
    MpscScheduler thief = new MpscScheduler();
    JoinHandle<String> first = victim.spawn(Futures.ready("first"));
    Bubble<JoinHandle<String>> bubble = new Bubble<>(() -> victim.spawn(Futures.ready("second")));
    try (Stealer st = victim.trySteal().get()) {
      assertEquals(0, st.stealMany(thief, 2));
    }
    JoinHandle<String> second = bubble.burst();
    try (Stealer st = victim.trySteal().get()) {
      assertEquals(2, st.stealMany(thief, 2));
    }
    assertEquals(2, thief.tick().polled());
    assertEquals("first", Futures.blockOn(first));
    assertEquals("second", Futures.blockOn(second));
    assertEquals(0, victim.runQueue().queuedCount());
    assertEquals(2, victim.runQueue().stolenOutCount());
    assertEquals(2, thief.runQueue().stolenInCount());
  }

  @Test
  @Timeout(20)
  void aLocalSchedulerWhoseRemoteQueueHoldsABubbleReportsWorkRemaining() throws Exception {
    ConfinedScheduler s = new ConfinedScheduler();
    s.tick(); // this thread owns it
    Bubble<JoinHandle<String>> bubble =
        new Bubble<>(() -> s.spawner().spawn(Futures.ready("remote")));
    Tick stuck = s.tick();
    assertEquals(0, stuck.polled());
    assertTrue(stuck.hasRemaining());
    JoinHandle<String> remote = bubble.burst();
    assertEquals(1, s.tick().polled());
    assertEquals("remote", Futures.blockOn(remote));
  }
}
