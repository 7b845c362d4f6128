package maitake.mutex.providers;

import maitake.spi.RawMutexProvider;
import org.osgi.service.component.annotations.Component;

/** Registers the {@link TicketProvider} as an OSGi {@link RawMutexProvider} service. */
@Component(
    service = RawMutexProvider.class,
    property = {
      "service.ranking:Integer=" + TicketProvider.RANKING,
      RawMutexProvider.NAME_PROPERTY + "=" + TicketProvider.NAME
    })
public class TicketProviderComponent extends TicketProvider {

  /** Made by Declarative Services. */
  public TicketProviderComponent() {}
}
