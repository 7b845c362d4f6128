package maitake.jfr;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import maitake.Toolkit;
import maitake.future.Future;
import maitake.runtime.RuntimeObserver;
import maitake.task.TaskRef;
import maitake.time.Clock;

/**
 * Emits JDK Flight Recorder events for a {@link maitake.runtime.Runtime}: give {@link
 * #observer(Toolkit, int, Duration)} to the runtime's builder.
 *
 * <pre>{@code
 * Runtime rt = Runtime.builder(kit)
 *     .observer(MaitakeJfr.observer(kit, 100, Duration.ofMillis(10)))
 *     .build();
 * // java -XX:StartFlightRecording=filename=run.jfr ...; then: jfr print --categories maitake run.jfr
 * }</pre>
 *
 * <p>The events, all in category {@code maitake}:
 *
 * <ul>
 *   <li>{@code maitake.TaskSpawn} (with the spawning stack) and {@code maitake.TaskEnd}: one in
 *       every {@code sampleEvery} spawns, and ends, on each thread;
 *   <li>{@code maitake.LongPoll}: a poll that took at least the threshold, with the task's id, name
 *       and kind, the duration, the polled future's {@code toString} (what it waits on) and the
 *       polling thread's stack at the end of the poll;
 *   <li>{@code maitake.TimerTurn}: a timer turn that fired sleeps, with how late it came;
 *   <li>{@code maitake.Steal}: tasks a worker took from the injector or stole from another worker;
 *   <li>{@code maitake.LockProviderSwap}: seen at a timer turn, when the toolkit's lock provider
 *       changed since the previous turn.
 * </ul>
 *
 * <p>Each event is committed only when a recording has it enabled; without this module the runtime
 * and the kit pay nothing. An observer times each poll on the clock it is given (its {@link
 * maitake.task.TaskObserver#pollClock() pollClock}): {@link #observer(Toolkit, int, Duration)}
 * chooses the system clock, {@link #observer(Toolkit, Clock, int, Duration)} takes the one the
 * runtime runs on (a simulation's clock, say).
 */
public final class MaitakeJfr {
  private MaitakeJfr() {}

  /**
   * An observer that emits the events and times polls on the system clock ({@link Clock#system()}):
   * choosing this overload is choosing that clock.
   *
   * @param toolkit the toolkit whose lock-provider swaps are reported
   * @param sampleEvery emit a spawn (and an end) event for one in every this many, per thread; 1
   *     for all
   * @param longPoll the poll duration from which a long-poll event is emitted
   * @return the observer, for {@link maitake.runtime.Runtime.Builder#observer}
   * @throws IllegalArgumentException if {@code sampleEvery} is below 1 or {@code longPoll} is
   *     negative
   */
  public static RuntimeObserver observer(Toolkit toolkit, int sampleEvery, Duration longPoll) {
    return observer(toolkit, Clock.system(), sampleEvery, longPoll);
  }

  /**
   * An observer that emits the events and times polls on {@code pollClock}.
   *
   * @param toolkit the toolkit whose lock-provider swaps are reported
   * @param pollClock the clock each poll is timed on (for the long-poll events)
   * @param sampleEvery emit a spawn (and an end) event for one in every this many, per thread; 1
   *     for all
   * @param longPoll the poll duration from which a long-poll event is emitted
   * @return the observer, for {@link maitake.runtime.Runtime.Builder#observer}
   * @throws IllegalArgumentException if {@code sampleEvery} is below 1 or {@code longPoll} is
   *     negative
   */
  public static RuntimeObserver observer(
      Toolkit toolkit, Clock pollClock, int sampleEvery, Duration longPoll) {
    Objects.requireNonNull(toolkit, "toolkit");
    Objects.requireNonNull(pollClock, "pollClock");
    if (sampleEvery < 1) {
      throw new IllegalArgumentException("sampleEvery must be at least 1: " + sampleEvery);
    }
    if (longPoll.isNegative()) {
      throw new IllegalArgumentException("negative long-poll threshold: " + longPoll);
    }
    return new JfrObserver(toolkit, pollClock, sampleEvery, longPoll.toNanos());
  }

