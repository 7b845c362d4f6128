package maitake.bench;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Poll;
import maitake.scheduler.LocalScheduler;
import maitake.scheduler.Scheduler;
import maitake.scheduler.Tick;

/** Helpers shared by the benchmarks. */
final class Support {
  private Support() {}

  /** A future that is ready at its first poll; stateless, so one instance serves all. */
  static final Future<Object> TRIVIAL =
      new Future<>() {
        @Override
        public Poll<Object> poll(Context context) {
          return Poll.readyNull();
        }
      };

  static void drain(LocalScheduler s) {
    Tick t;
    do {
      t = s.tick();
    } while (t.hasRemaining() || t.polled() > 0);
  }

  static void drain(Scheduler s) {
    Tick t;
    do {
      t = s.tick();
    } while (t.hasRemaining() || t.polled() > 0);
  }

  /**
   * @return true on JDK 21 and later (virtual threads)
   */
  static boolean virtualThreads() {
    return java.lang.Runtime.version().feature() >= 21;
  }

  /** Executors.newVirtualThreadPerTaskExecutor(), through reflection (compiled for Java 17). */
  static ExecutorService virtualThreadExecutor() {
    try {
      Method m = java.util.concurrent.Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
      return (ExecutorService) m.invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("virtual threads need JDK 21 or later", e);
    }
  }

  /** Thread.ofVirtual().unstarted(r), through reflection. */
  static Thread virtualThread(Runnable r) {
    try {
      Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
      Method unstarted =
          Class.forName("java.lang.Thread$Builder").getMethod("unstarted", Runnable.class);
      return (Thread) unstarted.invoke(builder, r);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("virtual threads need JDK 21 or later", e);
    }
  }

  /**
   * The idle strategy a benchmark parameter names: {@code default}, {@code park}, or {@code
   * spins:yields}.
   */
  static maitake.runtime.IdleStrategy idleStrategy(String name) {
    return switch (name) {
      case "default" -> maitake.runtime.IdleStrategy.DEFAULT;
      case "park" -> maitake.runtime.IdleStrategy.park();
      default -> {
        String[] n = name.split(":");
        yield maitake.runtime.IdleStrategy.backoff(Integer.parseInt(n[0]), Integer.parseInt(n[1]));
      }
    };
  }
}
