package maitake.impl.sync;

import maitake.future.Future;
import maitake.future.Poll;
import maitake.sync.Outcome;

/** A wait that can register before it is polled: what {@link ConditionWait} loops over. */
interface SubscribableWait extends Future<Outcome<Void>> {
  Poll<Outcome<Void>> subscribe();
}
