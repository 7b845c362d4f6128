package maitake.impl.time;

/**
 * The wheel itself, with no clock, no lock and no waker: 6 levels of 64 slots holding intrusive
 * lists of {@link WheelSleep}s, a 64-bit occupancy bitmap per level, and the wheel's now, all
 * counted in wheel ticks.
 *
 * <p>Not thread-safe. Its timer guards it: {@link HierarchicalTimerWheel} with its lock, {@link
 * LocalTimerWheel} by confinement to its owner thread.
 */
final class WheelCore {
  /*
   * Implementation overview
   *
   * Ported from hawkw/mycelium maitake/src/time/timer/wheel.rs (the Rust crate's Core, which its
   * Timer wraps in a lock), with one change: far sleeps are placed so that their slot always
   * comes due before their deadline (the Rust crate can spin on a top-level slot that is due at
   * once). Agrona's DeadlineTimerWheel splits the same way: the wheel is a plain data structure
   * and the caller decides how it is shared.
   *
   * Levels. Level L has 64 slots of 64^L wheel ticks; slot index (deadline >>> 6L) & 63. A sleep
   * goes to the level of the highest 6-bit group in which now and its deadline differ, so within
   * the current rotation of that level its slot is strictly after now's slot. A deadline in a
   * different top-level rotation (2^36 and beyond) goes to level 5: to its own slot if that slot
   * comes up within one rotation and is not now's slot, else to the slot just before now's slot,
   * the last to come up; either way the slot comes due no later than the deadline.
   *
   * The next slot due in a level is the first set bit at or after now's slot, found with a
   * rotate and numberOfTrailingZeros; lower levels always come due before higher ones, so the
   * first non-empty level holds the next due slot.
   *
   * Advancing to a target: while the next due slot starts at or before the target, take its whole
   * list and clear its bit; sleeps whose deadline is at or before the target go on the due chain
   * (returned to the timer, which fires them), live ones not yet due (they can only come from
   * levels above 0) go on a pending list, and the rest (abandoned, or re-armed by their owner and
   * not yet registered again) leave the wheel. Then now becomes the target and the pending sleeps
   * are placed again (lazy cascading).
   *
   * Slot lists are doubly linked, appended at the tail (so a slot's chain is in registration
   * order), and each sleep records its slot index (-1 when not linked), so unlinking is O(1).
   *
   * Abandoned sleeps may stay linked: their timer marks them with one atomic operation and leaves
   * the unlinking to whoever holds the wheel next. nextLiveDue() drops abandoned sleeps at the
   * head of the next due slot until it finds a live one, so the timer's next deadline is a live
   * sleep's; sweep() drops every abandoned sleep.
   *
   * A sleep's state and deadline may be written by its owner while it is linked and abandoned;
   * nothing here trusts them for more than this: an entry found live is either live, or was
   * abandoned after the read, and every action on it is then either undone by the state CAS that
   * fires it or harmless (it is placed in some valid slot, to be dropped later).
   */

  static final int LEVELS = 6;
  static final int SLOTS = 64;
  static final int SLOT_BITS = 6;

  /** Wheel ticks one placement covers. */
  static final long PLACEMENT_RANGE = 1L << (LEVELS * SLOT_BITS);

  private long now;
  private final long[] occupied = new long[LEVELS];
  private final WheelSleep[] heads = new WheelSleep[LEVELS * SLOTS];
  private final WheelSleep[] tails = new WheelSleep[LEVELS * SLOTS];
  private int linked;
  private int dueIndex; // slot index found by the last nextDue()

  /**
   * @return the wheel's now, in wheel ticks
   */
  long now() {
    return now;
  }

  /**
   * @return how many sleeps are linked, abandoned ones included
   */
  int linked() {
    return linked;
  }

  /**
   * Links {@code s}, which must not be linked, into the slot of its deadline (after now).
   *
   * @param s the sleep
   */
  void insert(WheelSleep s) {
    int idx = slotFor(now, s.deadline);
    WheelSleep t = tails[idx];
    s.prev = t;
    s.next = null;
    if (t == null) {
      heads[idx] = s;
      occupied[idx >>> SLOT_BITS] |= 1L << (idx & (SLOTS - 1));
    } else {
      t.next = s;
    }
    tails[idx] = s;
    s.slot = idx;
    linked++;
  }

  /**
   * Links {@code s} for its (new) deadline: left where it is if it is linked in that slot already,
   * moved if it is linked elsewhere, inserted if it is not linked.
   *
   * @param s the sleep
   */
  void place(WheelSleep s) {
    int idx = s.slot;
    if (idx >= 0) {
      if (idx == slotFor(now, s.deadline)) {
        return;
      }
      unlink(s);
    }
    insert(s);
  }

  /**
   * Unlinks {@code s}, which must be linked.
   *
   * @param s the sleep
   */
  void unlink(WheelSleep s) {
    int idx = s.slot;
    WheelSleep p = s.prev;
    WheelSleep n = s.next;
    if (p == null) {
      heads[idx] = n;
    } else {
      p.next = n;
    }
    if (n == null) {
      tails[idx] = p;
    } else {
      n.prev = p;
    }
    if (heads[idx] == null) {
      occupied[idx >>> SLOT_BITS] &= ~(1L << (idx & (SLOTS - 1)));
    }
    s.prev = null;
    s.next = null;
    s.slot = -1;
    linked--;
  }

