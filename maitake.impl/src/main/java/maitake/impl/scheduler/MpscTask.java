package maitake.impl.scheduler;

import maitake.future.Future;
import maitake.future.Poll;
import maitake.task.FailureHandler;

/**
 * A task of a {@link MpscScheduler}: the POLLING and WOKEN bits live in the state word, so any
 * thread can wake it, and the task is enqueued only on the WOKEN 0 to 1 transition.
 *
 * @param <T> the output type
 */
final class MpscTask<T> extends Task<T> {
  /*
   * Implementation overview
   *
   * The no-lost-wakeup protocol of hawkw/mycelium maitake/src/task/state.rs (start_poll,
   * end_poll, wake_by_ref):
   *  - run() clears WOKEN and sets POLLING in one CAS before polling;
   *  - wake() during a poll only sets WOKEN; the scheduler re-queues the task itself when the
   *    poll ends pending and finds WOKEN set (RUN_RESCHEDULE);
   *  - wake() outside a poll enqueues only if it moved WOKEN from 0 to 1, so a task is never in
   *    a run queue twice; WOKEN therefore means "queued, or will be queued by the poller";
   *  - wakes of an ended task do nothing.
   * Cancellation sets WOKEN as well: a task that was idle (neither WOKEN nor POLLING) is
   * enqueued by cancel() itself, so it is torn down at its next turn instead of hanging (the
   * Rust cancel sets CANCELED and WOKEN and then wakes by reference, which does nothing because
   * WOKEN is set, so an idle task there is never polled again); a task being polled is re-queued
   * by its poller.
   *
   * scheduler is a plain field (a volatile store in the constructor would cost a fence per
   * spawn). It is written before the task is published to a run queue (by the constructor, by a
   * spawn into a storage after its claim, and by MpscScheduler.enqueueStolen before the thief's
   * enqueue), and the enqueue publishes it to the thread that dequeues and polls the task. A
   * waker reads it only after its own CAS on the state word moved WOKEN from 0 to 1 (afterCancel:
   * after a cancel CAS that found the task idle). Every spawn and steal leaves WOKEN set, and
   * only run()'s CAS clears it, on the thread that dequeued the task after the write; the
   * waker's CAS comes after that CAS on the same volatile word, so the read happens after the
   * write. Until that poll the task is WOKEN and wakes do not read the field at all: wakes that
   * race with a steal neither read the old scheduler nor enqueue the task anywhere.
   */

  MpscScheduler scheduler; // written before publishing to a run queue; read by wakers after a CAS

  /** A free storage (or the stub) for {@code scheduler}. */
  MpscTask(MpscScheduler scheduler) {
    this.scheduler = scheduler;
  }

  @Override
  public void wake() {
    for (; ; ) {
      int s = getStateVolatile();
      if ((s & (COMPLETE | WOKEN)) != 0) {
        return;
      }
      if (casState(s, s | WOKEN)) {
        if ((s & POLLING) == 0) {
          scheduler.enqueueWoken(this);
        }
        return;
      }
    }
  }

  @Override
  FailureHandler failureHandler() {
    MpscScheduler s = scheduler;
    return s == null ? null : s.failureHandler(); // null: still in an injector
  }

  @Override
  String runState() {
    int s = getStateVolatile();
    return (s & POLLING) != 0 ? "running" : (s & WOKEN) != 0 ? "queued" : "waiting";
  }

  @Override
  int cancelBits(int s, int ns) {
    return (s & COMPLETE) == 0 ? ns | WOKEN : ns;
  }

  @Override
  void afterCancel(int s, int ns) {
    if ((s & (COMPLETE | WOKEN | POLLING)) == 0) {
      scheduler.enqueueWoken(this); // idle: queue it so it is torn down promptly
    }
  }

  /**
   * Runs one turn of the task on the scheduler's consumer thread.
   *
   * @param closed whether the scheduler was closed when the tick began
   * @return one of the RUN_ codes
   */
  @Override
  int run(boolean closed) {
    for (; ; ) {
      int s = getStateVolatile();
      if ((s & COMPLETE) != 0) {
        return RUN_SKIPPED;
      }
      if ((s & CANCELLED) != 0 || closed) {
        tearDown((s & CANCELLED) == 0);
        return RUN_ENDED;
      }
      if (casState(s, (s | POLLING) & ~WOKEN)) {
        break;
      }
    }
    Future<T> f = future;
    Poll<T> p;
    try {
      p = f.poll(this);
    } catch (Throwable t) {
      fail(t);
      return RUN_ENDED;
    }
    if (p == null) {
      fail(nullPoll(f));
      return RUN_ENDED;
    }
    if (p.isReady()) {
      completeWith(p.value());
      return RUN_ENDED;
    }
    for (; ; ) {
      int s = getStateVolatile();
      if (casState(s, s & ~POLLING)) {
        return (s & WOKEN) != 0 ? RUN_RESCHEDULE : RUN_PENDING;
      }
    }
  }
}
