package maitake.impl.sync;

import maitake.future.Context;
import maitake.future.Future;
import maitake.future.Poll;
import maitake.sync.Outcome;
import maitake.sync.RwLock;
import maitake.sync.Semaphore;
import maitake.sync.blocking.RawMutex;

/**
 * The {@link RwLock}: a {@link FairSemaphore} of {@link Semaphore#MAX_PERMITS} permits; a reader
 * takes one, a writer takes them all. The semaphore's FIFO with partial assignment makes it fair
 * and write-preferring: a queued writer collects permits as readers leave, and readers behind it
 * wait.
 *
 * @param <T> the value type
 */
public final class SemaphoreRwLock<T> implements RwLock<T> {
  /*
   * Implementation overview
   *
   * Ported from the RwLock of hawkw/mycelium maitake-sync/src/rwlock.rs: a FIFO semaphore of
   * MAX_PERMITS permits, of which a read takes one and a write takes all, so a queued writer
   * keeps later readers out (fair, write-preferring). Abandoning a queued writer returns the
   * permits it had collected to the readers behind it (the semaphore's abandon). The semaphore is
   * never closed.
   */
  private static final long ALL = Semaphore.MAX_PERMITS;

  private final FairSemaphore sem;
  private T value; // readers read it while holding a permit; the writer holds them all

  /**
   * An unlocked lock around {@code value}.
   *
   * @param lock guards the semaphore's wait list
   * @param value the initial value
   */
  public SemaphoreRwLock(RawMutex lock, T value) {
    this.sem = new FairSemaphore(lock, ALL);
    this.value = value;
  }

  @Override
  public Future<ReadGuard<T>> read() {
    return new Acquiring<>(sem.acquire(1), p -> new Read<>(this, p));
  }

  @Override
  public Future<WriteGuard<T>> write() {
    return new Acquiring<>(sem.acquire(ALL), p -> new Write<>(this, p));
  }

  @Override
  public ReadGuard<T> tryRead() {
    Outcome<Semaphore.Permit> o = sem.tryAcquire(1);
    return o.isOk() ? new Read<>(this, o.value()) : null;
  }

  @Override
  public WriteGuard<T> tryWrite() {
    Outcome<Semaphore.Permit> o = sem.tryAcquire(ALL);
    return o.isOk() ? new Write<>(this, o.value()) : null;
  }

  @Override
  public String toString() {
    long free = sem.availablePermits();
    return "RwLock("
        + (free == ALL
            ? "unlocked"
            : free == 0 ? "write-locked or contended" : (ALL - free) + " readers")
        + ")";
  }

  /** Maps an acquired permit to a guard. */
  private static final class Acquiring<G> implements Future<G> {
    private final Future<Outcome<Semaphore.Permit>> acquire;
    private final java.util.function.Function<Semaphore.Permit, G> guard;

    Acquiring(
        Future<Outcome<Semaphore.Permit>> acquire,
        java.util.function.Function<Semaphore.Permit, G> guard) {
      this.acquire = acquire;
      this.guard = guard;
    }

    @Override
    public Poll<G> poll(Context context) {
      Poll<Outcome<Semaphore.Permit>> p = acquire.poll(context);
      return p.isPending() ? Poll.pending() : Poll.ready(guard.apply(p.value().value()));
    }

    @Override
    public void abandon() {
      acquire.abandon();
    }
  }

  private static class Read<T> implements ReadGuard<T> {
    final SemaphoreRwLock<T> lock;
    private Semaphore.Permit permit; // null once closed

    Read(SemaphoreRwLock<T> lock, Semaphore.Permit permit) {
      this.lock = lock;
      this.permit = permit;
    }

    final void check() {
      if (permit == null) {
        throw new IllegalStateException("guard used after close");
      }
    }

    @Override
    public T get() {
      check();
      return lock.value;
    }

    @Override
    public void close() {
      Semaphore.Permit p = permit;
      if (p != null) {
        permit = null;
        p.close();
      }
    }
  }

  private static final class Write<T> extends Read<T> implements WriteGuard<T> {
    Write(SemaphoreRwLock<T> lock, Semaphore.Permit permit) {
      super(lock, permit);
    }

    @Override
    public void set(T v) {
      check();
      lock.value = v;
    }
  }
}