  /**
   * Advances now to {@code target} if it is later, and takes out of the wheel every sleep whose
   * deadline is at or before it.
   *
   * @param target wheel ticks
   * @return the due sleeps (abandoned ones included), linked through {@code next}, slot by slot in
   *     the order their slots came due and in registration order within a slot; null if none
   */
  WheelSleep advance(long target) {
    if (target <= now) {
      return null;
    }
    WheelSleep chain = null;
    WheelSleep chainTail = null;
    WheelSleep pending = null;
    for (; ; ) {
      long due = nextDue();
      if (due > target) {
        break;
      }
      if (due > now) {
        now = due;
      }
      int idx = dueIndex;
      WheelSleep e = heads[idx];
      heads[idx] = null;
      tails[idx] = null;
      occupied[idx >>> SLOT_BITS] &= ~(1L << (idx & (SLOTS - 1)));
      while (e != null) {
        WheelSleep n = e.next;
        e.prev = null;
        e.next = null;
        e.slot = -1;
        linked--;
        if (e.deadline <= target) {
          if (chainTail == null) {
            chain = e;
          } else {
            chainTail.next = e;
          }
          chainTail = e;
        } else if (e.state == WheelSleep.REGISTERED) {
          e.next = pending;
          pending = e;
        } // else: abandoned or re-armed; it leaves the wheel
        e = n;
      }
    }
    now = target;
    while (pending != null) {
      WheelSleep n = pending.next;
      pending.next = null;
      insert(pending);
      pending = n;
    }
    return chain;
  }

  /**
   * The wheel tick at which the next occupied slot comes due.
   *
   * @return the tick, or {@link Long#MAX_VALUE} if no slot is occupied
   */
  long nextDue() {
    for (int level = 0; level < LEVELS; level++) {
      long occ = occupied[level];
      if (occ == 0) {
        continue;
      }
      int shift = level * SLOT_BITS;
      int levelBits = shift + SLOT_BITS;
      int nowSlot = (int) ((now >>> shift) & (SLOTS - 1));
      int slot =
          (nowSlot + Long.numberOfTrailingZeros(Long.rotateRight(occ, nowSlot))) & (SLOTS - 1);
      long due = ((now >>> levelBits) << levelBits) + ((long) slot << shift);
      if (slot < nowSlot) {
        due += 1L << levelBits;
      }
      dueIndex = level * SLOTS + slot;
      return due;
    }
    return Long.MAX_VALUE;
  }

  /**
   * {@link #nextDue()} of a slot that holds a live sleep: abandoned sleeps met first are unlinked.
   *
   * @return the tick, or {@link Long#MAX_VALUE} if no live sleep is linked
   */
  long nextLiveDue() {
    for (; ; ) {
      long due = nextDue();
      if (due == Long.MAX_VALUE) {
        return due;
      }
      WheelSleep e = heads[dueIndex];
      while (e != null) {
        WheelSleep n = e.next;
        if (e.state == WheelSleep.REGISTERED) {
          return due;
        }
        unlink(e);
        e = n;
      }
    }
  }

  /**
   * Unlinks every sleep that is not live (abandoned, or re-armed and not registered again).
   *
   * @return how many were unlinked
   */
  int sweep() {
    int dropped = 0;
    for (int level = 0; level < LEVELS; level++) {
      long occ = occupied[level];
      while (occ != 0) {
        int slot = Long.numberOfTrailingZeros(occ);
        occ &= occ - 1;
        WheelSleep e = heads[level * SLOTS + slot];
        while (e != null) {
          WheelSleep n = e.next;
          if (e.state != WheelSleep.REGISTERED) {
            unlink(e);
            dropped++;
          }
          e = n;
        }
      }
    }
    return dropped;
  }

  /**
   * The slot index (level * 64 + slot) for a deadline after now.
   *
   * @param now the wheel's now
   * @param deadline a later wheel tick
   * @return the index
   */
  static int slotFor(long now, long deadline) {
    long x = now ^ deadline;
    if ((x >>> (LEVELS * SLOT_BITS)) == 0) {
      int level = (63 - Long.numberOfLeadingZeros(x | (SLOTS - 1))) / SLOT_BITS;
      return level * SLOTS + (int) ((deadline >>> (level * SLOT_BITS)) & (SLOTS - 1));
    }
    int top = (LEVELS - 1) * SLOT_BITS;
    int nowSlot = (int) ((now >>> top) & (SLOTS - 1));
    int deadlineSlot = (int) ((deadline >>> top) & (SLOTS - 1));
    int slot =
        deadline - now < PLACEMENT_RANGE && deadlineSlot != nowSlot
            ? deadlineSlot
            : (nowSlot + SLOTS - 1) & (SLOTS - 1);
    return (LEVELS - 1) * SLOTS + slot;
  }
}
