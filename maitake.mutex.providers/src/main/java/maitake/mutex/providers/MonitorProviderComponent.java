package maitake.mutex.providers;

import maitake.spi.RawMutexProvider;
import org.osgi.service.component.annotations.Component;

/** Registers the {@link MonitorProvider} as an OSGi {@link RawMutexProvider} service. */
@Component(
    service = RawMutexProvider.class,
    property = {
      "service.ranking:Integer=" + MonitorProvider.RANKING,
      RawMutexProvider.NAME_PROPERTY + "=" + MonitorProvider.NAME
    })
public class MonitorProviderComponent extends MonitorProvider {

  /** Made by Declarative Services. */
  public MonitorProviderComponent() {}
}
