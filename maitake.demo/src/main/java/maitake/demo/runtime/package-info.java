/**
 * A complete multi-threaded runtime assembled from the kit, as readable example code to copy:
 * worker threads that each tick their own scheduler, a shared injector for spawns from outside,
 * work stealing, one timer turned by whichever worker goes idle, parking until the next deadline or
 * until new work arrives, and a clean shutdown.
 */
package maitake.demo.runtime;
