/**
 * Blocking locks: the raw lock contracts (modelled on the Rust crate mutex-traits) that every async
 * primitive's wait list is guarded by, and blocking {@link maitake.sync.blocking.Mutex} and {@link
 * maitake.sync.blocking.RwLock} over any raw lock.
 *
 * <p>Raw locks guard short critical sections (linking a waiter, handing a permit on); nobody waits
 * for an event while holding one, and wakers are never called under one. Lock providers (spin,
 * ticket, synchronized, critical-section) implement these contracts; the implementation bundle has
 * a built-in lock for when no provider is present.
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package maitake.sync.blocking;
