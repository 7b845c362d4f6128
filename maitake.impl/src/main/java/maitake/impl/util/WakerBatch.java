package maitake.impl.util;

import maitake.future.Waker;

/**
 * Wakers collected while a lock is held, to be woken after it is released. Each thread reuses one
 * batch, so collecting allocates nothing in steady state; a batch that is already in use on this
 * thread (a waker that, against the rules, re-enters the primitive inline) makes the nested user
 * take a fresh one.
 */
public final class WakerBatch {
  private static final ThreadLocal<WakerBatch> LOCAL = ThreadLocal.withInitial(WakerBatch::new);

  private Waker[] wakers = new Waker[16];
  private int size;
  private boolean inUse;

  private WakerBatch() {}

  /**
   * @return this thread's batch, now marked in use; {@link #wakeAll()} releases it
   */
  public static WakerBatch acquire() {
    WakerBatch b = LOCAL.get();
    if (b.inUse) {
      b = new WakerBatch();
    }
    b.inUse = true;
    return b;
  }

  /**
   * Adds a waker to wake later.
   *
   * @param w the waker, or null (ignored)
   */
  public void add(Waker w) {
    if (w == null) {
      return;
    }
    if (size == wakers.length) {
      Waker[] bigger = new Waker[size * 2];
      System.arraycopy(wakers, 0, bigger, 0, size);
      wakers = bigger;
    }
    wakers[size++] = w;
  }

  /**
   * Whether this thread's batch is in use now (between {@link #acquire()} and {@link #wakeAll()});
   * for diagnostics and tests: outside a primitive's operation it is false.
   *
   * @return true while the calling thread's batch is in use
   */
  public static boolean isInUseOnThisThread() {
    return LOCAL.get().inUse;
  }

  /**
   * @return how many wakers are waiting
   */
  public int size() {
    return size;
  }

  /** Wakes every collected waker (each safely, in order), empties and releases the batch. */
  public void wakeAll() {
    try {
      for (int i = 0; i < size; i++) {
        Waker w = wakers[i];
        wakers[i] = null;
        Wakers.wakeSafely(w);
      }
    } finally {
      size = 0;
      inUse = false;
    }
  }
}
