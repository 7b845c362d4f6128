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
 * Thread-safe. A snapshot is taken stripe by stripe, not at one instant: a task that spawns or ends
 * meanwhile may or may not be in it. What a task waits on is read while other threads may be
 * polling it, so it is a hint, exact only for a task that is not running.
 */
@ProviderType
public interface TaskRegistry {

  /**
   * @return how many registered tasks have not ended yet; exact between spawns and ends
   */
  int size();

  /**
   * Lists the live tasks.
   *
   * @return one snapshot per live task, oldest first within each stripe
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
