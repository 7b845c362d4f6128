package maitake.impl.scheduler;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Poll;
import maitake.future.Waker;
import maitake.impl.util.Wakers;
import maitake.task.FailureHandler;
import maitake.task.JoinError;
import maitake.task.TaskId;
import maitake.task.TaskRef;
import maitake.task.TaskStorage;

/**
 * A spawned task: its future, its output, and the one atomic state word that coordinates the
 * scheduler, wakers, cancellation and the join handle. The task object is at once the task's {@link
 * maitake.task.JoinHandle} (and {@link TaskStorage}), its {@link TaskRef}, its {@link Waker} and
 * the {@link Context} its future is polled with, so spawning allocates one object besides the
 * user's future.
 *
 * <p>Subclasses add the run-queue protocol of their scheduler kind: {@link MpscTask} keeps the
 * polling and woken bits in the state word; {@link ConfinedTask} keeps them in plain fields of its
 * owner thread.
 *
 * @param <T> the output type
 */
abstract class Task<T> implements TaskStorage<T>, TaskRef, Waker, Context {
  /*
   * Implementation overview
   *
   * Ported from the state word of hawkw/mycelium maitake/src/task/state.rs, without reference
   * counts: the garbage collector owns memory, so only the protocol bits remain.
   *
   *   bit  name          meaning
   *   0    POLLING       MpscTask: a scheduler is polling the future now
   *   1    WOKEN         MpscTask: queued, or will be queued again when the poll ends
   *   2    COMPLETE      ended: completed, failed or torn down; never polled again
   *   3    CANCELLED     cancel() succeeded
   *   4    JOIN_HANDLE   someone still has an interest in the output (not joined, not detached)
   *   5-6  JOIN_WAKER    EMPTY, REGISTERING (a join poll is writing joinWaker), WAITING
   *   7    HAS_OUTPUT    output holds the value or the exception and has not been taken
   *   8    FAILED        the future threw; output holds the Throwable
   *   9    SHUTDOWN      torn down because the scheduler was closed
   *   10   REMOTE_WOKEN  ConfinedTask: in its scheduler's remote (cross-thread) wake queue
   *   11   TAKEN         a join or detach is taking the output (JOIN_HANDLE is cleared next),
   *                      or a failure nobody will join is being reported; never free meanwhile
   *
   * Every transition is a CAS loop over the whole word, with two kinds of exception: a fresh
   * task's first state is a plain store before it is published, and a bit that one thread alone
   * may clear is cleared with an atomic and (TAKEN, with JOIN_HANDLE after a join or detach, by
   * the thread that set it; ConfinedTask's REMOTE_WOKEN, by the owner thread).
   *
   * Join protocol (replaces the Rust crate's spin on REGISTERING): a join poll that must wait
   * moves JOIN_WAKER from EMPTY or WAITING to REGISTERING, writes joinWaker, then moves
   * REGISTERING to WAITING unless COMPLETE or CANCELLED appeared meanwhile, in which case it
   * resets JOIN_WAKER and loops to deliver. The completer (and cancel) move WAITING to EMPTY in
   * the same CAS that sets COMPLETE (CANCELLED), then read joinWaker and wake it; seeing
   * REGISTERING they leave the delivery to the poller. Nobody spins and no join wakeup is lost.
   *
   * Output ownership: the scheduler writes output (and nulls future) before the CAS that sets
   * COMPLETE, and touches nothing of the task after that CAS except reading joinWaker. The join
   * poll (or detach) whose CAS clears HAS_OUTPUT and sets TAKEN owns output; it reads and clears
   * output, then clears JOIN_HANDLE and TAKEN. A storage is free once COMPLETE is set and
   * JOIN_HANDLE is clear (the output was taken or nobody wants it) and it is not in a remote wake
   * queue, so a respawn can never race the read of the previous output; the output of a task
   * that completed while detached stays until the next spawn.
   *
   * Outputs nobody takes: a task that fails, or completes with an AutoCloseable value, with no
   * join handle left (detached) ends with TAKEN set instead of HAS_OUTPUT; the ender reports the
   * failure to the failure handler (or closes the value) and then clears TAKEN. A detach of an
   * ended task takes the output like a join (TAKEN) and reports or closes it before clearing
   * JOIN_HANDLE and TAKEN. (A plain value of a detached task stays in output until the storage
   * is spawned into again.) Either way the storage is not free while the
   * handler runs, so the TaskRef it gets is still the failed task. Exactly one of the two
   * reports, because detach and the ending CAS are ordered on the state word.
   */

