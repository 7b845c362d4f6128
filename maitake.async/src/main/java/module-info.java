/**
 * Async blocks: a {@link maitake.future.Future} written as straight-line Java code that awaits
 * other futures ({@link maitake.async.Async}). The block runs on whatever thread polls its future
 * and is suspended, while it waits, on the JDK's one-shot continuation.
 *
 * <p>This is the one module of the kit that touches a JDK internal: {@code
 * jdk.internal.vm.Continuation} (JDK 21 and later), reached through method handles in one small
 * class, so run with {@code --add-exports java.base/jdk.internal.vm=maitake.async} on the module
 * path, {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED} on the class path, and with
 * {@code jdk.internal.vm} in {@code org.osgi.framework.bootdelegation} in OSGi. The first use
 * without it fails with a message that names the flag.
 */
module maitake.async {
  requires transitive maitake.api;
  requires static org.osgi.annotation.versioning;

  exports maitake.async;
}
