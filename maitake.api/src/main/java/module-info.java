/**
 * The contracts of maitake for the JVM: futures, tasks, schedulers, time, async synchronization,
 * blocking locks, and the toolkit entry point with the lock-provider SPI. Needs {@code java.base}
 * alone at run time; the implementation ({@code maitake.impl}) is found through {@link
 * maitake.Toolkit#load()} or, in OSGi, injected as the {@code Toolkit} service.
 *
 * <h2>A tour</h2>
 *
 * <p>A {@link maitake.future.Future} is polled, registers its waker when it must wait, and is
 * {@linkplain maitake.future.Future#abandon() abandoned} by whoever gives up on it. Tasks run on
 * schedulers that your threads tick: the kit starts no thread, and time moves only on the clock you
 * give it.
 *
 * <pre>{@code
 * Toolkit kit = Toolkit.load();
 * Scheduler scheduler = kit.newScheduler();                 // ticked by a thread you choose
 * TestClock clock = new TestClock(Duration.ofMillis(1));    // or Clock.system()
 * Timer timer = kit.newTimer(clock);
 * Semaphore pool = kit.newSemaphore(4);
 *
 * JoinHandle<Outcome<String>> job = scheduler.spawn(pool.withPermits(1, permit ->
 *     timer.timeout(Duration.ofMillis(50), timer.sleep(Duration.ofMillis(10)).map(v -> "done"))));
 *
 * scheduler.tick();                     // the job takes a permit and its sleeps register
 * clock.advance(Duration.ofMillis(10));
 * timer.turn();                         // the sleep fires and wakes the task
 * scheduler.tick();                     // the job completes and the permit is back
 * }</pre>
 *
 * <p>Where to go next: {@link maitake.future.Futures} (join, select, race, bracket, loops), {@link
 * maitake.task.TaskGroup} (structured concurrency), {@link maitake.sync} (wait queues, mutexes,
 * semaphores, channels), {@link maitake.time.Timer}, and {@link maitake.scheduler.LocalScheduler}
 * for a scheduler confined to one thread.
 */
module maitake.api {
  requires static org.osgi.annotation.versioning;
  requires static org.osgi.annotation.bundle;

  exports maitake;
  exports maitake.future;
  exports maitake.task;
  exports maitake.scheduler;
  exports maitake.spi;
  exports maitake.time;
  exports maitake.sync;
  exports maitake.sync.blocking;

  uses maitake.Toolkit;
}
