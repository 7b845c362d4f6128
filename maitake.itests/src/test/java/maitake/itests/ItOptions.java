package maitake.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.TestProbeBuilder;

/** The OSGi system the integration tests run in: Felix, SCR, Config Admin and the kit. */
final class ItOptions {
  private ItOptions() {}

  /**
   * @return the path of a jar named by a system property that Maven sets
   */
  static String jarPath(String property) {
    String path = System.getProperty(property);
    if (path == null || !new File(path).isFile()) {
      throw new IllegalStateException("build the bundles first: " + property + " = " + path);
    }
    return new File(path).getAbsolutePath();
  }

  /**
   * @return the version of an OSGi run-time bundle, which the parent POM writes once and Maven
   *     passes as {@code maitake.it.version.NAME}
   */
  static String version(String name) {
    String v = System.getProperty("maitake.it.version." + name);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException(
          "run through Maven: maitake.it.version." + name + " is not set");
    }
    return v;
  }

  static String jarUrl(String property) {
    return "reference:file:" + jarPath(property);
  }

  /** Every package of the api, which the probes import statically. */
  static final String KIT_PACKAGES =
      "maitake,maitake.future,maitake.scheduler,maitake.spi,"
          + "maitake.sync,maitake.sync.blocking,maitake.task,maitake.time";

  /**
   * The probe (the bundle Pax Exam builds of the test classes) imports the kit's packages
   * statically. Its default is only {@code DynamicImport-Package: *}, which wires a package at the
   * first load of one of its classes: a test whose first use of {@code maitake.sync} fell inside a
   * refresh of the providers bundle (a slow thread under CPU load) failed with {@code
   * NoClassDefFoundError: maitake/sync/Semaphore}, from the probe's class space, not the kit's.
   * Wired at install, the probe no longer resolves anything during the churn.
   */
  static TestProbeBuilder probe(TestProbeBuilder probe) {
    return probe.setHeader("Import-Package", KIT_PACKAGES);
  }

  /** SCR and its dependencies, the api and impl bundles and JUnit. */
  static Option[] kit(boolean withProviders, boolean withConfigAdmin) {
    List<Option> o =
        new ArrayList<>(
            List.of(
                systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"),
                mavenBundle("org.osgi", "org.osgi.util.function", version("osgi.function")),
                mavenBundle("org.osgi", "org.osgi.util.promise", version("osgi.promise")),
                mavenBundle("org.osgi", "org.osgi.service.component", version("osgi.component")),
                mavenBundle("org.apache.felix", "org.apache.felix.scr", version("felix.scr"))));
    if (withConfigAdmin) {
      o.add(
          mavenBundle(
              "org.apache.felix", "org.apache.felix.configadmin", version("felix.configadmin")));
    }
    o.add(bundle(jarUrl("maitake.api.jar")));
    o.add(bundle(jarUrl("maitake.impl.jar")));
    if (withProviders) {
      o.add(bundle(jarUrl("maitake.providers.jar")));
    }
    o.add(junitBundles());
    return o.toArray(new Option[0]);
  }

  /** The probe of the async-blocks tests: the kit's packages and {@code maitake.async}. */
  static TestProbeBuilder asyncBlocksProbe(TestProbeBuilder probe) {
    return probe.setHeader("Import-Package", KIT_PACKAGES + ",maitake.async");
  }

  /**
   * The kit and the async-blocks bundle (JDK 21 and later), with {@code jdk.internal.vm} in the
   * framework's boot delegation or without it.
   */
  static Option[] kitWithAsyncBlocks(boolean bootDelegation) {
    List<Option> o = new ArrayList<>(List.of(kit(false, false)));
    if (bootDelegation) {
      o.add(
          org.ops4j.pax.exam.CoreOptions.frameworkProperty("org.osgi.framework.bootdelegation")
              .value("jdk.internal.vm"));
    }
    o.add(bundle(jarUrl("maitake.async.jar")));
    return o.toArray(new Option[0]);
  }
}
