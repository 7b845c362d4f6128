package maitake.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** The event types; {@link MaitakeJfr} commits them. */
final class Events {
  private Events() {}

  /** A sampled task spawn. */
  @Name("maitake.TaskSpawn")
  @Label("Task Spawn")
  @Category({"maitake", "Tasks"})
  @Description("A task was spawned (one in every sampleEvery spawns on a thread)")
  @StackTrace(true)
  static final class TaskSpawn extends Event {
    @Label("Task Id")
    long taskId;

    @Label("Name")
    String name;

    @Label("Kind")
    String kind;
  }

  /** A sampled task end. */
  @Name("maitake.TaskEnd")
  @Label("Task End")
  @Category({"maitake", "Tasks"})
  @Description("A task ended in a tick (one in every sampleEvery ends on a thread)")
  @StackTrace(false)
  static final class TaskEnd extends Event {
    @Label("Task Id")
    long taskId;

    @Label("Name")
    String name;

    @Label("Kind")
    String kind;

    @Label("Cancelled")
    boolean cancelled;
  }

  /** A poll that took longer than the threshold. */
  @Name("maitake.LongPoll")
  @Label("Long Poll")
  @Category({"maitake", "Tasks"})
  @Description(
      "A poll of a task's future took longer than the threshold; the stack is the polling"
          + " thread's at the end of the poll")
  @StackTrace(true)
  static final class LongPoll extends Event {
    @Label("Task Id")
    long taskId;

    @Label("Name")
    String name;

    @Label("Kind")
    String kind;

    @Label("Poll Duration")
    @Timespan(Timespan.NANOSECONDS)
    long pollNanos;

    @Label("Future")
    @Description("The toString of the polled future: the chain of futures it awaits")
    String future;
  }

  /** A timer turn that fired sleeps. */
  @Name("maitake.TimerTurn")
  @Label("Timer Turn")
  @Category({"maitake", "Time"})
  @Description(
      "A worker turned the timer and sleeps fired; lateness is how far the clock had gone past"
          + " the earliest deadline the previous turn knew of")
  @StackTrace(false)
  static final class TimerTurn extends Event {
    @Label("Worker")
    int worker;

    @Label("Sleeps Fired")
    int fired;

    @Label("Lateness")
    @Timespan(Timespan.NANOSECONDS)
    long latenessNanos;
  }

  /** A worker took tasks from the injector or stole them from another worker. */
  @Name("maitake.Steal")
  @Label("Steal")
  @Category({"maitake", "Scheduling"})
  @StackTrace(false)
  static final class Steal extends Event {
    @Label("Worker")
    int worker;

    @Label("Tasks")
    int tasks;

    @Label("From The Injector")
    boolean fromInjector;
  }

  /** The toolkit moved its primitives to another lock provider. */
  @Name("maitake.LockProviderSwap")
  @Label("Lock Provider Swap")
  @Category({"maitake", "Locks"})
  @Description("Seen at a timer turn: the toolkit's lock provider changed since the last turn")
  @StackTrace(false)
  static final class LockProviderSwap extends Event {
    @Label("Active Provider")
    String provider;

    @Label("Swaps Since The Last Event")
    long swaps;
  }
}
