package maitake.impl.scheduler;

import maitake.future.Future;
import maitake.future.Poll;
import maitake.task.FailureHandler;

/**
 * A task of a {@link ConfinedScheduler}. Its queue bits (woken, polling) are plain fields that only
 * the owner thread touches, so spawning, polling and waking on the owner thread use no atomic
 * operation. A wake from another thread sets REMOTE_WOKEN in the state word and puts the task on
 * the scheduler's remote queue, which the owner drains.
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
   * Remote wakes: a CAS sets REMOTE_WOKEN unless the task ended or the bit is already set; the
   * thread that set it enqueues the task on the remote MPSC queue (the link is Task.next; the
   * local queue uses localNext, since a task can be in both). The owner clears REMOTE_WOKEN when
   * it drains the task, then wakes it locally; a local wake of a task whose bit is set does
   * nothing, because that drain will wake it. An ended task is never marked, so a storage that
   * isFree() reported free stays free until someone claims it. The state word's other bits
   * (cancel, completion, join) are atomic as in every task, because handles are polled and
   * cancelled from any thread: completing a task costs one CAS.
   *
   * Which scheduler: a storage can be respawned on another LocalScheduler, so a stale waker from
   * its previous task may hold it while scheduler changes. Every respawn claims the storage with
   * REMOTE_WOKEN set and writes scheduler before that bit is cleared (by the drain of a remote
   * spawn, or by the owner right after a local spawn). wake() reads the state word first and
   * scheduler after it, and wakeRemote() reads scheduler again after its CAS: a waker that gets
   * past the bit therefore sees the scheduler of the task that is live now.
   *
   * Teardown: from the start of a turn until end(), lstate holds L_POLLING, so a future whose
   * abandon() (or failing poll) wakes its own task only marks it; beforeEnd() resets lstate as
   * the last write before the ending CAS, after which the owner never touches the task again
   * (a respawn from another thread may write lstate from then on). So an ended task is in no
   * local queue, and a respawn never links a node that is still linked.
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
    int st = getStateVolatile();
    RaceHooks.run(RaceHooks.wakeTouchedState, this);
    if ((st & (COMPLETE | REMOTE_WOKEN)) != 0) {
      return; // ended, or in the remote queue, whose drain wakes it locally
    }
    ConfinedScheduler s = scheduler; // read after the state: see the overview
    RaceHooks.run(RaceHooks.wakeReadScheduler, this);
    if (Thread.currentThread() == s.owner()) {
      s.wakeLocal(this);
    } else {
      wakeRemote();
    }
  }

  private void wakeRemote() {
    for (; ; ) {
      int st = getStateVolatile();
      if ((st & (COMPLETE | REMOTE_WOKEN)) != 0) {
        return; // ended (a free storage is never marked), or already in the remote queue
      }
      if (casState(st, st | REMOTE_WOKEN)) {
        scheduler.enqueueRemote(this); // read after the CAS: the scheduler of the live task
        return;
      }
    }
  }

  @Override
  FailureHandler failureHandler() {
    return scheduler.failureHandler();
  }

  @Override
  String runState() {
    int l = lstate; // the owner's field, read racily: a hint for a dump
    if ((l & L_POLLING) != 0) {
      return "running";
    }
    return (l & L_WOKEN) != 0 || (getStateVolatile() & REMOTE_WOKEN) != 0 ? "queued" : "waiting";
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
  @Override
  int run(boolean closed) {
    int s = getStateVolatile();
    if ((s & COMPLETE) != 0) {
      return RUN_SKIPPED; // not reached: an ended task is in no local queue (see the overview)
    }
    lstate = L_POLLING; // from here until end(): wakes only mark it, never queue it
    if ((s & CANCELLED) != 0 || closed) {
      tearDown((s & CANCELLED) == 0);
      return RUN_ENDED;
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
    int l = lstate & ~L_POLLING;
    lstate = l;
    return (l & L_WOKEN) != 0 ? RUN_RESCHEDULE : RUN_PENDING;
  }

  @Override
  void beforeEnd() {
    lstate = 0; // the last write to lstate: after end() the storage may be respawned elsewhere
  }
}
