/**
 * The demo: a complete multi-threaded runtime assembled from the kit, running a realistic workload.
 * On the module path it starts from {@code maitake.demo.Main}; in OSGi from {@code
 * maitake.demo.osgi.DemoComponent}.
 */
module maitake.demo {
  requires maitake.api;
  requires static org.osgi.framework;
  requires static org.osgi.service.component.annotations;

  uses maitake.Toolkit;
}
