package maitake.impl.sync;

import java.util.function.Supplier;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Poll;
import maitake.sync.Outcome;

/**
 * The condition-variable loop behind {@code waitFor} and {@code waitForValue}: subscribe a wait,
 * check, and only then wait, so a wakeup between the check and the wait is never lost.
 *
 * @param <T> the value type
 */
final class ConditionWait<T> implements Future<Outcome<T>> {
  /*
   * Implementation overview
   *
   * loop:
   *   if no wait: make one and subscribe it (it is now registered: any later wake reaches it);
   *     if the subscription already completed (a stored wakeup, or closed), forget the wait:
   *     CLOSED -> CLOSED; woken -> check below, and make a new wait if the check fails
   *   value = check(); if present: abandon the wait (passing on a wakeup it may have been handed)
   *                                 and complete with the value
   *   poll the wait: pending -> pending; CLOSED -> CLOSED; woken -> forget it and loop
   * A wait is never polled after it completed (the kit's second-poll rule).
   */
  private final Supplier<? extends SubscribableWait> waits;
  private final Supplier<T> check;
  private SubscribableWait wait; // the current subscribed wait, or null
  private boolean done;

  ConditionWait(Supplier<? extends SubscribableWait> waits, Supplier<T> check) {
    this.waits = waits;
    this.check = check;
  }

  @Override
  public Poll<Outcome<T>> poll(Context context) {
    if (done) {
      throw new IllegalStateException(
          "condition wait polled after it completed: a future must "
              + "not be polled again once it returned ready");
    }
    for (; ; ) {
      if (wait == null) {
        wait = waits.get();
        Poll<Outcome<Void>> early = wait.subscribe();
        if (early.isReady()) {
          wait = null;
          if (early.value().isClosed()) {
            return finish(Outcome.error(Outcome.Failure.CLOSED));
          }
        }
      }
      T value = check.get();
      if (value != null) {
        SubscribableWait w = wait;
        wait = null;
        if (w != null) {
          w.abandon();
        }
        return finish(Outcome.ok(value == ConditionWait.TRUE ? null : value));
      }
      if (wait == null) {
        continue; // woken at subscription, and the condition still fails: wait again
      }
      Poll<Outcome<Void>> p = wait.poll(context);
      if (p.isPending()) {
        return Poll.pending();
      }
      wait = null;
      if (p.value().isClosed()) {
        return finish(Outcome.error(Outcome.Failure.CLOSED));
      }
    }
  }

  private Poll<Outcome<T>> finish(Outcome<T> o) {
    done = true;
    return Poll.ready(o);
  }

  @Override
  public void abandon() {
    SubscribableWait w = wait;
    wait = null;
    done = true;
    if (w != null) {
      w.abandon();
    }
  }

  /** The stand-in value of a boolean condition that holds. */
  static final Object TRUE = new Object();

  /** A condition as a value check: TRUE when it holds, else null. */
  @SuppressWarnings("unchecked")
  static <T> Supplier<T> asCheck(java.util.function.BooleanSupplier condition) {
    java.util.Objects.requireNonNull(condition, "condition");
    return () -> condition.getAsBoolean() ? (T) TRUE : null;
  }
}
