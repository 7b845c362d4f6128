package maitake.mutex.providers;

import maitake.spi.RawMutexProvider;
import org.osgi.service.component.annotations.Component;

/** Registers the {@link CriticalSectionProvider} as an OSGi {@link RawMutexProvider} service. */
@Component(
    service = RawMutexProvider.class,
    property = {
      "service.ranking:Integer=" + CriticalSectionProvider.RANKING,
      RawMutexProvider.NAME_PROPERTY + "=" + CriticalSectionProvider.NAME
    })
public class CriticalSectionProviderComponent extends CriticalSectionProvider {

  /** Made by Declarative Services. */
  public CriticalSectionProviderComponent() {}
}
