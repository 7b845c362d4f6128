package maitake.runtime;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot of a {@link Runtime}'s counters: per worker, and summed.
 *
 * <p>Timer lateness is measured per turn that fired sleeps: how far the clock had gone past the
 * earliest deadline the previous turn knew of (0 when the turn came on time). A sleep registered
 * after that turn with an earlier deadline is not seen, so the figure can be below the true
 * lateness of such a sleep, never above. The histogram's bucket 0 counts turns less than a
 * millisecond late, bucket {@code i} (1 to 11) those at least 2<sup>i-1</sup> and less than
 * 2<sup>i</sup> ms late, and bucket 12 those 2,048 ms late or more.
 *
 * @param workers each worker's counters, by index
 * @param liveTasks tasks spawned and not yet ended (the runtime's task registry's size): exact
 * @param injectorQueued tasks in the injector now, not yet taken by a worker
 */
public record RuntimeStats(List<WorkerStats> workers, int liveTasks, long injectorQueued) {
  /** How many lateness buckets there are. */
  public static final int LATENESS_BUCKETS = 13;

  /** Copies the list. */
  public RuntimeStats {
    workers = List.copyOf(workers);
  }

  /**
   * @param nanos a lateness
   * @return its histogram bucket
   */
  static int bucketOf(long nanos) {
    long ms = nanos / 1_000_000L;
    if (ms <= 0) {
      return 0;
    }
    int b = 64 - Long.numberOfLeadingZeros(ms); // 1 ms -> 1, 2-3 -> 2, 4-7 -> 3, ...
    return Math.min(b, LATENESS_BUCKETS - 1);
  }

  /**
   * @return polls run by every worker
   */
  public long polls() {
    return workers.stream().mapToLong(WorkerStats::polls).sum();
  }

  /**
   * @return tasks every worker took from the injector
   */
  public long injected() {
    return workers.stream().mapToLong(WorkerStats::injected).sum();
  }

  /**
   * @return tasks stolen between workers
   */
  public long stolen() {
    return workers.stream().mapToLong(WorkerStats::stolen).sum();
  }

  /**
   * @return parks of every worker
   */
  public long parks() {
    return workers.stream().mapToLong(WorkerStats::parks).sum();
  }

  /**
   * @return looks for work that found none and did not park, by every worker (see {@link
   *     IdleStrategy})
   */
  public long idleLooks() {
    return workers.stream().mapToLong(WorkerStats::idleLooks).sum();
  }

  /**
   * @return turns of the timer by every worker
   */
  public long timerTurns() {
    return workers.stream().mapToLong(WorkerStats::timerTurns).sum();
  }

  /**
   * @return sleeps fired by every worker's turns
   */
  public long timersFired() {
    return workers.stream().mapToLong(WorkerStats::timersFired).sum();
  }

  /**
   * @return the largest turn lateness of any worker
   */
  public Duration maxTimerLateness() {
    return workers.stream()
        .map(WorkerStats::maxTimerLateness)
        .max(Duration::compareTo)
        .orElse(Duration.ZERO);
  }

  /**
   * @return the workers' lateness histograms added up
   */
  public long[] timerLatenessHistogram() {
    long[] sum = new long[LATENESS_BUCKETS];
    for (WorkerStats w : workers) {
      for (int i = 0; i < sum.length; i++) {
        sum[i] += w.timerLatenessHistogram[i];
      }
    }
    return sum;
  }

  /**
   * One worker's counters.
   *
   * @param index the worker's index
   * @param ticks ticks of its scheduler
   * @param polls polls those ticks ran
   * @param injected tasks it took from the injector
   * @param stolen tasks it stole from other workers
   * @param parks times it parked
   * @param idleLooks looks for work that found none and spun or yielded instead of parking
   * @param timerTurns turns of the timer it made
   * @param timersFired sleeps its turns fired
   * @param maxTimerLateness the latest of its turns that fired sleeps
   * @param timerLatenessHistogram its turns that fired sleeps, by lateness bucket (see {@link
   *     RuntimeStats})
   */
  public record WorkerStats(
      int index,
      long ticks,
      long polls,
      long injected,
      long stolen,
      long parks,
      long idleLooks,
      long timerTurns,
      long timersFired,
      Duration maxTimerLateness,
      long[] timerLatenessHistogram) {

    /** Copies the histogram. */
    public WorkerStats {
      timerLatenessHistogram = timerLatenessHistogram.clone();
      if (timerLatenessHistogram.length != LATENESS_BUCKETS) {
        throw new IllegalArgumentException(
            "a histogram of " + LATENESS_BUCKETS + " buckets: " + timerLatenessHistogram.length);
      }
    }

    /**
     * @return a copy of the histogram
     */
    @Override
    public long[] timerLatenessHistogram() {
      return timerLatenessHistogram.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof WorkerStats w
          && index == w.index
          && ticks == w.ticks
          && polls == w.polls
          && injected == w.injected
          && stolen == w.stolen
          && parks == w.parks
          && idleLooks == w.idleLooks
          && timerTurns == w.timerTurns
          && timersFired == w.timersFired
          && maxTimerLateness.equals(w.maxTimerLateness)
          && Arrays.equals(timerLatenessHistogram, w.timerLatenessHistogram);
    }

    @Override
    public int hashCode() {
      return Objects.hash(index, ticks, polls, maxTimerLateness) * 31
          + Arrays.hashCode(timerLatenessHistogram);
    }

    @Override
    public String toString() {
      return "WorkerStats[index="
          + index
          + ", ticks="
          + ticks
          + ", polls="
          + polls
          + ", injected="
          + injected
          + ", stolen="
          + stolen
          + ", parks="
          + parks
          + ", idleLooks="
          + idleLooks
          + ", timerTurns="
          + timerTurns
          + ", timersFired="
          + timersFired
          + ", maxTimerLateness="
          + maxTimerLateness
          + ", timerLatenessHistogram="
          + Arrays.toString(timerLatenessHistogram)
          + "]";
    }
  }
}
