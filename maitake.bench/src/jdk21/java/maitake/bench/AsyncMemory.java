package maitake.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import maitake.async.Async;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Futures;

/**
 * Heap bytes per suspended async block (awaiting a future that never completes) beside a parked
 * virtual thread: {@code java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -cp
 * maitake.bench/target/benchmarks.jar maitake.bench.AsyncMemory [n]}.
 */
public final class AsyncMemory {
  private AsyncMemory() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    double block =
        Report.bytesPerItem(
            n,
            k -> {
              List<Future<Object>> all = new ArrayList<>(k);
              for (int i = 0; i < k; i++) {
                Future<Object> f = Async.async(() -> Async.await(Futures.pending()));
                f.poll(Context.NOOP);
                all.add(f);
              }
              return all;
            });
    CountDownLatch started = new CountDownLatch(n);
    List<Thread> threads = new ArrayList<>(n);
    double thread =
        Report.bytesPerItem(
            n,
            k -> {
              for (int i = 0; i < k; i++) {
                threads.add(
                    Thread.ofVirtual()
                        .start(
                            () -> {
                              started.countDown();
                              LockSupport.park();
                            }));
              }
              try {
                started.await();
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
              return threads;
            });
    System.out.printf(
        Locale.ROOT,
        "%d items: suspended async block %.0f B, parked virtual thread %.0f B%n",
        n,
        block,
        thread);
    for (Thread t : threads) {
      LockSupport.unpark(t);
    }
  }
}