  static final int POLLING = 1;
  static final int WOKEN = 1 << 1;
  static final int COMPLETE = 1 << 2;
  static final int CANCELLED = 1 << 3;
  static final int JOIN_HANDLE = 1 << 4;
  static final int JW_MASK = 3 << 5;
  static final int JW_EMPTY = 0;
  static final int JW_REGISTERING = 1 << 5;
  static final int JW_WAITING = 2 << 5;
  static final int HAS_OUTPUT = 1 << 7;
  static final int FAILED = 1 << 8;
  static final int SHUTDOWN = 1 << 9;
  static final int REMOTE_WOKEN = 1 << 10;
  static final int TAKEN = 1 << 11;

  /** Not a state bit: tells end() that an output left behind must be closed. */
  private static final int CLOSE_UNTAKEN = 1 << 30;

  /** What {@code run} reports to the scheduler. */
  static final int RUN_PENDING = 0;

  static final int RUN_RESCHEDULE = 1;
  static final int RUN_ENDED = 2;
  static final int RUN_SKIPPED = 3;

  private static final String DEFAULT_KIND = "task";

  private volatile int state; // all transitions by CAS (see the table above)
  volatile Task<?> next; // MPSC run-queue link: producers write (release), the consumer reads
  Future<T> future; // the owning scheduler's thread only; null once the task ended
  Object output; // written by the scheduler before COMPLETE; owned by the join that takes it
  Waker joinWaker; // written by a join poll in REGISTERING; read by the completer after WAITING
  private long id; // 0 until first asked for (see idValue); reset to 0 at spawn
  // written at spawn: null, the name (the kind is the default), or a Label (name and kind). One
  // field instead of two keeps a ConfinedTask at 56 bytes and an MpscTask at 48 (compressed
  // oops): a spawn with a custom kind pays one small Label instead of every task paying a field
  private Object label;

  /** A free storage, or a stub. */
  Task() {
    setStatePlain(COMPLETE);
  }

  // ---------------------------------------------------------------------------------------
  // Spawn

  /**
   * Fills a fresh or claimed task before it is published to a run queue. The state word is set
   * separately: plainly for a fresh task, by {@link #claim} for a storage.
   *
   * @param label see {@link #label(String, String)}
   * @param registry the spawner's task registry, or null
   */
  final void init(Future<T> future, Object label, StripedTaskRegistry registry) {
    this.future = future;
    this.id = 0; // the id is drawn when first asked for: spawning takes no atomic counter
    if (registry == null) {
      this.label = label;
    } else {
      registry.register(this, label); // sets the label to its entry, then lists the entry
    }
    this.output = null; // safe: nothing writes output before this task's own poll ends
    // joinWaker is left alone: the storage is already claimed (JOIN_HANDLE set), so a join poll
    // may have registered a waker for this very task; the JW bits say whether it is valid
  }

  /**
   * Claims a free storage for a new spawn: atomically moves it from free to {@code JOIN_HANDLE |
   * extraBits}.
   *
   * @throws IllegalStateException if a task that has not ended occupies the storage
   */
  final void claim(int extraBits) {
    for (; ; ) {
      int s = getStateVolatile();
      if (!isFree(s)) {
        throw new IllegalStateException(
            "task storage is in use by a task that has not ended, "
                + "or whose output was not taken or detached: "
                + this);
      }
      if (casState(s, JOIN_HANDLE | extraBits)) {
        return;
      }
    }
  }

  private static boolean isFree(int s) {
    return (s & (COMPLETE | JOIN_HANDLE | REMOTE_WOKEN | TAKEN)) == COMPLETE;
  }

  // ---------------------------------------------------------------------------------------
  // Waker, Context

  @Override
  public final Waker waker() {
    return this;
  }

  // wake() is defined by the subclass: it is the run-queue protocol.

  // ---------------------------------------------------------------------------------------
  // TaskRef / JoinHandle

  @Override
  public final TaskId id() {
    return TaskId.of(idValue());
  }

  /**
   * The task's id, drawn from {@link TaskIds} the first time anyone asks (one CAS decides the
   * winner when several threads ask at once). Ids are unique and never 0; they are not in spawn
   * order. Most tasks are never asked, so most spawns never touch the process-wide counter.
   */
  final long idValue() {
    long v = (long) ID.getOpaque(this);
    if (v != 0) {
      return v;
    }
    long fresh = TaskIds.next();
    return ID.compareAndSet(this, 0L, fresh) ? fresh : (long) ID.getOpaque(this);
  }

