/**
 * The contracts of maitake for the JVM: futures, tasks, schedulers, time, async synchronization,
 * blocking locks, and the toolkit entry point with the lock-provider SPI. Needs {@code java.base}
 * alone at run time.
 */
module maitake.api {
  requires static org.osgi.annotation.versioning;
  requires static org.osgi.annotation.bundle;

  exports maitake;
  exports maitake.future;
  exports maitake.task;
  exports maitake.scheduler;
  exports maitake.spi;
  exports maitake.time;
  exports maitake.sync;
  exports maitake.sync.blocking;

  uses maitake.Toolkit;
}
