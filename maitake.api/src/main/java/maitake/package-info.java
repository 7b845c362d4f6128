/**
 * The kit's entry point: {@link maitake.Toolkit}, the factory of every scheduler, timer, lock and
 * synchronization primitive, found as an OSGi service or through {@link maitake.Toolkit#load()}.
 * The packages beside it hold what it makes: {@link maitake.future} (the future protocol), {@link
 * maitake.task}, {@link maitake.scheduler}, {@link maitake.time}, {@link maitake.sync} and {@link
 * maitake.sync.blocking}; {@link maitake.spi} is for those who implement lock providers.
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package maitake;
