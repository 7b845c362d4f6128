package maitake.impl.sync;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;

/** The Lincheck configurations every sync test runs, sized for a 2-core machine. */
final class LincheckSupport {
  private LincheckSupport() {}

  static void modelCheck(Class<?> test) {
    modelCheck(test, 12, 400);
  }

  static void stress(Class<?> test) {
    stress(test, 12, 400);
  }

  /** For tests whose operations are heavy to instrument: fewer scenarios. */
  static void modelCheck(Class<?> test, int iterations, int invocations) {
    new ModelCheckingOptions()
        .iterations(iterations)
        .invocationsPerIteration(invocations)
        .threads(3)
        .actorsPerThread(3)
        .check(test);
  }

  static void stress(Class<?> test, int iterations, int invocations) {
    new StressOptions()
        .iterations(iterations)
        .invocationsPerIteration(invocations)
        .threads(3)
        .actorsPerThread(3)
        .check(test);
  }
}
