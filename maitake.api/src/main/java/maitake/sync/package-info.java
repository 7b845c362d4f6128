/**
 * Async synchronization: {@link maitake.sync.WaitCell}, {@link maitake.sync.WaitQueue}, {@link
 * maitake.sync.WaitMap}, {@link maitake.sync.Mutex}, {@link maitake.sync.RwLock}, {@link
 * maitake.sync.Semaphore}, and the channels {@link maitake.sync.Channel} and {@link
 * maitake.sync.Oneshot}. Make them with the {@link maitake.Toolkit}.
 *
 * <p>These primitives work with any executor: they only use the {@link maitake.future.Waker}s they
 * are polled with. Their waiter nodes live inside the futures (intrusive lists), so no waiter node
 * is allocated: a wait allocates its future (for a mutex lock, its wait and the guard it completes
 * with; for a read or write lock, its acquire and guard) and no more. Each wait list is guarded by
 * a raw lock from {@link maitake.sync.blocking}; wakers are always called after that lock is
 * released, in a batch, and a waker that throws neither leaves a primitive locked nor loses the
 * other wakeups of its batch.
 *
 * <h2>Errors</h2>
 *
 * <p>Bad input (null, zero or negative counts, more than the maximum) is an exception at the call.
 * Waiting on something closed is not: it is an error value, an {@link maitake.sync.Outcome} whose
 * {@link maitake.sync.Outcome#error()} says what went wrong and, where a value was not delivered,
 * hands it back.
 *
 * <h2>Cancellation</h2>
 *
 * <p>Every wait is cancel-safe through {@link maitake.future.Future#abandon()}: an abandoned waiter
 * leaves its wait list, and whatever it had been granted but not delivered (a stored wakeup, the
 * mutex, semaphore permits, a map value, a channel slot) goes to the next in line or back to the
 * primitive.
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package maitake.sync;
