package maitake.impl.scheduler;

import maitake.future.Future;
import maitake.future.Poll;

/**
 * A task of a {@link ConfinedScheduler}. Its queue bits (woken, polling) are plain fields that
 * only the owner thread touches, so spawning, polling and waking on the owner thread use no
 * atomic operation. A wake from another thread sets REMOTE_WOKEN in the state word and puts the
 * task on the scheduler's remote queue, which the owner drains.
 *
 * @param <T> the output type
 */
final class ConfinedTask<T> extends Task<T> {
  /*
   * Implementation overview
   *
   * lstate (owner thread only):
   *   L_WOKEN        in the local queue, or will be put back there when the current poll ends
   *   L_POLLING      the owner is polling the future now
   *   L_REMOTE_SPAWN spawned by another thread; counted as spawned (not woken) when drained
   *
   * The local protocol is MpscTask's with plain fields: a wake sets L_WOKEN and pushes the task
   * only if it was not set and the task is not being polled; the poller re-queues a task that
   * was woken during its poll.
   *
   * Remote wakes: getAndBitwiseOr(REMOTE_WOKEN); the thread that set the bit enqueues the task
   * on the remote MPSC queue (the link is Task.next; the local queue uses localNext, since a
   * task can be in both). The owner clears REMOTE_WOKEN when it drains the task, then wakes it
   * locally. A remote wake of an ended task takes its bit back, so a free storage is never left
   * marked. The state word's other bits (cancel, completion, join) are atomic as in every task,
   * because handles are polled and cancelled from any thread: completing a task costs one CAS.
   */

  static final int L_WOKEN = 1;
  static final int L_POLLING = 1 << 1;
  static final int L_REMOTE_SPAWN = 1 << 2;

  // written at spawn, before the task is published (through a queue or a handle returned to the
  // spawner); plain, because a volatile store here would cost a fence per spawn
  ConfinedScheduler scheduler;
  int lstate; // owner thread only (remote spawners write it before publishing the task)
  ConfinedTask<?> localNext; // owner thread only

  /** A free storage (or a stub) for {@code scheduler}. */
  ConfinedTask(ConfinedScheduler scheduler) {
    this.scheduler = scheduler;
  }

  @Override
  public void wake() {
    ConfinedScheduler s = scheduler;
    if (Thread.currentThread() == s.owner()) {
      s.wakeLocal(this);
    } else {
      wakeRemote(s);
    }
  }

  private void wakeRemote(ConfinedScheduler s) {
    int prev = getAndBitwiseOrState(REMOTE_WOKEN);
    if ((prev & REMOTE_WOKEN) != 0) {
      return; // already in the remote queue
    }
    if ((prev & COMPLETE) != 0) {
      getAndBitwiseAndState(~REMOTE_WOKEN); // ended: take the bit back
      return;
    }
    s.enqueueRemote(this);
  }

  @Override
  int cancelBits(int s, int ns) {
    return ns;
  }

  @Override
  void afterCancel(int s, int ns) {
    if ((s & COMPLETE) == 0) {
      wake(); // queue it (locally or remotely) so it is torn down at its next turn
    }
  }

  /**
   * Runs one turn of the task on the owner thread.
   *
   * @param closed whether the scheduler was closed when the tick began
   * @return one of the RUN_ codes
   */
  int run(boolean closed) {
    int s = getStateVolatile();
    if ((s & COMPLETE) != 0) {
      lstate = 0;
      return RUN_SKIPPED;
    }
    if ((s & CANCELLED) != 0 || closed) {
      lstate = 0;
      tearDown((s & CANCELLED) == 0);
      return RUN_ENDED;
    }
    lstate = L_POLLING;
    Future<T> f = future;
    Poll<T> p;
    try {
      p = f.poll(this);
    } catch (Throwable t) {
      lstate = 0;
      fail(t);
      return RUN_ENDED;
    }
    if (p.isReady()) {
      lstate = 0;
      completeWith(p.value());
      return RUN_ENDED;
    }
    int l = lstate & ~L_POLLING;
    lstate = l;
    return (l & L_WOKEN) != 0 ? RUN_RESCHEDULE : RUN_PENDING;
  }
}
