package maitake.demo.osgi;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.Callable;
import maitake.Toolkit;
import maitake.demo.Demo;
import maitake.spi.RawMutexProvider;
import maitake.sync.blocking.RawMutex;
import maitake.sync.blocking.RawRwLock;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The demo's entry point in OSGi: the bnd launcher of the exported executable jar runs this {@code
 * Callable} (service property {@code main.thread=true}) on the main thread and exits with its
 * result. It gets the toolkit and the launcher's command-line arguments as services, and swaps the
 * lock provider through the service registry: it registers a higher-ranked provider service
 * (delegating to the registered {@code ticket} provider), which the toolkit follows at once, and
 * unregisters it at the next swap.
 */
@Component(service = Callable.class, property = "main.thread=true")
public class DemoComponent implements Callable<Integer> {
  private final Toolkit toolkit;
  private final BundleContext context;
  private final String[] args;

  /**
   * Made by Declarative Services.
   *
   * @param toolkit the kit
   * @param context this bundle's context
   * @param launcherProps the service properties of the bnd launcher's own service, which carry the
   *     command line
   */
  @Activate
  public DemoComponent(
      @Reference Toolkit toolkit,
      BundleContext context,
      @Reference(target = "(launcher.arguments=*)", service = Object.class)
          Map<String, Object> launcherProps) {
    this.toolkit = toolkit;
    this.context = context;
    Object a = launcherProps.get("launcher.arguments");
    this.args = a instanceof String[] s ? s : new String[0];
  }

  @Override
  public Integer call() {
    return Demo.run(args, toolkit, new RegistrySwapper(context), System.out, System.err);
  }

  /** Swaps by registering and unregistering a top-ranked provider service. */
  static final class RegistrySwapper implements Demo.ProviderSwapper {
    private final BundleContext context;
    private ServiceRegistration<RawMutexProvider> registration;

    RegistrySwapper(BundleContext context) {
      this.context = context;
    }

    @Override
    public String swap() {
      if (registration != null) {
        registration.unregister();
        registration = null;
        return "unregistered the demo's provider";
      }
      RawMutexProvider ticket = find("ticket");
      if (ticket == null) {
        return "no ticket provider to swap to";
      }
      Dictionary<String, Object> props = new Hashtable<>();
      props.put("service.ranking", 1000);
      props.put(RawMutexProvider.NAME_PROPERTY, "demo-ticket");
      registration = context.registerService(RawMutexProvider.class, new Delegating(ticket), props);
      return "registered demo-ticket (ranking 1000)";
    }

    @Override
    public void restore() {
      if (registration != null) {
        registration.unregister();
        registration = null;
      }
    }

    private RawMutexProvider find(String name) {
      try {
        for (ServiceReference<RawMutexProvider> ref :
            context.getServiceReferences(
                RawMutexProvider.class, "(" + RawMutexProvider.NAME_PROPERTY + "=" + name + ")")) {
          return context.getService(ref);
        }
      } catch (InvalidSyntaxException e) {
        throw new IllegalStateException(e);
      }
      return null;
    }
  }

  /** A provider under another name and ranking, making the locks of another one. */
  static final class Delegating implements RawMutexProvider {
    private final RawMutexProvider target;

    Delegating(RawMutexProvider target) {
      this.target = target;
    }

    @Override
    public String name() {
      return "demo-" + target.name();
    }

    @Override
    public int ranking() {
      return 1000;
    }

    @Override
    public RawMutex newRawMutex() {
      return target.newRawMutex();
    }

    @Override
    public RawRwLock newRawRwLock() {
      return target.newRawRwLock();
    }
  }
}
