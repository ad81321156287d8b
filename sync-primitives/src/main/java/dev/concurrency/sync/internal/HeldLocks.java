package dev.concurrency.sync.internal;

import java.util.Arrays;
import java.util.List;

/**
 * The tracked locks one thread holds, oldest first. Other threads touch it only to take away an ownerless
 * lock or a semaphore permit that they released on this thread's behalf, hence the monitor. An array, not a
 * list, so the order check can walk it without allocating.
 */
final class HeldLocks {

  final Thread thread = Thread.currentThread();

  // @GuardedBy("this")
  private LockNode[] nodes = new LockNode[4];

  // @GuardedBy("this")
  private int size;

  synchronized void add(LockNode node) {
    if (size == nodes.length) {
      nodes = Arrays.copyOf(nodes, size * 2);
    }
    nodes[size++] = node;
  }

  /** Removes the newest hold of {@code node}; false when this thread holds none. */
  synchronized boolean remove(LockNode node) {
    for (int i = size - 1; i >= 0; i--) {
      if (nodes[i] == node) {
        System.arraycopy(nodes, i + 1, nodes, i, size - i - 1);
        nodes[--size] = null;
        return true;
      }
    }
    return false;
  }

  /** The number of holds; call while holding this object's monitor. */
  int size() {
    return size;
  }

  /** The {@code i}-th oldest hold; call while holding this object's monitor. */
  LockNode at(int i) {
    return nodes[i];
  }

  synchronized List<LockNode> snapshot() {
    return List.of(Arrays.copyOf(nodes, size));
  }
}