  @Override
  public final String name() {
    return nameOf(plainLabel());
  }

  @Override
  public final String kind() {
    return kindOf(plainLabel());
  }

  /** The name a label (without a registry entry) carries. */
  static String nameOf(Object label) {
    return label instanceof Label x ? x.name : (String) label;
  }

  /** The kind a label (without a registry entry) carries. */
  static String kindOf(Object label) {
    return label instanceof Label x ? x.kind : DEFAULT_KIND;
  }

  /** The label without a registry entry around it. */
  private Object plainLabel() {
    Object l = label;
    return l instanceof StripedTaskRegistry.Entry e ? e.label : l;
  }

  /** Called by the registry before it lists the entry, so a reader never sees it half done. */
  final void setRegisteredLabel(StripedTaskRegistry.Entry e) {
    this.label = e;
  }

  /** The label field as it is, registry entry and all: for the registry's tests. */
  final Object labelForTests() {
    return label;
  }

  /** Whether this task is listed through {@code e} (and not a later spawn into the storage). */
  final boolean isRegisteredAs(StripedTaskRegistry.Entry e) {
    return label == e;
  }

  /**
   * @return the future, read without synchronization from any thread, for a task dump; null once
   *     the task ended
   */
  final Object futureForDiagnostics() {
    return future;
  }

  /**
   * @return "queued", "running" or "waiting", read without synchronization, for a task dump
   */
  abstract String runState();

  /**
   * The scheduler's turn of this task: polls it, or tears it down if it was cancelled or {@code
   * closed} is true.
   *
   * @return one of the RUN_ codes
   */
  abstract int run(boolean closed);

  /** A task's name and custom kind. */
  private record Label(String name, String kind) {}

  /**
   * The label field's value for a name and kind: null, the name itself (the default kind), or a
   * Label (a custom kind). Builders make it once, so spawning through them allocates no label.
   */
  static Object label(String name, String kind) {
    return kind == null || kind.equals(DEFAULT_KIND) ? name : new Label(name, kind);
  }

  @Override
  public final boolean isComplete() {
    return (getStateVolatile() & COMPLETE) != 0;
  }

  @Override
  public final boolean isCancelled() {
    return (getStateVolatile() & CANCELLED) != 0;
  }

  @Override
  public final boolean isFree() {
    return isFree(getStateVolatile());
  }

  @Override
  public final TaskRef taskRef() {
    return this;
  }

  @Override
  public final boolean cancel() {
    for (; ; ) {
      int s = getStateVolatile();
      if ((s & CANCELLED) != 0) {
        return false;
      }
      if ((s & COMPLETE) != 0
          && (s & (HAS_OUTPUT | JOIN_HANDLE | FAILED | SHUTDOWN)) != (HAS_OUTPUT | JOIN_HANDLE)) {
        return false; // ended with nothing left to cancel
      }
      int ns = s | CANCELLED;
      boolean wakeJoin = (s & JW_MASK) == JW_WAITING;
      if (wakeJoin) {
        ns &= ~JW_MASK;
      }
      ns = cancelBits(s, ns);
      if (casState(s, ns)) {
        if (wakeJoin) {
          wakeSafely(joinWaker);
        }
        afterCancel(s, ns);
        return true;
      }
    }
  }

  /** Adds the subclass's queue bits to a cancel transition from {@code s}. */
  abstract int cancelBits(int s, int ns);

  /** Makes sure a cancelled task reaches its scheduler for teardown. */
  abstract void afterCancel(int s, int ns);

  @Override
  public final Poll<T> poll(Context context) {
    Waker w = context.waker();
    for (; ; ) {
      int s = getStateVolatile();
      if ((s & JOIN_HANDLE) == 0) {
        throw new IllegalStateException(
            "join handle polled after its output was delivered, or "
                + "after it was detached: "
                + this);
      }
      if ((s & (CANCELLED | COMPLETE)) != 0) {
        return deliver(s);
      }
      int jw = s & JW_MASK;
      if (jw == JW_WAITING && joinWaker.willWake(w)) {
        return Poll.pending();
      }
      if (jw == JW_REGISTERING) {
        Thread.onSpinWait(); // another thread polls this handle at the same moment
        continue;
      }
      if (!casState(s, (s & ~JW_MASK) | JW_REGISTERING)) {
        continue;
      }
      joinWaker = w;
      if (publishJoinWaker()) {
        return Poll.pending();
      }
    }
  }

