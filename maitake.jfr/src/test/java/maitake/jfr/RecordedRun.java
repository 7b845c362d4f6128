package maitake.jfr;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import maitake.Toolkit;
import maitake.future.Futures;
import maitake.future.Yield;
import maitake.runtime.Runtime;
import maitake.sync.Mutex;
import maitake.sync.Semaphore;
import maitake.task.JoinHandle;

/**
 * Not a test: a program that records a run of the runtime on the system clock (2 workers, 20,000
 * tasks that yield, sleep up to 5 ms, take a permit and a mutex) with the JFR observer, and prints
 * the event counts. {@code java -cp <test classpath> maitake.jfr.RecordedRun [file.jfr]}.
 */
public final class RecordedRun {
  private RecordedRun() {}

  /**
   * Runs it.
   *
   * @param args the recording's file (default {@code run.jfr})
   * @throws Exception if the recording fails
   */
  public static void main(String[] args) throws Exception {
    Path file = Path.of(args.length > 0 ? args[0] : "run.jfr");
    Toolkit kit = Toolkit.load();
    try (Recording r = new Recording()) {
      r.enable("maitake.TaskSpawn");
      r.enable("maitake.TaskEnd");
      r.enable("maitake.LongPoll");
      r.enable("maitake.TimerTurn");
      r.enable("maitake.Steal");
      r.enable("maitake.LockProviderSwap");
      r.start();
      try (Runtime rt =
          Runtime.builder(kit)
              .workers(2)
              .observer(MaitakeJfr.observer(kit, 100, Duration.ofMillis(1)))
              .build()) {
        Semaphore pool = kit.newSemaphore(8);
        Mutex<long[]> total = kit.newMutex(new long[1]);
        List<JoinHandle<Void>> hs = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
          Duration nap = Duration.ofMillis(ThreadLocalRandom.current().nextInt(5));
          hs.add(
              rt.spawn(
                  new Yield(1)
                      .andThen(v -> rt.timer().sleep(nap))
                      .andThen(
                          v ->
                              pool.withPermits(
                                  1,
                                  p ->
                                      total.withLock(
                                          g -> {
                                            g.get()[0]++;
                                            return Futures.<Void>ready(null);
                                          })))
                      .map(o -> (Void) null)));
          if (i == 10_000) {
            kit.pinLockProvider(kit.activeLockProvider().equals("ticket") ? "spin" : "ticket");
          }
        }
        hs.forEach(rt::blockOn);
        System.out.println("stats: " + rt.stats());
      } finally {
        kit.pinLockProvider(null);
      }
      r.stop();
      r.dump(file);
    }
    Map<String, Integer> n = new TreeMap<>();
    for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
      n.merge(e.getEventType().getName(), 1, Integer::sum);
    }
    System.out.println("events in " + file + ": " + n);
  }
}
