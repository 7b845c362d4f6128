package maitake.bench;

import java.time.Duration;
import java.util.PriorityQueue;
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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * timer_expire: 1,000,000 timers spread over 10 s of 1 ms ticks; advance the clock tick by tick and
 * fire them all; the score is per timer (insert plus expiry). Peers that can be driven by a clock
 * we control: Agrona's DeadlineTimerWheel and a PriorityQueue. (Netty's HashedWheelTimer and
 * ScheduledThreadPoolExecutor only follow the wall clock; they would need the 10 s to pass.)
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TimerExpireBench {
  static final int TIMERS = 1_000_000;
  static final int SPAN_MS = 10_000;

  TestClock clock;
  Timer timer;
  Sleep[] sleeps;
  LocalTimer local; // owned by the benchmark thread (Scope.Thread: setup runs on it)
  Sleep[] localSleeps;
  Duration[] durations; // 1 ms to SPAN_MS, made once so the loop allocates nothing of its own
  DeadlineTimerWheel agrona;
  long agronaBase;

  @Setup(Level.Trial)
  public void setup() {
    clock = new TestClock(Duration.ofMillis(1));
    timer = Toolkit.load().newTimer(clock);
    sleeps = new Sleep[TIMERS];
    for (int i = 0; i < TIMERS; i++) {
      sleeps[i] = timer.sleepTicks(0);
      sleeps[i].poll(Context.NOOP); // fires at once: the sleep is reusable from here
    }
    local = Toolkit.load().newLocalTimer(clock);
    local.turn(); // this thread owns it
    localSleeps = new Sleep[TIMERS];
    for (int i = 0; i < TIMERS; i++) {
      localSleeps[i] = local.sleepTicks(0);
      localSleeps[i].poll(Context.NOOP);
    }
    durations = new Duration[SPAN_MS];
    for (int i = 0; i < SPAN_MS; i++) {
      durations[i] = Duration.ofMillis(1 + i);
    }
    agrona = new DeadlineTimerWheel(TimeUnit.MILLISECONDS, 0, 1, 16_384);
  }

  @Benchmark
  @OperationsPerInvocation(TIMERS)
  public long ours_reusedSleeps() {
    for (int i = 0; i < TIMERS; i++) {
      Sleep s = sleeps[i].reset(durations[i % SPAN_MS]);
      s.poll(Context.NOOP);
    }
    long fired = 0;
    for (int t = 0; t < SPAN_MS; t++) {
      clock.advanceTicks(1);
      fired += timer.advance();
    }
    return fired;
  }

  /** The confined timer on its owner thread. */
  @Benchmark
  @OperationsPerInvocation(TIMERS)
  public long ours_localTimerReusedSleeps() {
    for (int i = 0; i < TIMERS; i++) {
      Sleep s = localSleeps[i].reset(durations[i % SPAN_MS]);
      s.poll(Context.NOOP);
    }
    long fired = 0;
    for (int t = 0; t < SPAN_MS; t++) {
      clock.advanceTicks(1);
      fired += local.advance();
    }
    return fired;
  }

  @Benchmark
  @OperationsPerInvocation(TIMERS)
  public long peer_agronaDeadlineTimerWheel() {
    DeadlineTimerWheel wheel = agrona;
    long base = agronaBase;
    agronaBase += SPAN_MS;
    for (int i = 0; i < TIMERS; i++) {
      wheel.scheduleTimer(base + 1 + i % SPAN_MS);
    }
    long[] fired = {0};
    for (long now = base + 1; now <= base + SPAN_MS; now++) {
      while (wheel.poll(
              now,
              (unit, n, id) -> {
                fired[0]++;
                return true;
              },
              Integer.MAX_VALUE)
          > 0) {
        // drain this tick
      }
    }
    return fired[0];
  }

  @Benchmark
  @OperationsPerInvocation(TIMERS)
  public long peer_priorityQueue() {
    PriorityQueue<long[]> pq = new PriorityQueue<>(TIMERS, (a, b) -> Long.compare(a[0], b[0]));
    for (int i = 0; i < TIMERS; i++) {
      pq.add(new long[] {1 + i % SPAN_MS});
    }
    long fired = 0;
    for (long now = 1; now <= SPAN_MS; now++) {
      while (!pq.isEmpty() && pq.peek()[0] <= now) {
        pq.poll();
        fired++;
      }
    }
    return fired;
  }
}
