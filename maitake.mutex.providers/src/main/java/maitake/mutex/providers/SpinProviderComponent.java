package maitake.mutex.providers;

import maitake.spi.RawMutexProvider;
import org.osgi.service.component.annotations.Component;

/** Registers the {@link SpinProvider} as an OSGi {@link RawMutexProvider} service. */
@Component(
    service = RawMutexProvider.class,
    property = {
      "service.ranking:Integer=" + SpinProvider.RANKING,
      RawMutexProvider.NAME_PROPERTY + "=" + SpinProvider.NAME
    })
public class SpinProviderComponent extends SpinProvider {

  /** Made by Declarative Services. */
  public SpinProviderComponent() {}
}
