package maitake.mutex.providers;

import maitake.sync.blocking.RawMutex;

/**
 * A raw mutex on a Java monitor ({@code synchronized} provider): waiters block in {@link
 * Object#wait()} instead of spinning.
 *
 * <p>Fairness: none (the JVM's monitor wakes an arbitrary waiter). Re-entrancy: none; locking again
 * on the holder's thread would deadlock for certain, so it throws {@link IllegalStateException}
 * instead. Unlock by a non-holder throws {@link IllegalStateException}. Pick it when critical
 * sections may be long or threads outnumber cores: waiters sleep instead of burning CPU.
 */
final class MonitorLock implements RawMutex {
  private volatile Thread owner; // written under this object's monitor

  @Override
  public void lock() {
    Thread me = Thread.currentThread();
    boolean interrupted = false;
    synchronized (this) {
      while (owner != null) {
        if (owner == me) {
          throw new IllegalStateException("the synchronized raw mutex is not re-entrant");
        }
        try {
          wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      owner = me;
    }
    if (interrupted) {
      me.interrupt();
    }
  }

  @Override
  public synchronized boolean tryLock() {
    if (owner != null) {
      return false;
    }
    owner = Thread.currentThread();
    return true;
  }

  @Override
  public synchronized void unlock() {
    if (owner != Thread.currentThread()) {
      throw new IllegalStateException("unlock by a thread that does not hold the lock");
    }
    owner = null;
    notify();
  }

  @Override
  public boolean isLocked() {
    return owner != null;
  }

  @Override
  public String toString() {
    Thread o = owner;
    return "MonitorLock(" + (o == null ? "unlocked" : "held by " + o.getName()) + ")";
  }
}
