/**
 * A multi-threaded runtime built from the kit: {@link maitake.runtime.Runtime}, made by {@link
 * maitake.runtime.Runtime#builder(maitake.Toolkit)}, and its counters ({@link
 * maitake.runtime.RuntimeStats}).
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package maitake.runtime;
