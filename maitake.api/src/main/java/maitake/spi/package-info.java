/**
 * The service contract for those who implement lock providers; users start at {@link
 * maitake.Toolkit}, which follows the providers present.
 *
 * <p>{@link maitake.spi.RawMutexProvider} is what a lock-provider bundle implements: a named,
 * ranked source of raw locks, found as an OSGi service or through {@link java.util.ServiceLoader}.
 * The toolkit follows the best-ranked provider present, or the pinned one, and moves the primitives
 * it made to a new provider's locks while they run.
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package maitake.spi;
