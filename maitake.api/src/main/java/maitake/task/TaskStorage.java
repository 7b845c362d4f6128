package maitake.task;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A task object that the caller allocates up front and spawns into again after each task in it
 * ends: the Java counterpart of the Rust crate's {@code Storage} and static tasks. A system that
 * preallocates its tasks spawns with no heap allocation at all.
 *
 * <p>A storage comes from the {@code newTaskStorage()} method of the scheduler kind it is for,
 * and is spawned into with {@code spawn(storage, future)}. While a task occupies it, the storage
 * is that task's {@link JoinHandle}. Once the task has ended ({@link #isFree()}), the storage can
 * be spawned into again; an output that nobody took is dropped then. A new spawn gets a new
 * {@link TaskId}.
 *
 * <p>Because the storage is reused, a handle or {@link TaskRef} kept from an earlier spawn refers
 * to whatever task occupies the storage now, and a waker kept by some wait list from an earlier
 * task may wake the new one once, spuriously (futures tolerate spurious polls). Keep one owner
 * per storage.
 *
 * @param <T> the output type
 */
@ProviderType
public interface TaskStorage<T> extends JoinHandle<T> {

  /** @return true if no task occupies this storage, or the one that did has ended */
  boolean isFree();
}
