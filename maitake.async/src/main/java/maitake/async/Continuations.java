package maitake.async;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The kit's one contact with a JDK internal: {@code jdk.internal.vm.Continuation}, the one-shot
 * delimited continuation beneath virtual threads, reached through method handles so that the module
 * compiles against public API only ({@code javac --release} refuses the export).
 */
final class Continuations {
  /*
   * Implementation overview
   *
   * The handles are looked up once, with this class's full-privilege lookup: an export of
   * jdk.internal.vm to this module (or to the unnamed module) is a qualified export, which a
   * public lookup would not see. If the lookup fails, the failure is kept and every use throws
   * an IllegalStateException that names the flag. One scope serves every block: a yield
   * suspends the innermost running continuation of the scope, so a block that polls another
   * block (one awaits the other) suspends the right one.
   */
  static final String HOW_TO_ENABLE =
      "run with --add-exports java.base/jdk.internal.vm="
          + "maitake.async on the module path, --add-exports java.base/jdk.internal.vm=ALL-UNNAMED"
          + " on the class path, or, in OSGi, add jdk.internal.vm to org.osgi.framework."
          + "bootdelegation";

  private static final Object SCOPE;
  private static final MethodHandle NEW;
  private static final MethodHandle RUN;
  private static final MethodHandle YIELD;
  private static final MethodHandle IS_DONE;
  private static final Throwable UNAVAILABLE;

  static {
    Object scope = null;
    MethodHandle nw = null;
    MethodHandle run = null;
    MethodHandle yield = null;
    MethodHandle done = null;
    Throwable unavailable = null;
    if (Runtime.version().feature() < 21) {
      unavailable =
          new UnsupportedOperationException(
              "JDK " + Runtime.version().feature() + " has no usable continuation");
    } else {
      try {
        MethodHandles.Lookup l = MethodHandles.lookup();
        Class<?> scopeClass = Class.forName("jdk.internal.vm.ContinuationScope");
        Class<?> cont = Class.forName("jdk.internal.vm.Continuation");
        scope =
            l.findConstructor(scopeClass, MethodType.methodType(void.class, String.class))
                .invoke("maitake.async");
        nw = l.findConstructor(cont, MethodType.methodType(void.class, scopeClass, Runnable.class));
        run = l.findVirtual(cont, "run", MethodType.methodType(void.class));
        yield = l.findStatic(cont, "yield", MethodType.methodType(boolean.class, scopeClass));
        done = l.findVirtual(cont, "isDone", MethodType.methodType(boolean.class));
      } catch (Throwable t) {
        unavailable = t;
      }
    }
    SCOPE = scope;
    NEW = nw;
    RUN = run;
    YIELD = yield;
    IS_DONE = done;
    UNAVAILABLE = unavailable;
  }

  private Continuations() {}

  /**
   * @throws IllegalStateException if the continuation cannot be reached, naming the flag (and the
   *     JDK version needed)
   */
  static void check() {
    if (UNAVAILABLE != null) {
      throw new IllegalStateException(
          "maitake.async needs the JDK's continuation "
              + "(jdk.internal.vm.Continuation, JDK 21 or later; this is JDK "
              + Runtime.version().feature()
              + "): "
              + HOW_TO_ENABLE,
          UNAVAILABLE);
    }
  }

  /**
   * @return a new continuation that runs {@code body}
   */
  static Object create(Runnable body) {
    check();
    try {
      return NEW.invoke(SCOPE, body);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** Runs or resumes {@code continuation} on the calling thread until it yields or ends. */
  static void run(Object continuation) {
    try {
      RUN.invoke(continuation);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /**
   * @return whether {@code continuation} has ended
   */
  static boolean isDone(Object continuation) {
    try {
      return (boolean) IS_DONE.invoke(continuation);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /**
   * Suspends the innermost running continuation; returns when it is resumed.
   *
   * @return false if the JVM could not suspend it (it is pinned: a native frame, such as a class
   *     initializer, on its stack; or, before JDK 24, a held monitor)
   */
  static boolean suspend() {
    try {
      return (boolean) YIELD.invoke(SCOPE);
    } catch (IllegalStateException e) {
      return false; // the JDK's onPinned: "Pinned: NATIVE", "Pinned: MONITOR", ...
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException e) {
      throw e;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException(t);
  }
}
