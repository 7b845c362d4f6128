package maitake.task;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A task object that the caller allocates up front and spawns into again after each task in it
 * ends: the Java counterpart of the Rust crate's {@code Storage} and static tasks. A system that
 * preallocates its tasks spawns with no heap allocation at all (with the default kind; a builder
 * with a custom {@link TaskBuilder#kind(String) kind} makes one small label per builder).
 *
 * <p>A storage comes from the {@code newTaskStorage()} method of the scheduler kind it is for, and
 * is spawned into with {@code spawn(storage, future)}. While a task occupies it, the storage is
 * that task's {@link JoinHandle}. Once the task has ended and its outcome was taken by a join or
 * given up by {@link #detach()} ({@link #isFree()}), the storage can be spawned into again; the
 * plain value of a detached task is dropped then (an AutoCloseable one was closed at the detach, a
 * failure reported). A new spawn gets a new {@link TaskId}.
 *
 * <p>Because the storage is reused, a handle or {@link TaskRef} kept from an earlier spawn refers
 * to whatever task occupies the storage now, and a waker kept by some wait list from an earlier
 * task may wake the new one once, spuriously (futures tolerate spurious polls). Keep one owner per
 * storage.
 *
 * @param <T> the output type
 */
@ProviderType
public interface TaskStorage<T> extends JoinHandle<T> {

  /**
   * Whether a spawn into this storage would be accepted now: no task occupies it, or the one that
   * did has ended and its outcome was taken or detached (and, for a LocalScheduler's storage, no
   * wake from another thread is still queued for it: the owner's next tick clears that).
   *
   * @return true if the storage is free
   */
  boolean isFree();
}
