package maitake.time;

import java.time.Duration;

/**
 * The system clock: {@link System#nanoTime()}, counted in ticks of a chosen duration. The only
 * class of the kit that reads the system clock, and only when a program picked it through {@link
 * Clock#system()} or {@link Clock#system(Duration)}.
 */
final class SystemClock implements Clock {
  static final SystemClock NANOS = new SystemClock(Duration.ofNanos(1));

  private final Duration tickDuration;
  private final long tickNanos;

  SystemClock(Duration tickDuration) {
    this.tickDuration = SuppliedClock.checkTick(tickDuration);
    this.tickNanos = tickDuration.toNanos();
  }

  @Override
  public Duration tickDuration() {
    return tickDuration;
  }

  @Override
  public long nowTicks() {
    long now = System.nanoTime();
    return tickNanos == 1 ? now : now / tickNanos;
  }

  @Override
  public String name() {
    return tickNanos == 1 ? "system" : "system/" + tickDuration;
  }

  @Override
  public String toString() {
    return "Clock(" + name() + ")";
  }
}
