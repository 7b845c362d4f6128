package maitake.impl.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import maitake.future.Future;
import maitake.future.Poll;
import maitake.impl.lock.BackoffSpinLock;
import maitake.sync.Channel;
import maitake.sync.Mutex;
import maitake.sync.MutexGuard;
import maitake.sync.Outcome;
import maitake.sync.Semaphore;
import org.junit.jupiter.api.Test;

/** The reusable wait futures: a channel's reusable send and receive, the mutex's reusable lock. */
class ReusableFuturesTest {
  private final BoundedChannel<Integer> ch = new BoundedChannel<>(new BackoffSpinLock(), 1);
  private final Channel.Sender<Integer> tx = ch.sender();
  private final Channel.Receiver<Integer> rx = ch.receiver();
  private final HandoffMutex<Integer> mutex = new HandoffMutex<>(new BackoffSpinLock(), 0);
  private final Mock m = new Mock();

  @Test
  void aReusableSendSendsOneValuePerResetInOrderAndReturnsOneCachedResult() {
    Channel.ReusableSend<Integer> send = tx.reusableSend();
    Poll<Outcome<Integer>> first = null;
    for (int i = 0; i < 5; i++) {
      Poll<Outcome<Integer>> p = m.poll(send.reset(i));
      assertTrue(p.isReady() && p.value().isOk(), "room for one value");
      first = first == null ? p : first;
      assertSame(first, p, "one result cell, refilled");
      assertEquals(i, rx.tryReceive().value());
    }
  }

  @Test
  void aReusableSendWaitsForRoomInTheSameFifoAsOtherSends() {
    tx.trySend(0);
    Future<Outcome<Integer>> plain = tx.send(1);
    m.pending(plain);
    Channel.ReusableSend<Integer> send = tx.reusableSend().reset(2);
    Mock w = new Mock();
    w.pending(send);
    assertEquals(0, rx.tryReceive().value());
    assertEquals(0, w.wakes(), "the older send takes the freed slot");
    assertEquals(1, rx.tryReceive().value());
    assertEquals(1, w.wakes());
    assertTrue(w.ready(send).isOk());
    assertEquals(2, rx.tryReceive().value());
    assertTrue(m.ready(plain).isOk());
  }

