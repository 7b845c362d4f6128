package maitake.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import maitake.future.Futures;
import org.junit.jupiter.api.Test;

/** The set-once default timer and the static helpers. */
class DefaultTimerTest {

  /** A timer stub: only identity matters here. */
  static Timer stubTimer() {
    return (Timer)
        java.lang.reflect.Proxy.newProxyInstance(
            Timer.class.getClassLoader(),
            new Class<?>[] {Timer.class},
            (proxy, m, args) -> {
              if (m.getName().equals("sleep")) {
                return null;
              }
              if (m.getName().equals("toString")) {
                return "stub";
              }
              throw new UnsupportedOperationException(m.getName());
            });
  }

  @Test
  void theDefaultTimerIsSetOnceAndASecondSetIsRejected() {
    DefaultTimer holder = new DefaultTimer();
    assertEquals(
        TimerError.Kind.NO_DEFAULT_TIMER, assertThrows(TimerError.class, holder::require).kind());
    Timer t = stubTimer();
    holder.set(t);
    assertSame(t, holder.require());
    assertEquals(
        TimerError.Kind.DEFAULT_ALREADY_SET,
        assertThrows(TimerError.class, () -> holder.set(stubTimer())).kind());
    assertSame(t, holder.get());
    assertThrows(NullPointerException.class, () -> new DefaultTimer().set(null));
  }

  @Test
  void theStaticHelpersFailClearlyWithoutATimerAndWorkOnceOneIsSet() throws Exception {
    // a fresh copy of the api classes, so this test owns its own process-wide default
    URL classes = Timers.class.getProtectionDomain().getCodeSource().getLocation();
    try (URLClassLoader fresh =
        new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
      Class<?> timers = fresh.loadClass("maitake.time.Timers");
      Class<?> timerType = fresh.loadClass("maitake.time.Timer");
      Method sleep = timers.getMethod("sleep", Duration.class);
      InvocationTargetException e =
          assertThrows(
              InvocationTargetException.class, () -> sleep.invoke(null, Duration.ofMillis(1)));
      assertTrue(e.getCause().getMessage().contains("no default timer"), e.getCause().getMessage());
      assertEquals(
          "NO_DEFAULT_TIMER",
          e.getCause().getClass().getMethod("kind").invoke(e.getCause()).toString());
      Method timeout =
          timers.getMethod("timeout", Duration.class, fresh.loadClass("maitake.future.Future"));
      Object pending = fresh.loadClass("maitake.future.Futures").getMethod("pending").invoke(null);
      assertThrows(
          InvocationTargetException.class,
          () -> timeout.invoke(null, Duration.ofMillis(1), pending));
      Object stub =
          java.lang.reflect.Proxy.newProxyInstance(
              fresh,
              new Class<?>[] {timerType},
              (proxy, m, args) -> m.getName().equals("toString") ? "stub" : null);
      Method set = timers.getMethod("setDefault", timerType);
      set.invoke(null, stub);
      assertSame(stub, timers.getMethod("getDefault").invoke(null));
      InvocationTargetException again =
          assertThrows(InvocationTargetException.class, () -> set.invoke(null, stub));
      assertEquals(
          "DEFAULT_ALREADY_SET",
          again.getCause().getClass().getMethod("kind").invoke(again.getCause()).toString());
    }
    assertTrue(Futures.pending() != null);
  }
}
