package maitake.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import maitake.Toolkit;
import maitake.future.Context;
import maitake.future.Future;
import maitake.time.Interval;
import maitake.time.TestClock;
import maitake.time.Timer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * interval_tick: one period of a 1 ms interval on a manual clock: advance the clock one tick, turn
 * the timer, take the tick. Through the interval itself (the tick's {@code Instant} is made) and
 * through its {@code ticks()} view (nothing is made).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class IntervalTickBench {
  TestClock clock;
  Timer timer;
  Interval interval;
  Future<Void> ticks;

  @Setup(Level.Iteration)
  public void setup() {
    clock = new TestClock(Duration.ofMillis(1));
    timer = Toolkit.load().newTimer(clock);
    interval = timer.interval(Duration.ofMillis(1));
    ticks = interval.ticks();
    interval.poll(Context.NOOP); // the first tick is immediate
  }

  private void nextPeriod() {
    clock.advanceTicks(1);
    timer.advance();
  }

  @Benchmark
  public Object ours_intervalInstant() {
    nextPeriod();
    return interval.poll(Context.NOOP).value();
  }

  @Benchmark
  public boolean ours_intervalTicksView() {
    nextPeriod();
    return ticks.poll(Context.NOOP).isReady();
  }
}
