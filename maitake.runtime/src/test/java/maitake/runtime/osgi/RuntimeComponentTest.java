package maitake.runtime.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The component's reading of its timer granularity properties (the rest of the component runs in
 * Felix, in {@code maitake.itests}' OsgiRuntimeIT).
 */
class RuntimeComponentTest {

  @Test
  void granularityIsReadInMicrosecondsOrMillisecondsAndIsAbsentWhenNeitherIsSet() {
    assertEquals(
        Duration.ofNanos(250_000), RuntimeComponent.granularity(Map.of("granularity.us", 250)));
    assertEquals(Duration.ofMillis(2), RuntimeComponent.granularity(Map.of("granularity.ms", "2")));
    assertNull(RuntimeComponent.granularity(Map.of("workers", 2)));
  }

  @Test
  void settingBothGranularitiesIsRefusedNamingBoth() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> RuntimeComponent.granularity(Map.of("granularity.us", 250, "granularity.ms", 1)));
    assertTrue(
        e.getMessage().contains("granularity.us or granularity.ms, not both"), e.getMessage());
    assertTrue(e.getMessage().contains("250 us, 1 ms"), e.getMessage());
  }

  @Test
  void aGranularityThatIsNotAnIntIsRefusedNamingTheProperty() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> RuntimeComponent.granularity(Map.of("granularity.us", "fine")));
    assertTrue(e.getMessage().contains("granularity.us must be an int"), e.getMessage());
  }
}
