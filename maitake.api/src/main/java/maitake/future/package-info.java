/**
 * The future protocol: poll-based futures, wakers and the abandonment call.
 *
 * <p>A {@link maitake.future.Future} is a state machine that is driven by calls to {@link
 * maitake.future.Future#poll(Context)}. A poll either finishes with a value ({@link
 * maitake.future.Poll#ready(Object)}) or returns {@link maitake.future.Poll#pending()}, in which
 * case the future has arranged for the {@link maitake.future.Waker} of the {@link
 * maitake.future.Context} it was polled with to be woken once progress is possible. Waking never
 * runs the woken code inline: it asks the owner (a task on a scheduler, or a thread in {@link
 * maitake.future.Futures#blockOn(Future)}) to poll again.
 *
 * <h2>Abandonment</h2>
 *
 * <p>Java has no destructors, so a future that registered itself somewhere (a wait list, a timer
 * slot) is released explicitly: whoever gives up on an unfinished future calls {@link
 * maitake.future.Future#abandon()}. The task system does so when a task is cancelled or fails,
 * {@code timeout} when the time is up, {@link maitake.future.Futures#select(java.util.List)} for
 * the losers and {@link maitake.future.Futures#join(java.util.List)} for the siblings of a member
 * that failed. An abandoned future unlinks itself and passes on whatever it was granted but did not
 * deliver (a mutex hand-off, a stored wakeup, semaphore permits, a value). The call is idempotent
 * and does nothing after the future completed. Composite futures forward it to every child that has
 * not completed.
 *
 * <h2>Failure</h2>
 *
 * <p>A future fails by throwing from {@code poll}. Combinators propagate the exception after
 * abandoning their other children; a task whose future throws completes as failed ({@link
 * maitake.task.JoinError.Kind#FAILED}).
 *
 * <h2>Allocation</h2>
 *
 * <p>{@link maitake.future.Poll#pending()} is a constant, {@code Poll.ready(null)} and the two
 * boolean results are cached, and a future that completes again and again (a reused future) can
 * return one {@link maitake.future.Poll#cell() cell} every time, so polling allocates nothing in
 * steady state.
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package maitake.future;
