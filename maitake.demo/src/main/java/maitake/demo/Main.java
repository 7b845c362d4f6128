package maitake.demo;

import maitake.Toolkit;

/**
 * The demo's entry point on the module path or class path: finds the toolkit with {@link
 * Toolkit#load()} and swaps lock providers through it. In OSGi the demo starts from {@code
 * maitake.demo.osgi.DemoComponent} instead.
 */
public final class Main {
  private Main() {}

  /**
   * Runs the demo.
   *
   * @param args see {@code --help}
   */
  public static void main(String[] args) {
    Toolkit toolkit = Toolkit.load();
    int status = Demo.run(args, toolkit, Demo.viaToolkit(toolkit), System.out, System.err);
    System.out.flush();
    if (status != 0) {
      System.exit(status);
    }
  }
}