  /**
   * REGISTERING to WAITING, unless the task ended or was cancelled meanwhile.
   *
   * @return true if the waker is now WAITING; false if the caller must deliver instead
   */
  private boolean publishJoinWaker() {
    for (; ; ) {
      int s = getStateVolatile();
      if ((s & (CANCELLED | COMPLETE)) != 0) {
        // the completer or canceller saw REGISTERING and left the delivery to us
        if (casState(s, s & ~JW_MASK)) {
          return false;
        }
      } else if (casState(s, (s & ~JW_MASK) | JW_WAITING)) {
        return true;
      }
    }
  }

  /**
   * Takes the outcome of an ended or cancelled task, exactly once, in two steps: a CAS that clears
   * HAS_OUTPUT and sets TAKEN (this thread now owns output, and the storage is not free, since
   * JOIN_HANDLE is still set), then, after output and the id are read and output is cleared, an
   * atomic clear of JOIN_HANDLE and TAKEN that frees the storage. A storage respawned by another
   * thread the moment it is free cannot lose its new output to this join.
   */
  @SuppressWarnings("unchecked")
  private Poll<T> deliver(int s) {
    for (; ; ) {
      if ((s & (JOIN_HANDLE | TAKEN)) != JOIN_HANDLE) {
        throw new IllegalStateException("join handle output already delivered: " + this);
      }
      if (casState(s, (s & ~(HAS_OUTPUT | JW_MASK)) | TAKEN)) {
        break;
      }
      s = getStateVolatile();
    }
    boolean ended = (s & COMPLETE) != 0;
    Object out = null;
    if (ended && (s & HAS_OUTPUT) != 0) {
      out = output;
      output = null;
    }
    boolean error = (s & (CANCELLED | SHUTDOWN | FAILED)) != 0;
    long taskId = error ? idValue() : 0;
    String taskName = error ? name() : null; // read before the storage is free
    getAndBitwiseAndState(~(JOIN_HANDLE | TAKEN)); // the storage is free from here
    if ((s & CANCELLED) != 0) {
      boolean completed = ended && (s & (HAS_OUTPUT | FAILED | SHUTDOWN)) == HAS_OUTPUT;
      throw JoinError.cancelled(TaskId.of(taskId), taskName, completed, completed ? out : null);
    }
    if ((s & SHUTDOWN) != 0) {
      throw JoinError.shutdown(TaskId.of(taskId), taskName);
    }
    if ((s & FAILED) != 0) {
      throw JoinError.failed(TaskId.of(taskId), taskName, (Throwable) out);
    }
    return Poll.ready((T) out);
  }

  @Override
  public final void abandon() {
    detach();
  }

  /**
   * Drops interest in the output. An ended task's output is taken first (HAS_OUTPUT cleared and
   * TAKEN set, as in a join), cleared, and only then is JOIN_HANDLE cleared, which frees the
   * storage.
   */
  @Override
  public final void detach() {
    for (; ; ) {
      int s = getStateVolatile();
      if ((s & (JOIN_HANDLE | TAKEN)) != JOIN_HANDLE) {
        return; // delivered, detached, or being delivered
      }
      if ((s & COMPLETE) == 0 || (s & HAS_OUTPUT) == 0) {
        if (casState(s, s & ~(JOIN_HANDLE | JW_MASK))) {
          return;
        }
      } else if (casState(s, (s & ~(HAS_OUTPUT | JW_MASK)) | TAKEN)) {
        Object out = output;
        output = null;
        if ((s & FAILED) != 0) {
          reportFailure((Throwable) out); // nobody will join it now; TAKEN keeps it ours
        } else {
          closeUntaken(out);
        }
        getAndBitwiseAndState(~(JOIN_HANDLE | TAKEN)); // the storage is free from here
        return;
      }
    }
  }

  @Override
  public final CompletableFuture<T> toCompletableFuture() {
    return new JoinBridge<>(this).start();
  }

  // ---------------------------------------------------------------------------------------
  // Ending a task (scheduler side)

  /** The future returned ready: store the value and end. */
  final void completeWith(Object value) {
    future = null;
    output = value;
    if (end(
        value instanceof AutoCloseable
            ? COMPLETE | HAS_OUTPUT | CLOSE_UNTAKEN
            : COMPLETE | HAS_OUTPUT)) {
      output = null; // detached: nobody will take it, so it is closed (see end)
      closeUntaken(value);
      getAndBitwiseAndState(~TAKEN);
    }
  }

