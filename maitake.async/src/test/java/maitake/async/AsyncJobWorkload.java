package maitake.async;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import maitake.Toolkit;
import maitake.sync.Channel;
import maitake.sync.Mutex;
import maitake.sync.Semaphore;
import maitake.time.TestClock;
import maitake.time.Timer;

/** What the demo's Workload gives its jobs, for {@link AsyncJob}: a pool, state, an auditor. */
final class AsyncJobWorkload {
  final TestClock clock = new TestClock(Duration.ofMillis(1));
  final Timer timer;
  final Semaphore pool;
  final int poolSize = 16;
  final Mutex<long[]> state;
  final Channel<Integer> channel;
  final Channel.Sender<Integer> audit;
  final Duration workTimeout = Duration.ofMillis(8);
  final int queryMaxMillis = 12;
  final AtomicLong timeouts = new AtomicLong();
  final AtomicLong sent = new AtomicLong();
  final AtomicLong increments = new AtomicLong();
  final AtomicLong locks = new AtomicLong();
  final AtomicLong lateness = new AtomicLong();
  final AtomicIntegerArray finishedTimes;

  AsyncJobWorkload(Toolkit kit, int tasks) {
    timer = kit.newTimer(clock);
    pool = kit.newSemaphore(poolSize);
    state = kit.newMutex(new long[1]);
    channel = kit.newChannel(64);
    audit = channel.sender();
    finishedTimes = new AtomicIntegerArray(tasks);
  }

  void recordLateness(int id, long ticks) {
    lateness.accumulateAndGet(Math.max(0, ticks), Math::max);
  }

  void finished(int id) {
    finishedTimes.incrementAndGet(id);
  }
}
