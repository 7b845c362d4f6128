package maitake;

import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** Finds the {@link Toolkit} through {@link ServiceLoader} once and caches it. */
final class ToolkitLoader {
  private static volatile Toolkit instance; // written once under the class lock

  private ToolkitLoader() {}

  static Toolkit get() {
    Toolkit t = instance;
    if (t == null) {
      synchronized (ToolkitLoader.class) {
        t = instance;
        if (t == null) {
          t = find();
          instance = t;
        }
      }
    }
    return t;
  }

  private static Toolkit find() {
    ServiceConfigurationError failure = null;
    for (ClassLoader cl :
        new ClassLoader[] {
          Toolkit.class.getClassLoader(), Thread.currentThread().getContextClassLoader()
        }) {
      try {
        Iterator<Toolkit> it = ServiceLoader.load(Toolkit.class, cl).iterator();
        if (it.hasNext()) {
          return it.next();
        }
      } catch (ServiceConfigurationError e) {
        failure = e;
      }
    }
    throw new IllegalStateException(
        "no maitake Toolkit implementation found: put the "
            + "maitake.impl jar on the module path or class path (in OSGi, inject the Toolkit "
            + "service instead)",
        failure);
  }
}
