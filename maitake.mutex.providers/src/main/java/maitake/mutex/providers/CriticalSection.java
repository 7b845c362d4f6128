package maitake.mutex.providers;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The process-wide critical section of the {@code critical-section} provider: the Java analogue of
 * the critical-section crate with its {@code std} implementation (a process-wide mutex that the
 * same thread may enter again). While a thread is inside, no other thread is. Entries nest on one
 * thread; the section is left when every entry has exited.
 *
 * <p>{@link #GLOBAL} is the one section every lock of the provider uses; other instances exist only
 * so that tests (Lincheck, which runs many isolated scenarios) can have a section of their own.
 */
final class CriticalSection {
  /** The process-wide section. */
  static final CriticalSection GLOBAL = new CriticalSection();

  private final ReentrantLock lock = new ReentrantLock();

  void enter() {
    lock.lock();
  }

  boolean tryEnter() {
    return lock.tryLock();
  }

  void exit() {
    lock.unlock();
  }

  boolean isInside() {
    return lock.isHeldByCurrentThread();
  }

  /**
   * @return how deeply the calling thread is nested in the section (0 outside)
   */
  int depth() {
    return lock.getHoldCount();
  }
}
