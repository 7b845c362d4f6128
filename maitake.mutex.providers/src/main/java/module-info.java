/**
 * Raw lock providers for maitake: {@code spin}, {@code ticket}, {@code synchronized} and {@code
 * critical-section}. Exports nothing; provides {@link maitake.spi.RawMutexProvider}.
 */
module maitake.mutex.providers {
  requires maitake.api;
  requires static org.osgi.service.component.annotations;

  provides maitake.spi.RawMutexProvider with
      maitake.mutex.providers.SpinProvider,
      maitake.mutex.providers.TicketProvider,
      maitake.mutex.providers.MonitorProvider,
      maitake.mutex.providers.CriticalSectionProvider;
}