  /** The future threw: abandon it, store the exception and end as failed. */
  final void fail(Throwable t) {
    abandonFuture(t);
    output = t;
    if (end(COMPLETE | HAS_OUTPUT | FAILED)) {
      // nobody will join it: the ending CAS set TAKEN instead of HAS_OUTPUT, so the storage
      // stays ours (not free) while the failure is reported
      output = null;
      reportFailure(t);
      getAndBitwiseAndState(~TAKEN);
    }
  }

  /** Cancelled, or its scheduler closed: abandon the future and end without output. */
  final void tearDown(boolean shutdown) {
    abandonFuture(null);
    end(shutdown ? COMPLETE | SHUTDOWN : COMPLETE);
  }

  private void abandonFuture(Throwable primary) {
    Future<T> f = future;
    future = null;
    if (f != null) {
      try {
        f.abandon();
      } catch (Throwable e) {
        if (primary != null && primary != e) {
          primary.addSuppressed(e);
        } else if (primary == null) {
          reportFailure(e); // a teardown's abandon threw: nobody else will see it
        }
      }
    }
  }

  /**
   * The ending CAS: clears POLLING, adds {@code bits}, takes a WAITING join waker, then wakes it.
   * Nothing of the task is written after the CAS, except for an output that must not be left behind
   * when the task had no join handle left (a failure, which is reported, or an AutoCloseable value,
   * which is closed: {@code bits} has FAILED or CLOSE_UNTAKEN): then the CAS sets TAKEN instead of
   * HAS_OUTPUT, and the caller deals with the output and clears TAKEN, which frees the storage.
   *
   * @return true if the caller must deal with the output and clear TAKEN
   */
  private boolean end(int bits) {
    if (label instanceof StripedTaskRegistry.Entry e) {
      e.unregister(); // before the ending CAS: after it the storage may be spawned into again
    }
    beforeEnd();
    boolean mustTake = (bits & (FAILED | CLOSE_UNTAKEN)) != 0;
    bits &= ~CLOSE_UNTAKEN;
    for (; ; ) {
      int s = getStateVolatile();
      int ns = (s & ~POLLING) | bits;
      boolean unobserved = mustTake && (s & JOIN_HANDLE) == 0;
      if (unobserved) {
        ns = (ns & ~HAS_OUTPUT) | TAKEN;
      }
      boolean wakeJoin = (s & JW_MASK) == JW_WAITING;
      if (wakeJoin) {
        ns &= ~JW_MASK;
      }
      if (casState(s, ns)) {
        if (wakeJoin) {
          wakeSafely(joinWaker);
        }
        return unobserved;
      }
    }
  }

