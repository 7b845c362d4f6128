package maitake.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import maitake.future.Context;
import maitake.spi.Toolkit;
import maitake.time.Sleep;
import maitake.time.TestClock;
import maitake.time.Timer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The timer's steady-state paths with one reused sleep: register and abandon (the timeout
 * pattern), and register and fire through a turn. Both must allocate nothing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TimerBench {
  static final Duration D = Duration.ofMillis(100);

  TestClock clock;
  Timer timer;
  Sleep sleep;

  @Setup(Level.Trial)
  public void setup() {
    clock = new TestClock(Duration.ofMillis(1));
    timer = Toolkit.load().newTimer(clock);
    sleep = timer.sleep(D);
    sleep.abandon();
  }

  @Benchmark
  public void registerAndAbandonReusedSleep() {
    Sleep s = sleep.reset(D);
    s.poll(Context.NOOP);
    s.abandon();
  }

  @Benchmark
  public int registerAndFireReusedSleep() {
    Sleep s = sleep.reset(D);
    s.poll(Context.NOOP);
    clock.advanceTicks(100);
    return timer.turn().expired();
  }
}
