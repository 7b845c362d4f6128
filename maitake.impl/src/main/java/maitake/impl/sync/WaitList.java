package maitake.impl.sync;

/**
 * An intrusive doubly-linked FIFO list of waiter nodes, guarded by its primitive's raw lock.
 * Nodes live inside the wait futures, so linking allocates nothing; removal is O(1).
 *
 * @param <N> the node type
 */
final class WaitList<N extends WaitList.Node<N>> {

  /**
   * A list node: embedded in a wait future. All fields are guarded by the owning primitive's
   * lock.
   *
   * @param <N> the node type
   */
  abstract static class Node<N extends Node<N>> {
    N prev; // under the primitive's lock
    N next; // under the primitive's lock
    boolean linked; // under the primitive's lock
  }

  private N head;
  private N tail;
  private int size;

  void addLast(N n) {
    n.prev = tail;
    n.next = null;
    if (tail == null) {
      head = n;
    } else {
      tail.next = n;
    }
    tail = n;
    n.linked = true;
    size++;
  }

  N peekFirst() {
    return head;
  }

  N pollFirst() {
    N h = head;
    if (h != null) {
      remove(h);
    }
    return h;
  }

  /** Removes {@code n} if it is linked here; returns whether it was. */
  boolean remove(N n) {
    if (!n.linked) {
      return false;
    }
    N p = n.prev;
    N x = n.next;
    if (p == null) {
      head = x;
    } else {
      p.next = x;
    }
    if (x == null) {
      tail = p;
    } else {
      x.prev = p;
    }
    n.prev = null;
    n.next = null;
    n.linked = false;
    size--;
    return true;
  }

  boolean isEmpty() {
    return head == null;
  }

  int size() {
    return size;
  }
}
