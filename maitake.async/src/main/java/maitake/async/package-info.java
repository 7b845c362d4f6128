/** Async blocks: {@link maitake.async.Async#async} and {@link maitake.async.Async#await}. */
@org.osgi.annotation.versioning.Version("0.1.0")
package maitake.async;
