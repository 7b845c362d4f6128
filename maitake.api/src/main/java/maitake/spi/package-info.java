/**
 * The kit's entry point and its service contracts.
 *
 * <p>{@link maitake.spi.Toolkit} is the one entry point for users: factories for schedulers,
 * and (as the kit grows) timers and synchronization primitives. The implementation bundle
 * provides it as an OSGi service (inject it with {@code @Reference}) and as a
 * {@link java.util.ServiceLoader} provider ({@link maitake.spi.Toolkit#load()} on the class path
 * or module path). User code never needs to touch an implementation class.
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package maitake.spi;
