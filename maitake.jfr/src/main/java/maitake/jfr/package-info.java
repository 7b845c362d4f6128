/** JDK Flight Recorder events for maitake's runtime: {@link maitake.jfr.MaitakeJfr}. */
@org.osgi.annotation.versioning.Version("0.1.0")
package maitake.jfr;
