package maitake.itests;

import java.util.ArrayList;
import java.util.List;
import maitake.Toolkit;
import maitake.future.Futures;
import maitake.future.Yield;
import maitake.scheduler.LocalScheduler;
import maitake.scheduler.Scheduler;
import maitake.scheduler.Tick;
import maitake.task.JoinHandle;

/**
 * A small workload run in a child JVM by {@link ModulePathIT}: finds the toolkit through {@link
 * java.util.ServiceLoader}, runs tasks on both scheduler kinds, and prints what it saw.
 */
public final class ModulePathWorkload {
  private ModulePathWorkload() {}

  public static void main(String[] args) {
    Toolkit toolkit = Toolkit.load();
    System.out.println("toolkit=" + toolkit.getClass().getName());
    System.out.println("api-module=" + Toolkit.class.getModule().getName());
    System.out.println("impl-module=" + toolkit.getClass().getModule().getName());
    java.util.List<String> providers = new java.util.ArrayList<>();
    for (maitake.spi.RawMutexProvider p :
        java.util.ServiceLoader.load(maitake.spi.RawMutexProvider.class)) {
      providers.add(p.name() + ":" + p.ranking());
    }
    providers.sort(null);
    System.out.println("providers=" + providers);
    System.out.println("locks=" + toolkit);
    maitake.sync.Mutex<Integer> m = toolkit.newMutex(1);
    try (maitake.sync.MutexGuard<Integer> g = m.tryLock()) {
      g.set(g.get() + 1);
    }
    Scheduler scheduler = toolkit.newScheduler();
    LocalScheduler local = toolkit.newLocalScheduler();
    List<JoinHandle<Integer>> handles = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      int n = i;
      handles.add(scheduler.spawn(new Yield(n % 4).map(v -> n)));
      handles.add(local.spawn(new Yield(n % 2).map(v -> -n)));
    }
    Tick a;
    Tick b;
    do {
      a = scheduler.tick();
      b = local.tick();
    } while (a.hasRemaining() || b.hasRemaining());
    long sum = 0;
    for (JoinHandle<Integer> h : handles) {
      sum += Futures.blockOn(h);
    }
    System.out.println("tasks=" + handles.size() + " sum=" + sum);
  }
}
