package maitake.mutex.providers;

import maitake.sync.blocking.RawMutex;

/**
 * A raw mutex of the {@code critical-section} provider: it enters the process-wide {@link
 * CriticalSection} first and then takes its own lock, and releases in the reverse order. Never the
 * other way round: the Rust crate shipped a deadlock from taking them in the wrong order
 * (maitake-sync issues 513 and 514).
 *
 * <p>Fairness: that of the section's {@link java.util.concurrent.locks.ReentrantLock} (none).
 * Re-entrancy: the section nests, so a thread may hold several of these mutexes at once, but the
 * same mutex again would deadlock for certain and throws {@link IllegalStateException}. Unlock by a
 * thread that does not hold it throws {@link IllegalStateException}. Pick it to serialize all the
 * kit's wait lists process-wide, as code ported from an interrupt-masking embedded design expects;
 * it gives up all parallelism between primitives.
 */
final class CriticalSectionMutex implements RawMutex {
  private final CriticalSection section;
  private volatile boolean taken; // written inside the section only

  /** A lock in the process-wide section. */
  CriticalSectionMutex() {
    this(CriticalSection.GLOBAL);
  }

  /** A lock in {@code section} (tests). */
  CriticalSectionMutex(CriticalSection section) {
    this.section = section;
  }

  @Override
  public void lock() {
    section.enter();
    if (taken) {
      section.exit();
      throw new IllegalStateException(
          "deadlock: this critical-section mutex is already held by "
              + "this thread (the section keeps every other thread out)");
    }
    taken = true;
  }

  @Override
  public boolean tryLock() {
    if (!section.tryEnter()) {
      return false;
    }
    if (taken) {
      section.exit();
      return false;
    }
    taken = true;
    return true;
  }

  @Override
  public void unlock() {
    if (!section.isInside() || !taken) {
      throw new IllegalStateException("unlock by a thread that does not hold the lock");
    }
    taken = false;
    section.exit();
  }

  @Override
  public boolean isLocked() {
    return taken;
  }

  @Override
  public String toString() {
    return "CriticalSectionMutex(" + (taken ? "locked" : "unlocked") + ")";
  }
}
