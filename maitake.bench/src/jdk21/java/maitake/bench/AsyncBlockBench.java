package maitake.bench;

import java.util.concurrent.TimeUnit;
import maitake.async.Async;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Futures;
import maitake.future.Poll;
import maitake.future.Yield;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * async_block (JDK 21 and later): an async block against a hand-written state machine doing the
 * same, on the calling thread. await_ready: 1,000 awaits of a ready future per block, the score per
 * await. suspend_wake: 1,000 awaits of a future that is pending once and wakes itself (a Yield),
 * each a suspension and a resumption of the block, the score per round trip.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED"})
public class AsyncBlockBench {
  static final int N = 1_000;
  static final Future<Integer> READY = Futures.ready(1);

  /** Polls {@code f} on this thread until it is ready. */
  static <T> T run(Future<T> f) {
    for (; ; ) {
      Poll<T> p = f.poll(Context.NOOP);
      if (p.isReady()) {
        return p.value();
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public int ours_awaitReady() {
    return run(
        Async.async(
            () -> {
              int sum = 0;
              for (int i = 0; i < N; i++) {
                sum += Async.await(READY);
              }
              return sum;
            }));
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public int peer_stateMachineReady() {
    return run(
        new Future<Integer>() {
          int i;
          int sum;

          @Override
          public Poll<Integer> poll(Context cx) {
            for (; i < N; i++) {
              Poll<Integer> p = READY.poll(cx);
              if (p.isPending()) {
                return Poll.pending();
              }
              sum += p.value();
            }
            return Poll.ready(sum);
          }
        });
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public int ours_suspendWake() {
    Yield y = new Yield(1);
    return run(
        Async.async(
            () -> {
              for (int i = 0; i < N; i++) {
                Async.await(y.reset(1));
              }
              return N;
            }));
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public int peer_stateMachineSuspendWake() {
    Yield y = new Yield(1);
    return run(
        new Future<Integer>() {
          int i;
          boolean armed;

          @Override
          public Poll<Integer> poll(Context cx) {
            for (; i < N; i++) {
              if (!armed) {
                y.reset(1);
                armed = true;
              }
              if (y.poll(cx).isPending()) {
                return Poll.pending();
              }
              armed = false;
            }
            return Poll.ready(N);
          }
        });
  }
}
