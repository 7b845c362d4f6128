package maitake.demo;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Poll;
import maitake.sync.Outcome;
import maitake.time.Elapsed;
import maitake.time.Sleep;
import maitake.time.Timeout;

/**
 * One task of the demo workload, written as a plain state machine so every step is visible: sleep a
 * random while (measuring how late the timer wakes it), then do some "work" bounded by a timeout
 * (borrow a connection from the pool, query for a random time, update shared state under the mutex,
 * give the connection back), then report to the auditor over the channel.
 */
final class Job implements Future<Void> {
  private enum Step {
    NAP,
    WORK,
    REPORT,
    DONE
  }

  private final Workload w;
  private final int id;
  private Step step = Step.NAP;
  private Sleep nap;
  private long napStart;
  private long napNanos;
  private Timeout<Void> work;
  private Future<Outcome<Integer>> report;

  Job(Workload w, int id) {
    this.w = w;
    this.id = id;
  }

  @Override
  public Poll<Void> poll(Context cx) {
    for (; ; ) {
      switch (step) {
        case NAP -> {
          if (nap == null) {
            napNanos = Duration.ofMillis(1 + ThreadLocalRandom.current().nextInt(50)).toNanos();
            napStart = System.nanoTime();
            nap = w.timer.sleep(Duration.ofNanos(napNanos));
          }
          if (nap.poll(cx).isPending()) {
            return Poll.pending();
          }
          w.recordLateness(id, System.nanoTime() - napStart - napNanos);
          step = Step.WORK;
        }
        case WORK -> {
          if (work == null) {
            work = w.timer.timeout(w.workTimeout, new Work(w));
          }
          try {
            if (work.poll(cx).isPending()) {
              return Poll.pending();
            }
          } catch (Elapsed e) {
            w.timeouts.incrementAndGet();
          }
          step = Step.REPORT;
        }
        case REPORT -> {
          if (report == null) {
            report = w.audit.send(id);
          }
          Poll<Outcome<Integer>> p = report.poll(cx);
          if (p.isPending()) {
            return Poll.pending();
          }
          if (p.value().isOk()) {
            w.sent.incrementAndGet();
          }
          step = Step.DONE;
        }
        case DONE -> {
          w.finished(id);
          return Poll.readyNull();
        }
        default -> throw new IllegalStateException(String.valueOf(step));
      }
    }
  }

  @Override
  public void abandon() {
    if (nap != null) {
      nap.abandon();
    }
    if (work != null) {
      work.abandon();
    }
    if (report != null) {
      report.abandon();
    }
  }
}
