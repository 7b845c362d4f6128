/**
 * The kit's entry point and its service contracts.
 *
 * <p>{@link maitake.spi.Toolkit} is the one entry point for users: factories for schedulers
 * ({@link maitake.scheduler.Scheduler}, {@link maitake.scheduler.LocalScheduler}) and
 * injectors ({@link maitake.scheduler.Injector}), timers ({@link maitake.time.Timer}), raw and
 * blocking locks ({@link maitake.sync.blocking}), the async synchronization primitives and
 * channels of {@link maitake.sync}, and the toolkit-wide {@link maitake.task.FailureHandler}.
 * It also reports and pins the raw-lock provider in use. The implementation bundle provides it
 * as an OSGi service (inject it with {@code @Reference}) and as a
 * {@link java.util.ServiceLoader} provider ({@link maitake.spi.Toolkit#load()} on the class path
 * or module path). User code never needs to touch an implementation class.
 *
 * <p>{@link maitake.spi.RawMutexProvider} is what a lock-provider bundle implements: a named,
 * ranked source of raw locks, found as an OSGi service or through
 * {@link java.util.ServiceLoader}. The toolkit follows the best-ranked provider present, or the
 * pinned one, and moves the primitives it made to a new provider's locks while they run.
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package maitake.spi;
