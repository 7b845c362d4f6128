package maitake.impl.scheduler;

import static maitake.impl.scheduler.ConfinedRaceTest.awaitQuietly;
import static maitake.impl.scheduler.ConfinedRaceTest.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  /** Starts a thread that enqueues {@code t} with {@code enqueue} and parks inside the bubble. */
  private static ConfinedRaceTest.Gate holdBubble(Runnable enqueue) {
    Thread producer = new Thread(enqueue, "bubble-producer");
    ConfinedRaceTest.Gate gate = new ConfinedRaceTest.Gate(producer, null);
    RaceHooks.runQueueSwapped = gate;
    producer.start();
    awaitQuietly(gate.reached);
    return gate;
  }

  private static void burst(ConfinedRaceTest.Gate gate) {
    gate.release.countDown();
  }

  @Test
  @Timeout(20)
  void aBubbleIsReportedAsABubbleNotAsEmptyAndItsTasksComeOutOnceItIsLinked() throws Exception {
    MpscRunQueue q = new MpscRunQueue(task("stub"));
    MpscTask<Object> a = task("a");
    MpscTask<Object> b = task("b");
    q.enqueueSpawned(a);
    Thread[] producer = new Thread[1];
    ConfinedRaceTest.Gate gate =
        holdBubble(
            () -> {
              producer[0] = Thread.currentThread();
              q.enqueueWoken(b);
            });
    assertTrue(q.tryAcquireConsumer());
    Task<?> t = q.dequeue();
    assertTrue(q.isBubble(t), "a is not reachable as last node while b's link is missing: " + t);
    assertFalse(q.isEmpty());
    assertEquals(2, q.queuedCount(), "a bubble hands nothing out and counts nothing");
    burst(gate);
    join(producer[0]);
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
    Thread[] producer = new Thread[1];
    @SuppressWarnings("unchecked")
    JoinHandle<String>[] second = new JoinHandle[1];
    ConfinedRaceTest.Gate gate =
        holdBubble(
            () -> {
              producer[0] = Thread.currentThread();
              second[0] = s.spawn(Futures.ready("second"));
            });
    Tick stuck = s.tick();
    assertEquals(0, stuck.polled());
    assertTrue(stuck.hasRemaining(), "a bubble is work remaining, not an idle scheduler");
    burst(gate);
    join(producer[0]);
    Tick next = s.tick();
    assertEquals(2, next.polled());
    assertEquals("first", Futures.blockOn(first));
    assertEquals("second", Futures.blockOn(second[0]));
  }

  @Test
  @Timeout(20)
  void aStealerThatMeetsABubbleStealsNothingYetAndLosesNothing() throws Exception {
    MpscScheduler victim = new MpscScheduler();
    MpscScheduler thief = new MpscScheduler();
    JoinHandle<String> first = victim.spawn(Futures.ready("first"));
    Thread[] producer = new Thread[1];
    @SuppressWarnings("unchecked")
    JoinHandle<String>[] second = new JoinHandle[1];
    ConfinedRaceTest.Gate gate =
        holdBubble(
            () -> {
              producer[0] = Thread.currentThread();
              second[0] = victim.spawn(Futures.ready("second"));
            });
    try (Stealer st = victim.trySteal().get()) {
      assertEquals(0, st.stealMany(thief, 2));
    }
    burst(gate);
    join(producer[0]);
    try (Stealer st = victim.trySteal().get()) {
      assertEquals(2, st.stealMany(thief, 2));
    }
    assertEquals(2, thief.tick().polled());
    assertEquals("first", Futures.blockOn(first));
    assertEquals("second", Futures.blockOn(second[0]));
    assertEquals(0, victim.runQueue().queuedCount());
    assertEquals(2, victim.runQueue().stolenOutCount());
    assertEquals(2, thief.runQueue().stolenInCount());
  }

  @Test
  @Timeout(20)
  void aLocalSchedulerWhoseRemoteQueueHoldsABubbleReportsWorkRemaining() throws Exception {
    ConfinedScheduler s = new ConfinedScheduler();
    s.tick(); // this thread owns it
    Thread[] producer = new Thread[1];
    @SuppressWarnings("unchecked")
    JoinHandle<String>[] remote = new JoinHandle[1];
    ConfinedRaceTest.Gate gate =
        holdBubble(
            () -> {
              producer[0] = Thread.currentThread();
              remote[0] = s.spawner().spawn(Futures.ready("remote"));
            });
    Tick stuck = s.tick();
    assertEquals(0, stuck.polled());
    assertTrue(stuck.hasRemaining());
    burst(gate);
    join(producer[0]);
    assertEquals(1, s.tick().polled());
    assertEquals("remote", Futures.blockOn(remote[0]));
  }
}
