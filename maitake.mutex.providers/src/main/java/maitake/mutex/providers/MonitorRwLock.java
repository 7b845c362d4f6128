package maitake.mutex.providers;

import maitake.sync.blocking.RawRwLock;

/**
 * A reader-writer lock on a Java monitor ({@code synchronized} provider). Writer-preferring: a
 * waiting writer keeps new readers out. Not re-entrant; an exclusive unlock by a non-holder throws
 * {@link IllegalStateException}.
 */
final class MonitorRwLock implements RawRwLock {
  private int readers; // guarded by this
  private int waitingWriters; // guarded by this
  private volatile Thread writer; // written under this object's monitor

  @Override
  public void lockShared() {
    boolean interrupted = false;
    synchronized (this) {
      while (writer != null || waitingWriters > 0) {
        try {
          wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      readers++;
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public synchronized boolean tryLockShared() {
    if (writer != null || waitingWriters > 0) {
      return false;
    }
    readers++;
    return true;
  }

  @Override
  public synchronized void unlockShared() {
    if (readers == 0) {
      throw new IllegalStateException("unlockShared without a shared hold");
    }
    if (--readers == 0) {
      notifyAll();
    }
  }

  @Override
  public void lockExclusive() {
    Thread me = Thread.currentThread();
    boolean interrupted = false;
    synchronized (this) {
      if (writer == me) {
        throw new IllegalStateException("the synchronized raw rw lock is not re-entrant");
      }
      waitingWriters++;
      while (writer != null || readers > 0) {
        try {
          wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      waitingWriters--;
      writer = me;
    }
    if (interrupted) {
      me.interrupt();
    }
  }

  @Override
  public synchronized boolean tryLockExclusive() {
    if (writer != null || readers > 0) {
      return false;
    }
    writer = Thread.currentThread();
    return true;
  }

  @Override
  public synchronized void unlockExclusive() {
    if (writer != Thread.currentThread()) {
      throw new IllegalStateException("unlockExclusive by a thread that does not hold it");
    }
    writer = null;
    notifyAll();
  }

  @Override
  public synchronized boolean isLocked() {
    return writer != null || readers > 0;
  }

  @Override
  public boolean isLockedExclusive() {
    return writer != null;
  }
}
