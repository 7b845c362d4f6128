package maitake.impl.util;

import maitake.future.Waker;

/** Calling wakers without letting what they throw break the caller. */
public final class Wakers {
  private Wakers() {}

  /**
   * Wakes {@code w} if it is not null, reporting (never propagating) what it throws.
   *
   * @param w the waker, or null
   */
  public static void wakeSafely(Waker w) {
    if (w == null) {
      return;
    }
    try {
      w.wake();
    } catch (Throwable e) {
      reportUncaught(e);
    }
  }

  /**
   * Hands a throwable that has nowhere to go (a waker or an abandon that threw) to the current
   * thread's uncaught-exception handler, which prints it by default; the thread goes on.
   *
   * @param e the throwable
   */
  public static void reportUncaught(Throwable e) {
    Thread t = Thread.currentThread();
    try {
      t.getUncaughtExceptionHandler().uncaughtException(t, e);
    } catch (Throwable ignored) {
      // the handler itself failed; there is nobody left to tell
    }
  }
}
