/**
 * The implementation of maitake for the JVM. Exports nothing: it provides the {@link
 * maitake.Toolkit} service. Needs {@code java.base} and {@code maitake.api} alone at run time.
 */
module maitake.impl {
  requires maitake.api;
  requires static org.osgi.service.component.annotations;
  requires static org.osgi.annotation.versioning;

  uses maitake.spi.RawMutexProvider;

  provides maitake.Toolkit with
      maitake.impl.StandardToolkit;
}
