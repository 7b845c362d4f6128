package maitake.impl;

import java.util.List;
import java.util.Map;
import maitake.Toolkit;
import maitake.impl.lock.LockRegistry;
import maitake.spi.RawMutexProvider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Registers the {@link StandardToolkit} as the OSGi {@link Toolkit} service and wires its lock
 * registry: a dynamic, greedy reference to every {@link RawMutexProvider} service (ranked by {@code
 * service.ranking}), and the optional Config Admin configuration {@value
 * RawMutexProvider#CONFIGURATION_PID} whose {@value RawMutexProvider#PIN_CONFIG_KEY} pins a
 * provider by name. It also offers Gogo shell commands (scope {@code maitake}): {@code providers},
 * {@code active} and {@code pin <name>|none}; Gogo finds them by service property, so the bundle
 * does not import anything of Gogo's.
 */
@Component(
    service = Toolkit.class,
    configurationPid = RawMutexProvider.CONFIGURATION_PID,
    configurationPolicy = ConfigurationPolicy.OPTIONAL,
    property = {
      "osgi.command.scope=maitake",
      "osgi.command.function=providers",
      "osgi.command.function=active",
      "osgi.command.function=pin"
    })
public class ToolkitComponent extends StandardToolkit {

  /** Made by Declarative Services. */
  public ToolkitComponent() {
    super(new LockRegistry());
  }

  /**
   * Applies the configuration: pins the configured provider, or (without one) the system
   * property's, or none.
   *
   * @param config the component properties
   */
  @Activate
  @Modified
  void configure(Map<String, Object> config) {
    Object pin = config.get(RawMutexProvider.PIN_CONFIG_KEY);
    locks()
        .pinConfigured(
            pin != null ? pin.toString() : System.getProperty(RawMutexProvider.PIN_PROPERTY));
  }

  /**
   * A provider service arrived.
   *
   * @param provider the provider
   * @param props its service properties
   */
  @Reference(
      service = RawMutexProvider.class,
      cardinality = ReferenceCardinality.MULTIPLE,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  void addProvider(RawMutexProvider provider, Map<String, Object> props) {
    Object r = props.get("service.ranking");
    locks().add(provider, r instanceof Integer i ? i : provider.ranking());
  }

  /**
   * A provider service left.
   *
   * @param provider the provider
   */
  void removeProvider(RawMutexProvider provider) {
    locks().remove(provider);
  }

  /**
   * Gogo: {@code maitake:providers} lists the providers present, best-ranked first.
   *
   * @return one line per provider
   */
  public String providers() {
    StringBuilder b = new StringBuilder();
    List<LockRegistry.Entry> entries = locks().providers();
    for (LockRegistry.Entry e : entries) {
      b.append(e.provider().name())
          .append(" ranking=")
          .append(e.ranking())
          .append(e.provider().name().equals(locks().activeName()) ? " (active)" : "")
          .append('\n');
    }
    if (entries.isEmpty()) {
      b.append("no providers: using the ").append(LockRegistry.BUILT_IN).append(" locks\n");
    }
    return b.toString();
  }

  /**
   * Gogo: {@code maitake:active} shows the active provider, the pin and the swap count.
   *
   * @return a line
   */
  public String active() {
    return locks().describe();
  }

  /**
   * Gogo: {@code maitake:pin name} pins a provider by name; {@code maitake:pin none} unpins.
   *
   * @param name the provider name, or "none"
   * @return the new state, as {@link #active()}
   */
  public String pin(String name) {
    try {
      locks().pin("none".equals(name) ? null : name);
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    return active();
  }
}
