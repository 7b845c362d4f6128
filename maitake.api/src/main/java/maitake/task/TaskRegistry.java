package maitake.task;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A list of the live tasks of the schedulers and injectors that register into it: for a dump of
 * what every task is doing (in the spirit of {@code jcmd Thread.dump_to_file}), and for cancelling
 * what remains when a runtime shuts down.
 *
 * <pre>{@code
 * TaskRegistry registry = kit.newTaskRegistry(clock, false);
 * scheduler.setTaskRegistry(registry);            // tasks spawned from now on are listed
 * JoinHandle<Void> h = scheduler.buildTask().name("fetch").spawn(timer.sleep(Duration.ofSeconds(1)));
 * scheduler.tick();
 * System.out.print(registry.dump());              // task ... 'fetch' waiting, age 0 ms ...
 * }</pre>
 *
 * <p>Registration is off by default and costs nothing then: a scheduler or injector with no
 * registry allocates nothing and performs no atomic operation for it when it spawns. With a
 * registry, each spawn allocates one small entry and takes one of the registry's striped locks, and
 * so does the task's end.
 *
 * <p>A task is listed from its spawn until it ends (completes, fails or is torn down); a task
 * stolen into another scheduler stays listed. Tasks spawned before a registry was set are not
 * listed.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe. {@link #size()} and the list behind {@link #snapshot()}, {@link #cancelAll()} and
 * {@link #dump()} are each read at one instant (the registry is linearizable to a set of live
 * tasks); a reader briefly holds up spawns and ends meanwhile. The details of a task in a snapshot
 * (its state, what it waits on) are read just after, while other threads may be polling it, so they
 * are a hint, exact only for a task that is not running.
 */
@ProviderType
public interface TaskRegistry {

  /**
   * @return how many registered tasks have not ended yet
   */
  int size();

  /**
   * Lists the live tasks.
   *
   * @return one snapshot per task live at the instant of the read, in no particular order (one that
   *     ended just after is in it, in state {@code "ended"})
   */
  List<TaskSnapshot> snapshot();

  /**
   * Cancels every live registered task (see {@link TaskRef#cancel()}): each is torn down by its
   * scheduler at its next turn, a waiting one is put back on its queue for this.
   *
   * @return how many tasks this call cancelled
   */
  int cancelAll();

  /**
   * A text dump of the live tasks: a header line, then per task a line with its id, name, kind,
   * state and age, a line with what it waits on, and its spawn site when the registry captures
   * spawn sites.
   *
   * @return the dump, ending with a line break
   */
  String dump();
}