  @Test
  void resettingAPendingSendIsRefusedAndAnAbandonedOneIsNotSentButCanBeArmedAgain() {
    tx.trySend(0);
    Channel.ReusableSend<Integer> send = tx.reusableSend().reset(1);
    m.pending(send);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> send.reset(2));
    assertTrue(e.getMessage().contains("still waiting"), e.getMessage());
    send.abandon();
    assertEquals(0, rx.tryReceive().value());
    assertEquals(
        Outcome.Failure.EMPTY, rx.tryReceive().error(), "the abandoned value was not sent");
    assertTrue(m.ready(send.reset(3)).isOk());
    assertEquals(3, rx.tryReceive().value());
  }

  @Test
  void aSendWhoseValueEnteredTheBufferBeforeItWasAbandonedWasSent() {
    tx.trySend(0);
    Channel.ReusableSend<Integer> send = tx.reusableSend().reset(1);
    m.pending(send);
    assertEquals(0, rx.tryReceive().value()); // moves 1 into the freed slot
    send.abandon();
    assertEquals(1, rx.tryReceive().value());
    assertTrue(m.ready(send.reset(2)).isOk());
  }

  @Test
  void anUnarmedOrSpentReusableSendRefusesAPollAndAClosedHandleRefusesAReset() {
    Channel.ReusableSend<Integer> send = tx.reusableSend();
    IllegalStateException unarmed = assertThrows(IllegalStateException.class, () -> m.poll(send));
    assertTrue(unarmed.getMessage().contains("reset(value)"), unarmed.getMessage());
    m.ready(send.reset(1));
    assertThrows(IllegalStateException.class, () -> m.poll(send));
    assertThrows(NullPointerException.class, () -> send.reset(null));
    Channel.Sender<Integer> other = ch.sender();
    Channel.ReusableSend<Integer> fromOther = other.reusableSend();
    other.close();
    assertThrows(IllegalStateException.class, () -> fromOther.reset(2));
    assertThrows(IllegalStateException.class, other::reusableSend);
  }

  @Test
  void aReusableSendOnAClosedChannelHandsItsValueBack() {
    tx.closeChannel();
    Outcome<Integer> o = m.ready(tx.reusableSend().reset(7));
    assertEquals(Outcome.Failure.CLOSED, o.error());
    assertEquals(7, o.handedBack());
  }

  @Test
  void aReusableReceiveGivesEachValueThenNullOnceClosedAndDrained() {
    Channel.ReusableReceive<Integer> receive = rx.reusableReceive();
    m.pending(receive);
    tx.trySend(4);
    assertEquals(1, m.wakes());
    Poll<Integer> first = m.poll(receive);
    assertEquals(4, first.value());
    assertThrows(IllegalStateException.class, () -> m.poll(receive), "ready: reset first");
    tx.trySend(5);
    tx.closeChannel();
    Poll<Integer> second = m.poll(receive.reset());
    assertEquals(5, second.value(), "the buffered value is drained before the close is seen");
    assertSame(first, second, "one result cell, refilled");
    assertNull(m.ready(receive.reset()), "closed and drained");
  }

  @Test
  void resettingOrAbandoningAPendingReceiveLosesNothing() {
    Channel.ReusableReceive<Integer> receive = rx.reusableReceive();
    m.pending(receive);
    receive.abandon();
    tx.trySend(8);
    assertEquals(8, m.ready(receive.reset()));
    m.pending(receive.reset());
    receive.reset();
    tx.trySend(9);
    assertEquals(9, m.ready(receive));
  }

  @Test
  void aReusableLockReturnsTheSameGuardAtEveryAcquisitionAndQueuesFifoEachTime() {
    Mutex.ReusableLock<Integer> lock = mutex.reusableLock();
    MutexGuard<Integer> first = mutex.tryLock();
    Mock w = new Mock();
    w.pending(lock);
    first.close(); // the first acquisition is a hand-off through the queue
    assertEquals(1, w.wakes());
    MutexGuard<Integer> g1 = w.ready(lock);
    g1.set(1);
    Future<MutexGuard<Integer>> other = mutex.lock();
    Mock o = new Mock();
    o.pending(other);
    g1.close();
    assertEquals(1, o.wakes(), "the hand-off goes to the waiter");
    w.pending(lock.reset());
    w.pending(lock); // still queued behind the other holder: the renewed wait starts afresh
    MutexGuard<Integer> og = o.ready(other);
    assertEquals(1, og.get());
    og.set(2);
    og.close();
    assertEquals(2, w.wakes());
    MutexGuard<Integer> g2 = w.ready(lock);
    assertSame(g1, g2, "one guard object");
    assertEquals(2, g2.get());
    g2.close();
    g2.close(); // a second close of the same acquisition does nothing
    assertFalse(mutex.isLocked());
  }

  @Test
  void aReusableLockRefusesAResetWhileItsGuardIsHeldOrItWaits() {
    Mutex.ReusableLock<Integer> lock = mutex.reusableLock();
    MutexGuard<Integer> g = m.ready(lock);
    IllegalStateException held = assertThrows(IllegalStateException.class, lock::reset);
    assertTrue(held.getMessage().contains("close the guard"), held.getMessage());
    assertThrows(IllegalStateException.class, () -> m.poll(lock), "ready: reset first");
    Mutex.ReusableLock<Integer> second = mutex.reusableLock();
    m.pending(second);
    assertThrows(IllegalStateException.class, second::reset);
    g.close();
    assertThrows(IllegalStateException.class, () -> g.get(), "a closed guard is not usable");
    second.abandon(); // abandoned after the hand-off: the lock is passed on, here freed
    assertFalse(mutex.isLocked());
    second.reset();
    m.ready(second).close();
    assertFalse(mutex.isLocked());
  }

  @Test
  void aReusableAcquireReturnsTheSamePermitEachTimeQueuesFifoAndRefusesAResetWhileHeld() {
    FairSemaphore sem = new FairSemaphore(new BackoffSpinLock(), 2);
    Semaphore.ReusableAcquire acquire = sem.reusableAcquire(2);
    Outcome<Semaphore.Permit> first = m.ready(acquire);
    Semaphore.Permit p1 = first.value();
    assertEquals(2, p1.permits());
    assertEquals(0, sem.availablePermits());
    IllegalStateException held = assertThrows(IllegalStateException.class, acquire::reset);
    assertTrue(held.getMessage().contains("close or forget"), held.getMessage());
    Future<Outcome<Semaphore.Permit>> other = sem.acquire(1);
    Mock o = new Mock();
    o.pending(other);
    Mock w = new Mock();
    p1.close();
    assertEquals(1, o.wakes());
    w.pending(acquire.reset());
    w.pending(acquire); // queued behind the other holder: the renewed wait starts afresh
    assertThrows(IllegalStateException.class, acquire::reset, "still waiting");
    o.ready(other).value().close();
    assertEquals(1, w.wakes());
    Outcome<Semaphore.Permit> second = w.ready(acquire);
    assertSame(first, second, "one outcome and one permit, re-armed");
    assertEquals(2, second.value().permits());
    second.value().forget();
    assertEquals(0, sem.availablePermits(), "forgotten permits stay out");
    acquire.reset(); // a forgotten permit holds nothing: the acquire can be armed again
    sem.addPermits(2);
    m.ready(acquire).value().close();
    assertEquals(2, sem.availablePermits());
    assertThrows(IllegalArgumentException.class, () -> sem.reusableAcquire(0));
  }

  @Test
  void aReusableAcquireAbandonedAfterItsGrantPassesThePermitsOnAndReportsAClose() {
    FairSemaphore sem = new FairSemaphore(new BackoffSpinLock(), 0);
    Semaphore.ReusableAcquire acquire = sem.reusableAcquire(1);
    m.pending(acquire);
    sem.addPermits(1);
    acquire.abandon(); // granted, never seen
    assertEquals(1, sem.availablePermits());
    Semaphore.Permit p = m.ready(acquire.reset()).value();
    p.close();
    sem.close();
    Outcome<Semaphore.Permit> closed = m.ready(acquire.reset());
    assertEquals(Outcome.Failure.CLOSED, closed.error());
  }
}
