package maitake.bench;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import maitake.Toolkit;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Poll;
import maitake.runtime.Runtime;
import maitake.scheduler.LocalScheduler;
import maitake.sync.Channel;
import maitake.sync.Outcome;
import maitake.task.JoinHandle;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * ping_pong: two tasks hand a value back and forth 10,000 times over two capacity-1 channels; the
 * score is per round trip. Ours runs both tasks on one thread (one scheduler) or on two threads
 * (two schedulers, each ticked by its own thread); the peers are two threads over a
 * SynchronousQueue, and the floor is two threads spinning on one volatile field.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PingPongBench {
  static final int ROUNDS = 10_000;

  /** Sends 0..n-1 on out and expects each back on in (ping), or echoes (pong). */
  static final class Player implements Future<Void> {
    private final Channel.Sender<Integer> out;
    private final Channel.Receiver<Integer> in;
    private final boolean ping;
    private int round;
    private Future<Outcome<Integer>> sending;
    private Future<Outcome<Integer>> receiving;

    Player(Channel.Sender<Integer> out, Channel.Receiver<Integer> in, boolean ping) {
      this.out = out;
      this.in = in;
      this.ping = ping;
    }

    @Override
    public Poll<Void> poll(Context cx) {
      for (; ; ) {
        if (round == ROUNDS) {
          return Poll.readyNull();
        }
        if (ping) {
          if (receiving == null) { // this round's value is not sent yet
            if (sending == null) {
              sending = out.send(VALUES[round]);
            }
            if (sending.poll(cx).isPending()) {
              return Poll.pending();
            }
            sending = null;
            receiving = in.receive();
          }
          Poll<Outcome<Integer>> r = receiving.poll(cx);
          if (r.isPending()) {
            return Poll.pending();
          }
          receiving = null;
          round++;
        } else {
          if (sending == null) { // nothing received this round yet
            if (receiving == null) {
              receiving = in.receive();
            }
            Poll<Outcome<Integer>> r = receiving.poll(cx);
            if (r.isPending()) {
              return Poll.pending();
            }
            receiving = null;
            sending = out.send(r.value().value());
          }
          if (sending.poll(cx).isPending()) {
            return Poll.pending();
          }
          sending = null;
          round++;
        }
      }
    }
  }

  /** The values sent, boxed once, so that no row measures the boxing of an int. */
  static final Integer[] VALUES = new Integer[ROUNDS];

  static {
    for (int i = 0; i < ROUNDS; i++) {
      VALUES[i] = i;
    }
  }

  /** As {@link Player}, through one reusable send and one reusable receive: nothing per round. */
  static final class ReusingPlayer implements Future<Void> {
    private final Channel.ReusableSend<Integer> send;
    private final Channel.ReusableReceive<Integer> receive;
    private final boolean ping;
    private int round;
    private boolean sending;
    private boolean receiving;

    ReusingPlayer(Channel.Sender<Integer> out, Channel.Receiver<Integer> in, boolean ping) {
      this.send = out.reusableSend();
      this.receive = in.reusableReceive();
      this.ping = ping;
    }

    @Override
    public Poll<Void> poll(Context cx) {
      for (; ; ) {
        if (round == ROUNDS) {
          return Poll.readyNull();
        }
        if (ping) {
          if (!receiving) {
            if (!sending) {
              send.reset(VALUES[round]);
              sending = true;
            }
            if (send.poll(cx).isPending()) {
              return Poll.pending();
            }
            sending = false;
            receiving = true;
            receive.reset();
          }
          if (receive.poll(cx).isPending()) {
            return Poll.pending();
          }
          receiving = false;
          round++;
        } else {
          if (!sending) {
            if (!receiving) {
              receive.reset();
              receiving = true;
            }
            Poll<Integer> r = receive.poll(cx);
            if (r.isPending()) {
              return Poll.pending();
            }
            receiving = false;
            send.reset(r.value());
            sending = true;
          }
          if (send.poll(cx).isPending()) {
            return Poll.pending();
          }
          sending = false;
          round++;
        }
      }
    }
  }

  /** Makes a player: {@code Player::new} or {@code ReusingPlayer::new}. */
  interface PlayerFactory {
    Future<Void> make(Channel.Sender<Integer> out, Channel.Receiver<Integer> in, boolean ping);
  }

  /** Both players on one scheduler, ticked by the benchmark thread. */
  private static void oneThread(PlayerFactory players) {
    Toolkit kit = Toolkit.load();
    LocalScheduler s = kit.newLocalScheduler();
    Channel<Integer> ab = kit.newChannel(1);
    Channel<Integer> ba = kit.newChannel(1);
    JoinHandle<Void> a = s.spawn(players.make(ab.sender(), ba.receiver(), true));
    JoinHandle<Void> b = s.spawn(players.make(ba.sender(), ab.receiver(), false));
    while (!a.isComplete() || !b.isComplete()) {
      s.tick();
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROUNDS)
  public void ours_oneThreadReusedFutures() {
    oneThread(ReusingPlayer::new);
  }

  @Benchmark
  @OperationsPerInvocation(ROUNDS)
  public void ours_oneThread() {
    oneThread(Player::new);
  }

  /** A runtime of two workers, for the rows that play on it, with the idle strategy chosen. */
  @State(Scope.Benchmark)
  public static class RuntimeState {
    /** default: the runtime's default idle strategy (spin, yield, park); park: park at once. */
    @Param({"default", "park"})
    public String idle;

    Runtime rt;
    Toolkit kit;

    @Setup(Level.Trial)
    public void start() {
      kit = Toolkit.load();
      rt = Runtime.builder(kit).workers(2).idleStrategy(Support.idleStrategy(idle)).build();
    }

    @TearDown(Level.Trial)
    public void stop() {
      rt.close();
    }
  }

  /**
   * Both players spawned from outside on a runtime of two workers: where they run is the runtime's
   * business (one worker takes both from the injector, the other steals one when it is idle), as
   * for a user's tasks.
   */
  @Benchmark
  @OperationsPerInvocation(ROUNDS)
  public void ours_runtime2Workers(RuntimeState st) {
    Channel<Integer> ab = st.kit.newChannel(1);
    Channel<Integer> ba = st.kit.newChannel(1);
    JoinHandle<Void> a = st.rt.spawn(new ReusingPlayer(ab.sender(), ba.receiver(), true));
    JoinHandle<Void> b = st.rt.spawn(new ReusingPlayer(ba.sender(), ab.receiver(), false));
    st.rt.blockOn(a);
    st.rt.blockOn(b);
  }

  @Benchmark
  @OperationsPerInvocation(ROUNDS)
  public void ours_twoThreads() throws InterruptedException {
    Toolkit kit = Toolkit.load();
    LocalScheduler s1 = kit.newLocalScheduler();
    LocalScheduler s2 = kit.newLocalScheduler();
    Channel<Integer> ab = kit.newChannel(1);
    Channel<Integer> ba = kit.newChannel(1);
    JoinHandle<Void> a = s1.spawner().spawn(new ReusingPlayer(ab.sender(), ba.receiver(), true));
    JoinHandle<Void> b = s2.spawner().spawn(new ReusingPlayer(ba.sender(), ab.receiver(), false));
    Thread other =
        new Thread(
            () -> {
              while (!b.isComplete()) {
                s2.tick();
              }
            });
    other.start();
    while (!a.isComplete()) {
      s1.tick();
    }
    other.join();
  }

  /** The turn the two spinning threads of {@link #floor_spinTwoThreads} pass back and forth. */
  private volatile int turn;

  /**
   * The floor of a round trip across two threads on this machine: two platform threads hand a turn
   * back and forth through one volatile field, spinning, with no queue, no task and no waking. Each
   * round trip moves the field's cache line between two cores twice; nothing that hands a value
   * from one thread to another and back does it in less.
   */
  @Benchmark
  @OperationsPerInvocation(ROUNDS)
  public void floor_spinTwoThreads() throws InterruptedException {
    turn = 0;
    Thread other =
        new Thread(
            () -> {
              for (int i = 0; i < ROUNDS; i++) {
                while (turn != 2 * i + 1) {
                  Thread.onSpinWait();
                }
                turn = 2 * i + 2;
              }
            });
    other.start();
    for (int i = 0; i < ROUNDS; i++) {
      turn = 2 * i + 1;
      while (turn != 2 * i + 2) {
        Thread.onSpinWait();
      }
    }
    other.join();
  }

  private static void synchronousQueue(boolean virtual) throws InterruptedException {
    SynchronousQueue<Integer> ab = new SynchronousQueue<>();
    SynchronousQueue<Integer> ba = new SynchronousQueue<>();
    AtomicBoolean failed = new AtomicBoolean();
    Runnable pong =
        () -> {
          try {
            for (int i = 0; i < ROUNDS; i++) {
              ba.put(ab.take());
            }
          } catch (InterruptedException e) {
            failed.set(true);
          }
        };
    Thread t = virtual ? Support.virtualThread(pong) : new Thread(pong);
    Runnable ping =
        () -> {
          try {
            for (int i = 0; i < ROUNDS; i++) {
              ab.put(VALUES[i]);
              ba.take();
            }
          } catch (InterruptedException e) {
            failed.set(true);
          }
        };
    Thread p = virtual ? Support.virtualThread(ping) : new Thread(ping);
    t.start();
    p.start();
    p.join();
    t.join();
  }

  @Benchmark
  @OperationsPerInvocation(ROUNDS)
  public void peer_platformThreadsSynchronousQueue() throws InterruptedException {
    synchronousQueue(false);
  }

  /** JDK 21+. */
  @Benchmark
  @OperationsPerInvocation(ROUNDS)
  public void peer_virtualThreadsSynchronousQueue() throws InterruptedException {
    synchronousQueue(true);
  }
}
