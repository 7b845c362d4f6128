package maitake.impl.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import maitake.impl.lock.BackoffSpinLock;
import maitake.sync.Outcome;
import maitake.sync.WaitMap;
import org.junit.jupiter.api.Test;

class WaitMapTest {
  private final KeyedWaitMap<String, Integer> map = new KeyedWaitMap<>(new BackoffSpinLock());
  private final Mock m = new Mock();

  @Test
  void aWakeDeliversItsValueToTheWaiterOnThatKey() {
    WaitMap.Wait<Integer> a = map.await("a");
    WaitMap.Wait<Integer> b = map.await("b");
    m.pending(a);
    m.pending(b);
    assertTrue(map.wake("b", 2).isOk());
    assertEquals(1, m.wakes());
    assertEquals(2, m.ready(b).value());
    m.pending(a);
  }

  @Test
  void aWakeWithoutAMatchHandsTheValueBackAndStoresNothing() {
    Outcome<Integer> o = map.wake("nobody", 7);
    assertEquals(Outcome.Failure.NO_MATCH, o.error());
    assertEquals(7, o.handedBack());
    m.pending(map.await("nobody"));
  }

  @Test
  void aClosedMapHandsTheValueBackAndFailsItsWaiters() {
    WaitMap.Wait<Integer> w = map.await("k");
    m.pending(w);
    map.close();
    assertTrue(map.isClosed());
    assertTrue(m.ready(w).isClosed());
    Outcome<Integer> o = map.wake("k", 3);
    assertTrue(o.isClosed());
    assertEquals(3, o.handedBack());
    assertTrue(m.ready(map.await("x")).isClosed());
  }

  @Test
  void aSecondWaiterOnTheSameKeyIsADuplicateAndIsDoneAfterIt() {
    m.pending(map.await("k"));
    WaitMap.Wait<Integer> dup = map.await("k");
    assertEquals(Outcome.Failure.DUPLICATE, m.ready(dup).error());
    assertThrows(IllegalStateException.class, () -> m.poll(dup));
  }

  @Test
  void pollingAfterTheValueWasTakenThrowsAndDeliversNothingMore() {
    WaitMap.Wait<Integer> w = map.await("k");
    m.pending(w);
    map.wake("k", 1);
    assertEquals(1, m.ready(w).value());
    assertThrows(IllegalStateException.class, () -> m.poll(w));
    assertEquals(Outcome.Failure.NO_MATCH, map.wake("k", 2).error(), "the key left the map");
  }

  @Test
  void aWaitAbandonedAfterDeliveryKeepsTheValue() {
    WaitMap.Wait<Integer> w = map.await("k");
    m.pending(w);
    assertTrue(map.wake("k", 99).isOk());
    w.abandon();
    assertEquals(99, w.takeUndelivered());
    assertNull(w.takeUndelivered(), "handed out once");
  }

  @Test
  void anAbandonedQueuedWaitLeavesTheMap() {
    WaitMap.Wait<Integer> w = map.await("k");
    m.pending(w);
    w.abandon();
    assertEquals(Outcome.Failure.NO_MATCH, map.wake("k", 1).error());
    m.pending(map.await("k"));
  }

  @Test
  void subscribeRegistersBeforeTheWake() {
    WaitMap.Wait<Integer> w = map.await("k");
    assertTrue(w.subscribe().isPending());
    assertTrue(map.wake("k", 5).isOk());
    assertEquals(5, m.ready(w).value());
  }

  @Test
  void nullKeysAreRejected() {
    assertThrows(NullPointerException.class, () -> map.await(null));
    assertThrows(NullPointerException.class, () -> map.wake(null, 1));
  }
}
