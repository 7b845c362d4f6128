package maitake.impl.scheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import maitake.task.TaskSnapshot;
import maitake.time.TestClock;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Lincheck: the striped task registry is linearizable to a set of live tasks. (Its first version
 * was not: a reader summed and copied the stripes one by one, and it listed an entry before the
 * task carried it; both failed here.) Two tasks are listed and unlisted concurrently (each task's
 * own operations never overlap one another, as a task's spawn and end never do), while other
 * threads read the size and the snapshot.
 */
public class TaskRegistryLincheckTest {
  private final StripedTaskRegistry registry =
      new StripedTaskRegistry(new TestClock(Duration.ofMillis(1)), false);
  private final MpscScheduler owner = new MpscScheduler();
  private final MpscTask<?>[] tasks = {new MpscTask<>(owner), new MpscTask<>(owner)};
  private final StripedTaskRegistry.Entry[] entries = new StripedTaskRegistry.Entry[2];

  private boolean list(int i) {
    if (entries[i] != null) {
      return false;
    }
    MpscTask<?> t = tasks[i];
    t.setStatePlain(Task.JOIN_HANDLE | Task.WOKEN); // live: a snapshot skips ended tasks
    t.init(null, "t" + i, registry);
    entries[i] = (StripedTaskRegistry.Entry) t.labelForTests();
    return true;
  }

  private boolean unlist(int i) {
    StripedTaskRegistry.Entry e = entries[i];
    if (e == null) {
      return false;
    }
    entries[i] = null;
    e.unregister(); // the task's end: unlisted before its ending CAS
    return true;
  }

  @Operation(nonParallelGroup = "t0")
  public boolean list0() {
    return list(0);
  }

  @Operation(nonParallelGroup = "t0")
  public boolean unlist0() {
    return unlist(0);
  }

  @Operation(nonParallelGroup = "t1")
  public boolean list1() {
    return list(1);
  }

  @Operation(nonParallelGroup = "t1")
  public boolean unlist1() {
    return unlist(1);
  }

  @Operation
  public int size() {
    return registry.size();
  }

  @Operation
  public List<String> names() {
    List<String> out = new ArrayList<>();
    for (TaskSnapshot s : registry.snapshot()) {
      out.add(s.name());
    }
    out.sort(null);
    return out;
  }

  @Test
  public void modelChecking() {
    new ModelCheckingOptions()
        .iterations(10)
        .invocationsPerIteration(500)
        .threads(3)
        .actorsPerThread(3)
        .sequentialSpecification(SetSpec.class)
        .check(getClass());
  }

  @Test
  public void stress() {
    new StressOptions()
        .iterations(10)
        .invocationsPerIteration(500)
        .threads(3)
        .actorsPerThread(3)
        .sequentialSpecification(SetSpec.class)
        .check(getClass());
  }

  /** The sequential specification: a set of task names. */
  public static final class SetSpec {
    private final TreeSet<String> live = new TreeSet<>();

    private boolean list(int i) {
      return live.add("t" + i);
    }

    private boolean unlist(int i) {
      return live.remove("t" + i);
    }

    public boolean list0() {
      return list(0);
    }

    public boolean unlist0() {
      return unlist(0);
    }

    public boolean list1() {
      return list(1);
    }

    public boolean unlist1() {
      return unlist(1);
    }

    public int size() {
      return live.size();
    }

    public List<String> names() {
      return new ArrayList<>(live);
    }
  }
}
