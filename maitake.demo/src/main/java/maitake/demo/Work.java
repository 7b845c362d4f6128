package maitake.demo;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Poll;
import maitake.sync.MutexGuard;
import maitake.sync.Outcome;
import maitake.sync.Semaphore;
import maitake.time.Sleep;

/**
 * The part of a {@link Job} that runs under a timeout: borrow a connection (a permit of the pool
 * semaphore), "query" for a random while, take the mutex around the shared state, update it, give
 * everything back. If the timeout fires first, {@link #abandon()} gives back whatever was taken:
 * this is the kit's cancel safety at work.
 */
final class Work implements Future<Void> {
  private final Workload w;
  private Future<Outcome<Semaphore.Permit>> borrowing;
  private boolean borrowWaited;
  private Semaphore.Permit connection;
  private Sleep query;
  private boolean queried; // the query sleep completed (a completed future is not polled again)
  private Future<MutexGuard<long[]>> locking;
  private boolean lockWaited;

  Work(Workload w) {
    this.w = w;
  }

  @Override
  public Poll<Void> poll(Context cx) {
    if (connection == null) {
      if (borrowing == null) {
        borrowing = w.pool.acquire(1);
      }
      Poll<Outcome<Semaphore.Permit>> p = borrowing.poll(cx);
      if (p.isPending()) {
        borrowWaited = true;
        return Poll.pending();
      }
      borrowing = null;
      connection = p.value().value();
      if (borrowWaited) {
        w.semaphoreWaits.incrementAndGet();
      }
    }
    if (query == null) {
      query =
          w.timer.sleep(Duration.ofMillis(ThreadLocalRandom.current().nextInt(w.queryMaxMillis)));
    }
    if (!queried) {
      if (query.poll(cx).isPending()) {
        return Poll.pending();
      }
      queried = true;
    }
    if (locking == null) {
      locking = w.state.lock();
    }
    Poll<MutexGuard<long[]>> l = locking.poll(cx);
    if (l.isPending()) {
      lockWaited = true;
      return Poll.pending();
    }
    locking = null;
    try (MutexGuard<long[]> g = l.value()) {
      g.get()[0]++;
      w.increments.incrementAndGet(); // counted in the same step as the update itself
    }
    if (lockWaited) {
      w.handoffs.incrementAndGet();
    }
    w.locks.incrementAndGet();
    connection.close();
    connection = null;
    return Poll.readyNull();
  }

  @Override
  public void abandon() {
    if (borrowing != null) {
      borrowing.abandon(); // gives back permits partially assigned to it
      borrowing = null;
    }
    if (query != null) {
      query.abandon(); // leaves the timer wheel
    }
    if (locking != null) {
      locking.abandon(); // passes the mutex on if it had just been handed to us
      locking = null;
    }
    if (connection != null) {
      connection.close(); // the connection goes back to the pool
      connection = null;
    }
  }
}
