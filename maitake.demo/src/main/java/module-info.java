/**
 * The demo: a realistic workload on the kit's ready-made multi-threaded runtime ({@code
 * maitake.runtime}). On the module path it starts from {@code maitake.demo.Main}; in OSGi from
 * {@code maitake.demo.osgi.DemoComponent}.
 */
module maitake.demo {
  requires maitake.api;
  requires maitake.runtime;
  requires static org.osgi.framework;
  requires static org.osgi.service.component.annotations;

  uses maitake.Toolkit;
}
