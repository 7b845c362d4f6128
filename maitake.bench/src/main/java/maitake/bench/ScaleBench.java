package maitake.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import maitake.Toolkit;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Poll;
import maitake.future.Yield;
import maitake.scheduler.LocalScheduler;
import maitake.sync.WaitQueue;
import maitake.time.Sleep;
import maitake.time.TestClock;
import maitake.time.Timer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 *
 * <p>The setup polls every idle task once through the same tick, and left alone that history
 * decides what C2 compiles, so the tick row measured the compiler rather than N. Three things make
 * the compiled code the same at every N. The idle tasks and the polled one are one future class,
 * {@link OneOf}, so the scheduler's call of {@code poll} sees one receiver type: with the idle
 * tasks as bare WaitQueue futures, from 10,000 on that call site's profile is mostly the wait, C2
 * inlines the wait and calls the yielding task's poll, its wake and the hooks out of line (JDK 25,
 * 2 forks x 3 x 1 s: 1,844 ns per tick at 1,000 idle tasks, 3,170, 3,516 and 4,218 at 10,000,
 * 100,000 and 1,000,000). A warm-up of the same size for every N (20,000 waits and a yield of
 * 500,000 polls, all ended before the idle tasks are spawned) compiles the tick for both kinds of
 * task first. And the forks compile synchronously ({@code -Xbatch}): with background compilation
 * what is compiled when the yielding task starts depends on how long the setup ran against the
 * compiler threads, and in some forks {@code ConfinedTask.run} stayed out of the tick ("already
 * compiled into a big method" in {@code -XX:+PrintInlining}); on JDK 17 (1 fork x 2 x 1 s each)
 * 9,999 idle tasks gave 3,418 ns per tick, 10,000 gave 2,138 and 10,001 gave 3,268. With all three
 * (2 forks x 3 x 1 s): JDK 17 2,250, 2,195, 2,336 and 2,684 ns from 1,000 to 1,000,000; JDK 25
 * 2,294, 2,080, 2,142 and 2,545.
 */
@State(Scope.Thread)
@Fork(jvmArgsPrepend = "-Xbatch")
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ScaleBench {
  static final Duration ONE_MS = Duration.ofMillis(1);
  static final int WARM_TASKS = 20_000;
  static final int WARM_POLLS = 500_000;

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
    // the warm-up: the same for every N, it leaves the tick's code compiled for both kinds of task
    WaitQueue warm = kit.newWaitQueue();
    for (int i = 0; i < WARM_TASKS; i++) {
      scheduler.spawn(new OneOf(warm.await()));
    }
    scheduler.spawn(new OneOf(new Yield(WARM_POLLS)));
    Support.drain(scheduler); // the waiting ones park, the yielding one runs to its end
    warm.wakeAll();
    Support.drain(scheduler); // the waiting ones complete
    WaitQueue parked = kit.newWaitQueue();
    for (int i = 0; i < idle; i++) {
      scheduler.spawn(new OneOf(parked.await()));
    }
    Support.drain(scheduler); // every idle task is now parked
    scheduler.spawn(new OneOf(new Yield(Integer.MAX_VALUE)));
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

  /**
   * The one future class of the tick row's tasks: it polls the future it was given (a WaitQueue
   * wait for the idle tasks, a Yield for the polled one) at a call site of its own per kind.
   */
  static final class OneOf implements Future<Object> {
    private final Future<?> waiting; // null for the yielding task
    private final Yield yielding; // null for an idle task

    OneOf(Future<?> waiting) {
      this.waiting = waiting;
      this.yielding = null;
    }

    OneOf(Yield yielding) {
      this.waiting = null;
      this.yielding = yielding;
    }

    @Override
    @SuppressWarnings("unchecked") // a Poll of any value is a Poll<Object>: it is only read
    public Poll<Object> poll(Context context) {
      Poll<?> p = yielding != null ? yielding.poll(context) : waiting.poll(context);
      return (Poll<Object>) p;
    }
  }
}
