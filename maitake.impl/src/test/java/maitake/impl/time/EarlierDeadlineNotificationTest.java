package maitake.impl.time;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import maitake.Toolkit;
import maitake.future.Context;
import maitake.time.Sleep;
import maitake.time.TestClock;
import maitake.time.Timer;
import org.junit.jupiter.api.Test;

/**
 * {@code Toolkit.newTimer(clock, granularity, onEarlierDeadline)}: the notification runs when a
 * registration comes due earlier than anything the driver knew of, and not otherwise.
 */
class EarlierDeadlineNotificationTest {
  private final TestClock clock = new TestClock(Duration.ofMillis(1));
  private final AtomicInteger told = new AtomicInteger();
  private final Timer timer = Toolkit.load().newTimer(clock, 1, told::incrementAndGet);
  private final Context cx = Context.NOOP;

  private Sleep register(long millis) {
    Sleep s = timer.sleep(Duration.ofMillis(millis));
    s.poll(cx);
    return s;
  }

  @Test
  void onlyARegistrationEarlierThanWhatTheDriverKnewOfTellsIt() {
    register(50);
    assertEquals(1, told.get(), "the first sleep is the earliest there is");
    register(80);
    assertEquals(1, told.get(), "a later one says nothing");
    register(20);
    assertEquals(2, told.get(), "an earlier one does");
    timer.turn(); // the driver now knows of 20
    register(30);
    assertEquals(2, told.get());
    register(10);
    assertEquals(3, told.get());
    clock.advance(Duration.ofMillis(10));
    timer.turn(); // 10 fired; the driver knows of 20 now
    register(5); // due at 15
    assertEquals(4, told.get());
    Sleep due = timer.sleep(Duration.ZERO);
    due.poll(cx); // due at once: fires at registration, nothing to park for
    assertEquals(4, told.get());
  }

  @Test
  void aNotificationThatThrowsIsReportedAndTheSleepStillRegisters() {
    Timer throwing =
        Toolkit.load()
            .newTimer(
                clock,
                1,
                () -> {
                  throw new IllegalStateException("a driver's callback failed");
                });
    Sleep s = throwing.sleep(Duration.ofMillis(5));
    s.poll(cx);
    clock.advance(Duration.ofMillis(5));
    assertEquals(1, throwing.turn().expired());
  }
}
