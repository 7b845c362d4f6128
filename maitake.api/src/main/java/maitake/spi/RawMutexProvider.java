package maitake.spi;

import maitake.sync.blocking.RawMutex;
import maitake.sync.blocking.RawRwLock;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A source of raw locks, implemented by lock-provider bundles (the kit's own {@code
 * maitake.mutex.providers}: {@code spin}, {@code ticket}, {@code synchronized}, {@code
 * critical-section}) and found as an OSGi service or through {@link java.util.ServiceLoader}.
 *
 * <p>The toolkit follows the best-ranked provider present (highest {@link #ranking()}; in OSGi the
 * {@code service.ranking} property), unless a provider is pinned by name (the system property
 * {@value #PIN_PROPERTY}, or the Config Admin configuration {@value #CONFIGURATION_PID} with
 * property {@value #PIN_CONFIG_KEY}). With no provider present it uses its built-in lock.
 * Primitives made through the toolkit move to a new provider's locks when the active provider
 * changes, while they run.
 *
 * <p>Implementations are thread-safe; each call returns a new, independent lock.
 */
@ConsumerType
public interface RawMutexProvider {

  /** The OSGi service property that carries {@link #name()}. */
  String NAME_PROPERTY = "provider.name";

  /** The system property that pins a provider by name. */
  String PIN_PROPERTY = "maitake.lock.provider";

  /** The Config Admin PID of the toolkit's lock configuration. */
  String CONFIGURATION_PID = "maitake.locks";

  /** The configuration key that pins a provider by name. */
  String PIN_CONFIG_KEY = "provider";

  /**
   * @return the provider's name, unique among providers
   */
  String name();

  /**
   * @return the ranking: the highest-ranked provider present is used unless one is pinned
   */
  int ranking();

  /**
   * @return a new raw mutex
   */
  RawMutex newRawMutex();

  /**
   * A new raw reader-writer lock, if this provider offers one.
   *
   * @return the lock, or null if this provider has none (the toolkit then uses its built-in one)
   */
  default RawRwLock newRawRwLock() {
    return null;
  }
}
