package maitake.impl.sync;

import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Poll;
import maitake.sync.Channel;
import maitake.sync.Outcome;

/**
 * Lincheck: {@link ChannelLincheckTest}'s scenarios with producer 0 sending through one reusable
 * send, reset for each value (also after it was abandoned while queued or after its value entered
 * the buffer), and the consumer receiving through one reusable receive, reset after each value.
 * Checked as there: nothing lost or duplicated, each producer's order kept.
 */
public class ReusableChannelLincheckTest extends ChannelLincheckTest {
  private final Channel.ReusableSend<Integer> send = tx.reusableSend();
  private final Channel.ReusableReceive<Integer> receive = ch.receiver().reusableReceive();

  @Override
  Future<Outcome<Integer>> newSend(int p, int value) {
    return p == 0 ? send.reset(value) : super.newSend(p, value);
  }

  @Override
  Integer receiveOne() {
    Poll<Integer> r = receive.poll(Context.NOOP);
    if (r.isPending()) {
      return null;
    }
    receive.reset();
    return r.value();
  }
}
