package maitake.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import maitake.Toolkit;
import maitake.future.Context;
import maitake.future.Yield;
import maitake.scheduler.LocalScheduler;
import maitake.sync.WaitQueue;
import maitake.time.Sleep;
import maitake.time.TestClock;
import maitake.time.Timer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * scale: the cost of a tick and of a timer turn as the number of idle tasks and sleeps grows from
 * 1,000 to 1,000,000; it must stay flat. A tick polls one yielding task (once per op) among N idle
 * tasks parked on a WaitQueue; a turn fires one reused sleep among N sleeps far in the future.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ScaleBench {
  static final Duration ONE_MS = Duration.ofMillis(1);

  @Param({"1000", "10000", "100000", "1000000"})
  int idle;

  LocalScheduler scheduler;
  TestClock clock;
  Timer timer;
  Sleep sleep;

  @Setup(Level.Trial)
  public void setup() {
    Toolkit kit = Toolkit.load();
    scheduler = kit.newLocalScheduler();
    WaitQueue parked = kit.newWaitQueue();
    for (int i = 0; i < idle; i++) {
      scheduler.spawn(parked.await());
    }
    Support.drain(scheduler); // every idle task is now parked
    scheduler.spawn(new Yield(Integer.MAX_VALUE));
    clock = new TestClock(Duration.ofMillis(1));
    timer = kit.newTimer(clock);
    for (int i = 0; i < idle; i++) {
      timer.sleep(Duration.ofHours(1 + i % 100)).poll(Context.NOOP);
    }
    sleep = timer.sleepTicks(0);
    sleep.poll(Context.NOOP);
  }

  /** One tick with one runnable task: polls it once (it re-queues itself) up to the budget. */
  @Benchmark
  public int ours_tickAmongIdleTasks() {
    return scheduler.tick().polled();
  }

  @Benchmark
  public int ours_turnAmongIdleSleeps() {
    Sleep s = sleep.reset(ONE_MS);
    s.poll(Context.NOOP);
    clock.advanceTicks(1);
    return timer.advance();
  }
}
