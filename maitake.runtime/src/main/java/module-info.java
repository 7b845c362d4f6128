/**
 * A ready-made multi-threaded runtime for maitake: worker threads that tick their own schedulers, a
 * shared injector, work stealing, timer turns under load, parking, and a graceful close. The one
 * module of the kit that starts threads, and only when a {@link maitake.runtime.Runtime} is built.
 * It uses the public API of {@code maitake.api} alone, so it is also an example of what a user can
 * build from the kit. In OSGi, the Config Admin configuration {@code maitake.runtime} starts one
 * and registers it as a service.
 */
module maitake.runtime {
  requires transitive maitake.api;
  requires static org.osgi.annotation.versioning;
  requires static org.osgi.framework;
  requires static org.osgi.service.component.annotations;

  exports maitake.runtime;
}
