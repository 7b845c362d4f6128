package maitake.impl.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import maitake.future.Future;
import maitake.impl.lock.BackoffSpinLock;
import maitake.sync.Channel;
import maitake.sync.Outcome;
import org.junit.jupiter.api.Test;

class ChannelTest {
  private final BoundedChannel<Integer> ch = new BoundedChannel<>(new BackoffSpinLock(), 2);
  private final Channel.Sender<Integer> tx = ch.sender();
  private final Channel.Receiver<Integer> rx = ch.receiver();
  private final Mock m = new Mock();

  @Test
  void theCapacityIsRespected() {
    assertTrue(tx.trySend(1).isOk());
    assertTrue(tx.trySend(2).isOk());
    Outcome<Integer> full = tx.trySend(3);
    assertEquals(Outcome.Failure.FULL, full.error());
    assertEquals(3, full.handedBack());
    assertEquals(1, rx.tryReceive().value());
    assertTrue(tx.trySend(3).isOk());
  }

  @Test
  void sendersWaitWhenFullAndAreServedInOrder() {
    tx.trySend(1);
    tx.trySend(2);
    Mock a = new Mock();
    Mock b = new Mock();
    Future<Outcome<Integer>> s3 = tx.send(3);
    Future<Outcome<Integer>> s4 = tx.send(4);
    a.pending(s3);
    b.pending(s4);
    assertEquals(Outcome.Failure.FULL, tx.trySend(5).error(), "no overtaking of waiting senders");
    assertEquals(1, m.ready(rx.receive()).value());
    assertEquals(1, a.wakes());
    assertEquals(0, b.wakes());
    assertTrue(a.ready(s3).isOk());
    assertEquals(2, m.ready(rx.receive()).value());
    assertEquals(1, b.wakes());
    assertEquals(3, m.ready(rx.receive()).value());
    assertEquals(4, m.ready(rx.receive()).value());
    assertEquals(Outcome.Failure.EMPTY, rx.tryReceive().error());
  }

  @Test
  void aReceiverWaitsForASend() {
    Future<Outcome<Integer>> r = rx.receive();
    m.pending(r);
    tx.trySend(9);
    assertEquals(1, m.wakes());
    assertEquals(9, m.ready(r).value());
  }

  @Test
  void closingLetsTheReceiverDrainThenReportsClosedAndFailsLaterSends() {
    tx.trySend(1);
    Mock a = new Mock();
    tx.trySend(2);
    Future<Outcome<Integer>> waiting = tx.send(3);
    a.pending(waiting);
    tx.closeChannel();
    Outcome<Integer> failed = a.ready(waiting);
    assertTrue(failed.isClosed());
    assertEquals(3, failed.handedBack());
    assertEquals(1, m.ready(rx.receive()).value());
    assertEquals(2, m.ready(rx.receive()).value());
    assertTrue(m.ready(rx.receive()).isClosed());
    Outcome<Integer> later = m.ready(tx.send(4));
    assertTrue(later.isClosed());
    assertEquals(4, later.handedBack());
  }

  @Test
  void releasingEverySenderClosesTheChannelAfterItDrains() {
    Channel.Sender<Integer> tx2 = ch.sender();
    tx.trySend(1);
    tx.close();
    tx.close();
    assertEquals(1, rx.tryReceive().value());
    assertEquals(Outcome.Failure.EMPTY, rx.tryReceive().error(), "one sender is still open");
    tx2.close();
    assertTrue(rx.tryReceive().isClosed());
  }

  @Test
  void closingTheReceiverClosesTheChannelForSenders() {
    Mock a = new Mock();
    tx.trySend(1);
    tx.trySend(2);
    Future<Outcome<Integer>> waiting = tx.send(3);
    a.pending(waiting);
    rx.close();
    assertEquals(1, a.wakes());
    assertEquals(3, a.ready(waiting).handedBack());
    assertTrue(tx.trySend(4).isClosed());
  }

  @Test
  void anAbandonedWaitingSendIsNotSent() {
    tx.trySend(1);
    tx.trySend(2);
    Future<Outcome<Integer>> waiting = tx.send(3);
    m.pending(waiting);
    waiting.abandon();
    rx.tryReceive();
    rx.tryReceive();
    assertEquals(Outcome.Failure.EMPTY, rx.tryReceive().error());
  }

  @Test
  void badInputIsRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new BoundedChannel<Integer>(new BackoffSpinLock(), 0));
    assertThrows(NullPointerException.class, () -> tx.send(null));
    assertThrows(NullPointerException.class, () -> tx.trySend(null));
  }

  @Test
  void aOneshotDeliversExactlyOnce() {
    LockedOneshot<String> o = new LockedOneshot<>(new BackoffSpinLock());
    Future<Outcome<String>> r = o.receive();
    m.pending(r);
    assertTrue(o.send("once").isOk());
    assertEquals(1, m.wakes());
    assertEquals("once", m.ready(r).value());
    Outcome<String> again = o.send("twice");
    assertTrue(again.isClosed());
    assertEquals("twice", again.handedBack());
    assertTrue(m.ready(o.receive()).isClosed());
  }

  @Test
  void aOneshotWhoseSenderGaveUpReportsClosed() {
    LockedOneshot<String> o = new LockedOneshot<>(new BackoffSpinLock());
    Future<Outcome<String>> r = o.receive();
    m.pending(r);
    o.closeSender();
    assertEquals(1, m.wakes());
    assertTrue(m.ready(r).isClosed());
  }

  @Test
  void aOneshotWhoseReceiverGaveUpHandsTheValueBack() {
    LockedOneshot<String> o = new LockedOneshot<>(new BackoffSpinLock());
    o.closeReceiver();
    Outcome<String> s = o.send("v");
    assertTrue(s.isClosed());
    assertEquals("v", s.handedBack());
  }
}
