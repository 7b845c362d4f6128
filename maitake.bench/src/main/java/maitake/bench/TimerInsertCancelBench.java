package maitake.bench;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import maitake.Toolkit;
import maitake.future.Context;
import maitake.time.LocalTimer;
import maitake.time.Sleep;
import maitake.time.TestClock;
import maitake.time.Timer;
import org.agrona.DeadlineTimerWheel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * timer_insert_cancel: register a timer 100 ms ahead and cancel it before it expires (the timeout
 * pattern); the score is per insert plus cancel. A thousand other timers stay registered in every
 * structure so the cancel is not trivially of the only entry.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TimerInsertCancelBench {
  static final Duration D = Duration.ofMillis(100);
  static final int BACKGROUND = 1_000;

  TestClock clock;
  Timer timer;
  Sleep reused;
  LocalTimer local; // owned by the benchmark thread (Scope.Thread: setup runs on it)
  Sleep localReused;
  DeadlineTimerWheel agrona;
  long agronaNow;
  HashedWheelTimer netty;
  ScheduledThreadPoolExecutor stpe;
  PriorityQueue<long[]> pq;
  final Runnable nothing = () -> {};

  @Setup(Level.Trial)
  public void setup() {
    clock = new TestClock(Duration.ofMillis(1));
    timer = Toolkit.load().newTimer(clock);
    reused = timer.sleep(D);
    reused.abandon();
    local = Toolkit.load().newLocalTimer(clock);
    local.turn(); // this thread owns it
    localReused = local.sleep(D);
    localReused.abandon();
    agrona = new DeadlineTimerWheel(TimeUnit.MILLISECONDS, 0, 1, 1024);
    netty = new HashedWheelTimer();
    stpe = new ScheduledThreadPoolExecutor(1);
    stpe.setRemoveOnCancelPolicy(true);
    pq = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
    for (int i = 0; i < BACKGROUND; i++) {
      timer.sleep(Duration.ofMillis(1_000 + i)).poll(Context.NOOP);
      local.sleep(Duration.ofMillis(1_000 + i)).poll(Context.NOOP);
      agrona.scheduleTimer(1_000 + i);
      netty.newTimeout(t -> {}, 1_000 + i, TimeUnit.SECONDS);
      stpe.schedule(nothing, 1_000 + i, TimeUnit.SECONDS);
      pq.add(new long[] {1_000 + i});
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    netty.stop();
    stpe.shutdownNow();
  }

  /** Reuses one Sleep: the zero-allocation path. */
  @Benchmark
  public Sleep ours_reusedSleep() {
    return resetPollAbandon(reused);
  }

  /** One timeout cycle on a reused sleep: arm, register, abandon. */
  private static Sleep resetPollAbandon(Sleep reused) {
    Sleep s = reused.reset(D);
    s.poll(Context.NOOP);
    s.abandon();
    return s;
  }

  /** The confined timer on its owner thread: no lock, no atomic operation. */
  @Benchmark
  public Sleep ours_localTimerReusedSleep() {
    return resetPollAbandon(localReused);
  }

  @Benchmark
  public Sleep ours_newSleep() {
    Sleep s = timer.sleep(D);
    s.poll(Context.NOOP);
    s.abandon();
    return s;
  }

  @Benchmark
  public boolean peer_agronaDeadlineTimerWheel() {
    long id = agrona.scheduleTimer(agronaNow + 100);
    return agrona.cancelTimer(id);
  }

  @Benchmark
  public boolean peer_nettyHashedWheelTimer() {
    Timeout t = netty.newTimeout(x -> {}, 100, TimeUnit.MILLISECONDS);
    return t.cancel();
  }

  @Benchmark
  public boolean peer_scheduledThreadPoolExecutor() {
    ScheduledFuture<?> f = stpe.schedule(nothing, 100, TimeUnit.MILLISECONDS);
    return f.cancel(false);
  }

  @Benchmark
  public boolean peer_priorityQueue() {
    long[] e = {100};
    pq.add(e);
    return pq.remove(e);
  }
}