  /** The observer: every callback runs on a worker (or spawning) thread and must be quick. */
  private static final class JfrObserver implements RuntimeObserver {
    private final Toolkit toolkit;
    private final Clock pollClock;
    private final int sampleEvery;
    private final long longPollNanos;
    private final ThreadLocal<int[]> counters = ThreadLocal.withInitial(() -> new int[2]);
    private final AtomicLong swapsSeen;

    JfrObserver(Toolkit toolkit, Clock pollClock, int sampleEvery, long longPollNanos) {
      this.toolkit = toolkit;
      this.pollClock = pollClock;
      this.sampleEvery = sampleEvery;
      this.longPollNanos = longPollNanos;
      this.swapsSeen = new AtomicLong(toolkit.lockProviderSwaps());
    }

    private boolean sample(int which) {
      if (sampleEvery == 1) {
        return true;
      }
      int[] c = counters.get();
      if (++c[which] < sampleEvery) {
        return false;
      }
      c[which] = 0;
      return true;
    }

    @Override
    public void spawned(TaskRef task) {
      Events.TaskSpawn e = new Events.TaskSpawn();
      if (e.isEnabled() && sample(0)) {
        e.taskId = task.id().value();
        e.name = task.name();
        e.kind = task.kind();
        e.commit();
      }
    }

    @Override
    public Clock pollClock() {
      return pollClock;
    }

    @Override
    public void polled(TaskRef task, Future<?> future, long nanos) {
      if (nanos < 0 || nanos < longPollNanos) {
        return;
      }
      Events.LongPoll e = new Events.LongPoll();
      if (e.isEnabled()) {
        e.taskId = task.id().value();
        e.name = task.name();
        e.kind = task.kind();
        e.pollNanos = nanos;
        e.future = describe(future);
        e.commit();
      }
    }

    @Override
    public void ended(TaskRef task) {
      Events.TaskEnd e = new Events.TaskEnd();
      if (e.isEnabled() && sample(1)) {
        e.taskId = task.id().value();
        e.name = task.name();
        e.kind = task.kind();
        e.cancelled = task.isCancelled();
        e.commit();
      }
    }

    @Override
    public void timerTurned(int worker, int fired, long latenessNanos) {
      Events.TimerTurn e = new Events.TimerTurn();
      if (e.isEnabled()) {
        e.worker = worker;
        e.fired = fired;
        e.latenessNanos = latenessNanos;
        e.commit();
      }
      long swaps = toolkit.lockProviderSwaps();
      long seen = swapsSeen.get();
      if (swaps != seen && swapsSeen.compareAndSet(seen, swaps)) {
        Events.LockProviderSwap s = new Events.LockProviderSwap();
        if (s.isEnabled()) {
          s.provider = toolkit.activeLockProvider();
          s.swaps = swaps - seen;
          s.commit();
        }
      }
    }

    @Override
    public void stole(int worker, int tasks, boolean fromInjector) {
      Events.Steal e = new Events.Steal();
      if (e.isEnabled()) {
        e.worker = worker;
        e.tasks = tasks;
        e.fromInjector = fromInjector;
        e.commit();
      }
    }

    private static String describe(Future<?> f) {
      if (f == null) {
        return "(completed)";
      }
      try {
        String s = String.valueOf(f);
        return s.length() > 1000 ? s.substring(0, 1000) + "..." : s;
      } catch (Throwable t) {
        return "(its toString() threw " + t + ")";
      }
    }

    @Override
    public String toString() {
      return "MaitakeJfr.observer(pollClock="
          + pollClock.name()
          + ", sampleEvery="
          + sampleEvery
          + ", longPoll="
          + longPollNanos
          + "ns)";
    }
  }
}
