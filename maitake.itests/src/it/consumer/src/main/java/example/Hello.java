package example;

import maitake.Toolkit;
import maitake.future.Futures;
import maitake.future.Yield;
import maitake.scheduler.Scheduler;
import maitake.task.JoinHandle;

/** A user's code: load the toolkit, spawn a task, tick it to completion. */
public final class Hello {
  private Hello() {}

  /**
   * @return what the task made
   */
  public static String run() {
    Scheduler scheduler = Toolkit.load().newScheduler();
    JoinHandle<String> hello = scheduler.spawn(new Yield(2).map(v -> "hello from a task"));
    while (!hello.isComplete()) {
      scheduler.tick();
    }
    return Futures.blockOn(hello);
  }

  public static void main(String[] args) {
    System.out.println(run());
  }
}
