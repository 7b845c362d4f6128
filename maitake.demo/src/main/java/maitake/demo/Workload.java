package maitake.demo;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import maitake.Toolkit;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Poll;
import maitake.runtime.Runtime;
import maitake.sync.Channel;
import maitake.sync.Mutex;
import maitake.sync.MutexGuard;
import maitake.sync.Outcome;
import maitake.sync.Semaphore;
import maitake.task.JoinHandle;
import maitake.time.Timer;

/**
 * The demo workload: {@link Job}s that sleep, work under a timeout with a connection pool and a
 * mutex, and report to an auditor task over a channel; plus the counters that prove nothing was
 * lost.
 */
final class Workload {
  final Timer timer;
  final Mutex<long[]> state;
  final Semaphore pool;
  final int poolSize;
  final Channel<Integer> channel;
  final Channel.Sender<Integer> audit;
  final Duration workTimeout = Duration.ofMillis(8);
  final int queryMaxMillis = 10;
  private final int tasks;
  private final AtomicLongArray lateness; // nanoseconds, one per task
  private final AtomicIntegerArray finishedCount; // one per task
  final AtomicLong finished = new AtomicLong();
  final AtomicLong increments = new AtomicLong();
  final AtomicLong locks = new AtomicLong();
  final AtomicLong handoffs = new AtomicLong();
  final AtomicLong semaphoreWaits = new AtomicLong();
  final AtomicLong timeouts = new AtomicLong();
  final AtomicLong sent = new AtomicLong();
  final AtomicLong received = new AtomicLong();
  private final boolean combinators;
  private JoinHandle<Void> auditor;

  Workload(Runtime rt, Toolkit kit, int tasks, int poolSize, boolean combinators) {
    this.combinators = combinators;
    this.timer = rt.timer();
    this.tasks = tasks;
    this.poolSize = poolSize;
    this.state = kit.newMutex(new long[1]);
    this.pool = kit.newSemaphore(poolSize);
    this.channel = kit.newChannel(256);
    this.audit = channel.sender();
    this.lateness = new AtomicLongArray(tasks);
    this.finishedCount = new AtomicIntegerArray(tasks);
  }

  /** Starts the auditor: receives every report until the channel closes. */
  void startAuditor(Runtime rt) {
    Channel.Receiver<Integer> rx = channel.receiver();
    if (combinators) {
      auditor =
          rt.spawn(
              rx.forEach(
                      report -> {
                        received.incrementAndGet();
                        return maitake.future.Futures.ready(null);
                      })
                  .map(n -> null));
      return;
    }
    auditor =
        rt.spawn(
            new Future<Void>() {
              private Future<Outcome<Integer>> next;

              @Override
              public Poll<Void> poll(Context cx) {
                for (; ; ) {
                  if (next == null) {
                    next = rx.receive();
                  }
                  Poll<Outcome<Integer>> p = next.poll(cx);
                  if (p.isPending()) {
                    return Poll.pending();
                  }
                  next = null;
                  if (p.value().isClosed()) {
                    return Poll.readyNull();
                  }
                  received.incrementAndGet();
                }
              }
            });
  }

  JoinHandle<Void> spawn(Runtime rt, int id) {
    return rt.spawn(combinators ? CombinedJob.job(this, id) : new Job(this, id));
  }

  void recordLateness(int id, long nanos) {
    lateness.set(id, Math.max(0, nanos));
  }

  void finished(int id) {
    finishedCount.incrementAndGet(id);
    finished.incrementAndGet();
  }

  /** Closes the channel once every job has reported, and waits for the auditor. */
  void finishAudit() {
    audit.close();
    maitake.future.Futures.blockOn(auditor);
  }

  /**
   * @return the lateness percentiles p50, p99 and max, in nanoseconds
   */
  long[] latenessPercentiles() {
    long[] all = new long[tasks];
    for (int i = 0; i < tasks; i++) {
      all[i] = lateness.get(i);
    }
    Arrays.sort(all);
    return new long[] {
      all[tasks / 2], all[Math.min(tasks - 1, (int) (tasks * 0.99))], all[tasks - 1]
    };
  }

  /**
   * @return how many tasks finished a number of times other than once
   */
  int tasksNotFinishedExactlyOnce() {
    int bad = 0;
    for (int i = 0; i < tasks; i++) {
      if (finishedCount.get(i) != 1) {
        bad++;
      }
    }
    return bad;
  }

  /**
   * @return the shared counter, read under the mutex
   */
  long sharedCounter() {
    MutexGuard<long[]> g = state.tryLock();
    if (g == null) {
      return -1;
    }
    try (g) {
      return g.get()[0];
    }
  }
}