  /** Closes an output that nobody will take, if it is AutoCloseable; reports what close throws. */
  final void closeUntaken(Object out) {
    if (out instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Throwable e) {
        reportFailure(e);
      }
    }
  }

  /** Hands a failure that nobody will join to the scheduler's failure handler. */
  final void reportFailure(Throwable t) {
    FailureHandler.report(failureHandler(), this, t);
  }

  /**
   * @return the failure handler of the task's scheduler, or null for the default
   */
  abstract FailureHandler failureHandler();

  /** The subclass's last write to the task before the ending CAS; the default does nothing. */
  void beforeEnd() {}

  /** The failure of a future whose poll returned null. */
  static NullPointerException nullPoll(Future<?> f) {
    return new NullPointerException("poll returned null instead of a Poll: " + f);
  }

  static void wakeSafely(Waker w) {
    Wakers.wakeSafely(w);
  }

  static void reportUncaught(Throwable e) {
    Wakers.reportUncaught(e);
  }

  // ---------------------------------------------------------------------------------------
  // Diagnostics

  /**
   * @return the state word as flag names, for assertion messages and toString
   */
  static String describe(int s) {
    StringBuilder b = new StringBuilder();
    append(b, s, POLLING, "POLLING");
    append(b, s, WOKEN, "WOKEN");
    append(b, s, COMPLETE, "COMPLETE");
    append(b, s, CANCELLED, "CANCELLED");
    append(b, s, JOIN_HANDLE, "JOIN_HANDLE");
    int jw = s & JW_MASK;
    if (jw == JW_REGISTERING) {
      b.append("JW_REGISTERING|");
    } else if (jw == JW_WAITING) {
      b.append("JW_WAITING|");
    } else if (jw != 0) {
      b.append("JW_INVALID|");
    }
    append(b, s, HAS_OUTPUT, "HAS_OUTPUT");
    append(b, s, FAILED, "FAILED");
    append(b, s, SHUTDOWN, "SHUTDOWN");
    append(b, s, REMOTE_WOKEN, "REMOTE_WOKEN");
    append(b, s, TAKEN, "TAKEN");
    return b.length() == 0 ? "0" : b.substring(0, b.length() - 1);
  }

  private static void append(StringBuilder b, int s, int bit, String name) {
    if ((s & bit) != 0) {
      b.append(name).append('|');
    }
  }

  @Override
  public String toString() {
    String name = name();
    return getClass().getSimpleName()
        + "(id="
        + Long.toUnsignedString(idValue())
        + (name != null ? ", name=" + name : "")
        + ", kind="
        + kind()
        + ", state="
        + describe(getStateVolatile())
        + ")";
  }

  // ---------------------------------------------------------------------------------------
  // State word access

  final int getStateVolatile() {
    return state;
  }

  final void setStatePlain(int s) {
    STATE.set(this, s);
  }

  final boolean casState(int expected, int next) {
    return STATE.compareAndSet(this, expected, next);
  }

  final int getAndBitwiseOrState(int bits) {
    return (int) STATE.getAndBitwiseOr(this, bits);
  }

  final int getAndBitwiseAndState(int mask) {
    return (int) STATE.getAndBitwiseAnd(this, mask);
  }

  final Task<?> getNextAcquire() {
    return (Task<?>) NEXT.getAcquire(this);
  }

  /** The link, read plainly: for a consumer that already read it with acquire semantics. */
  final Task<?> getNextPlain() {
    return next;
  }

  final void setNextRelease(Task<?> n) {
    NEXT.setRelease(this, n);
  }

  final void setNextPlain(Task<?> n) {
    NEXT.set(this, n);
  }

  /**
   * A {@link CompletableFuture} fed by a join handle. It holds the task's join right until it
   * delivers the outcome or gives the task up, so whatever it cancels or detaches is its own task
   * (a storage is not free while a join right is held).
   */
  private static final class JoinBridge<T> extends CompletableFuture<T> implements Waker, Context {
    /*
     * Implementation overview
     *
     * Every step runs in wake()'s loop, one at a time: the counter makes a wake that arrives
     * while another thread is in the loop leave its turn to that thread. The bridge registers
     * itself as a completion callback of its own future, so a completion from outside (complete,
     * completeExceptionally, cancel, orTimeout) is one more wake. Each turn:
     *   finished            -> nothing (the join right is gone)
     *   this future is done -> completed elsewhere: cancel the task if this future was
     *                          cancelled, then detach (a dropped failure is reported, a dropped
     *                          AutoCloseable output is closed); finished
     *   else                -> poll the handle; ready: complete (an AutoCloseable value that
     *                          loses a race with another completion is closed); a JoinError:
     *                          complete exceptionally; finished either way
     */
    private final Task<T> task;
    private final AtomicInteger wakes = new AtomicInteger();
    private boolean finished; // the wake loop only

    JoinBridge(Task<T> task) {
      this.task = Objects.requireNonNull(task);
    }

    JoinBridge<T> start() {
      whenComplete((v, e) -> wake());
      wake();
      return this;
    }

    @Override
    public void wake() {
      if (wakes.getAndIncrement() != 0) {
        return; // the thread in the loop will take another turn
      }
      do {
        turn();
      } while (wakes.decrementAndGet() != 0);
    }

    private void turn() {
      if (finished) {
        return;
      }
      if (isDone()) {
        finished = true;
        if (isCancelled()) {
          task.cancel();
        }
        task.detach();
        return;
      }
      Poll<T> p;
      try {
        p = task.poll(this);
      } catch (Throwable e) {
        finished = true;
        completeExceptionally(e);
        return;
      }
      if (p.isReady()) {
        finished = true;
        T v = p.value();
        if (!complete(v)) {
          task.closeUntaken(v);
        }
      }
    }

    @Override
    public Waker waker() {
      return this;
    }
  }

  private static final VarHandle STATE;
  private static final VarHandle NEXT;
  private static final VarHandle ID;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      STATE = l.findVarHandle(Task.class, "state", int.class);
      NEXT = l.findVarHandle(Task.class, "next", Task.class);
      ID = l.findVarHandle(Task.class, "id", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
