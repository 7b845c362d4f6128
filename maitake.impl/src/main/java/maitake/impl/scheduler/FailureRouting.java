package maitake.impl.scheduler;

import maitake.task.FailureHandler;

/**
 * Which {@link FailureHandler} a scheduler's unobserved task failures go to: the scheduler's own,
 * else the one of the toolkit that made it, else {@link FailureHandler#logging()}. One object per
 * toolkit carries the toolkit-wide handler; every scheduler keeps a reference to it and a handler
 * of its own.
 *
 * <p>Thread-safe: handlers are volatile fields, read once per report.
 */
public final class FailureRouting {
  private volatile FailureHandler handler; // set by the toolkit's owner; null: the default

  /** A routing with the default handler. */
  public FailureRouting() {}

  /**
   * Sets the handler.
   *
   * @param handler the handler, or null for {@link FailureHandler#logging()}
   */
  public void set(FailureHandler handler) {
    this.handler = handler;
  }

  /**
   * @return the handler set, or null
   */
  public FailureHandler get() {
    return handler;
  }

  /** The handler of a scheduler: its own if set, else {@code fallback}'s, else null. */
  static FailureHandler choose(FailureHandler own, FailureRouting fallback) {
    return own != null ? own : fallback != null ? fallback.handler : null;
  }

  @Override
  public String toString() {
    FailureHandler h = handler;
    return "FailureRouting(" + (h == null ? FailureHandler.logging() : h) + ")";
  }
}
