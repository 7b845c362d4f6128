package maitake.impl.sync;

import maitake.future.Waker;
import maitake.impl.lock.BackoffSpinLock;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Lincheck for the waiter engine itself, through the smallest primitive it can carry: a pool of
 * tokens. Two waiters register, are granted, are abandoned (passing an unseen grant on) and see the
 * pool close, against releases and a close on other threads. Checked after each scenario: every
 * token released is held by exactly one completed waiter, stored in the pool, or waits in a granted
 * waiter that is polled in the validation (none is lost, none is granted twice); no waiter stays
 * queued while a token is stored; after close no waiter stays queued.
 */
public class WaitEngineLincheckTest {

  /** A token pool on the engine: release() grants the oldest waiter, else stores a token. */
  static final class TokenPool extends WaitEngine<TokenWait> {
    private int stored; // under lock
    private boolean closed; // under lock

    TokenPool() {
      super(new BackoffSpinLock());
    }

    void release() {
      lock.lock();
      try {
        giveLocked();
      } finally {
        unlockAndWake();
      }
    }

    void close() {
      lock.lock();
      try {
        closed = true;
        completeAllLocked(CLOSED);
      } finally {
        unlockAndWake();
      }
    }

    private void giveLocked() {
      TokenWait head = firstLocked();
      if (head != null) {
        completeLocked(head, GRANTED);
      } else {
        stored++;
      }
    }

    int storedNow() {
      lock.lock();
      try {
        return stored;
      } finally {
        lock.unlock();
      }
    }

    @Override
    int tryGrantLocked(TokenWait w) {
      if (stored > 0) {
        stored--;
        return GRANTED;
      }
      return closed ? CLOSED : PENDING;
    }

    @Override
    void passOnLocked(TokenWait w, int status) {
      if (status == GRANTED) {
        giveLocked();
      }
    }
  }

  static final class TokenWait extends WaitEngine.Waiter<TokenWait> {
    @Override
    String describe() {
      return "TokenWait";
    }
  }

  private static final Waker NOOP = () -> {};

  private final TokenPool pool = new TokenPool();
  private final TokenWait[] waits = {new TokenWait(), new TokenWait()};
  private final int[] outcome = new int[2]; // per waiter group: 0 open, GRANTED, CLOSED, -1 gone
  private int releases; // the releaser group only
  private boolean closed; // the closer group only

  private void poll(int i) {
    if (outcome[i] != 0) {
      return;
    }
    int st = pool.poll(waits[i], NOOP);
    if (st != WaitEngine.PENDING) {
      outcome[i] = st;
    }
  }

  private void abandon(int i) {
    if (outcome[i] == 0) {
      pool.abandon(waits[i]);
      outcome[i] = -1;
    }
  }

  @Operation(nonParallelGroup = "w0")
  public void poll0() {
    poll(0);
  }

  @Operation(nonParallelGroup = "w0")
  public void abandon0() {
    abandon(0);
  }

  @Operation(nonParallelGroup = "w1")
  public void poll1() {
    poll(1);
  }

  @Operation(nonParallelGroup = "w1")
  public void abandon1() {
    abandon(1);
  }

  @Operation(nonParallelGroup = "releaser")
  public void release() {
    releases++;
    pool.release();
  }

  @Operation(nonParallelGroup = "closer")
  public void close() {
    closed = true;
    pool.close();
  }

  @Validate
  public void tokensAreConserved() {
    int held = 0;
    for (int i = 0; i < 2; i++) {
      if (outcome[i] == 0 && waits[i].phase == WaitEngine.QUEUED) {
        int st = pool.poll(waits[i], NOOP);
        if (st == WaitEngine.PENDING && (closed || pool.storedNow() > 0)) {
          throw new AssertionError(
              "waiter "
                  + i
                  + " is still queued although "
                  + (closed ? "the pool closed" : "a token is stored"));
        }
        outcome[i] = st;
      }
      if (outcome[i] == WaitEngine.GRANTED) {
        held++;
      }
    }
    int stored = pool.storedNow();
    if (held + stored != releases) {
      throw new AssertionError(
          releases
              + " released, but "
              + held
              + " held and "
              + stored
              + " stored: a token was "
              + (held + stored < releases ? "lost" : "granted twice"));
    }
  }

  @Test
  public void modelChecking() {
    LincheckSupport.modelCheck(getClass());
  }

  @Test
  public void stress() {
    LincheckSupport.stress(getClass());
  }
}
