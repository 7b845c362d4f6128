/**
 * JDK Flight Recorder events for maitake's runtime ({@link maitake.jfr.MaitakeJfr}): task spawns
 * and ends (sampled), polls longer than a threshold, timer turns that fired late, steals, and
 * lock-provider swaps. The one module of the kit that requires {@code jdk.jfr}; without it, the kit
 * pays nothing.
 */
module maitake.jfr {
  requires transitive maitake.runtime;
  requires jdk.jfr;
  requires static org.osgi.annotation.versioning;

  exports maitake.jfr;
}
