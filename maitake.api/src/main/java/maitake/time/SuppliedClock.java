package maitake.time;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/** {@link Clock#of}: a clock over a tick source the user supplies. */
final class SuppliedClock implements Clock {

  private final String name;
  private final Duration tickDuration;
  private final LongSupplier source;

  SuppliedClock(String name, Duration tickDuration, LongSupplier source) {
    this.name = Objects.requireNonNull(name, "name");
    this.tickDuration = checkTick(tickDuration);
    this.source = Objects.requireNonNull(source, "nowTicks");
  }

  static Duration checkTick(Duration tick) {
    Objects.requireNonNull(tick, "tickDuration");
    if (tick.isNegative() || tick.isZero() || tick.toNanos() < 1) {
      throw new IllegalArgumentException("tick duration must be at least 1 ns: " + tick);
    }
    return tick;
  }

  @Override
  public Duration tickDuration() {
    return tickDuration;
  }

  @Override
  public long nowTicks() {
    return source.getAsLong();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return "Clock(" + name + ", tick=" + tickDuration + ")";
  }
}
