/**
 * Time: clocks the user supplies, a hierarchical timer wheel that the user turns, and the futures
 * built on it (sleep, timeout, interval).
 *
 * <p>Nothing in the kit reads the system clock unless the user picked {@link
 * maitake.time.Clock#system()}. A {@link maitake.time.Timer} reads its {@link maitake.time.Clock}
 * when it is turned ({@link maitake.time.Timer#turn()}) and when a sleep is first polled; tests
 * drive a {@link maitake.time.TestClock} by hand and never sleep.
 *
 * <h2>Deadlines</h2>
 *
 * <p>A sleep's deadline is fixed when the sleep is created: the clock's reading then plus the
 * duration rounded up to whole clock ticks. It fires at the first poll that finds the clock at or
 * past the deadline, or at the first turn that reaches its deadline rounded up to a whole wheel
 * tick (the timer's granularity: with a granularity of one clock tick, the first turn at or past
 * the deadline), and never before. Durations must not be negative; a duration whose tick count does
 * not fit in 63 bits is a {@link maitake.time.TimerError}.
 *
 * <h2>A clock that goes backwards</h2>
 *
 * <p>Clocks should be monotonic. A timer remembers the latest reading it has seen and treats an
 * earlier reading as no progress: nothing fires, and new sleeps measure from the latest reading.
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package maitake.time;
