package dev.concurrency.sync.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The tracked locks one thread holds, oldest first. Other threads touch it only to take away an ownerless
 * lock or a semaphore permit that they released on this thread's behalf, hence the monitor.
 */
final class HeldLocks {

  final Thread thread = Thread.currentThread();

  // @GuardedBy("this")
  private final List<LockNode> nodes = new ArrayList<>();

  synchronized void add(LockNode node) {
    nodes.add(node);
  }

  /** Removes the newest hold of {@code node}; false when this thread holds none. */
  synchronized boolean remove(LockNode node) {
    return nodes.lastIndexOf(node) >= 0 && nodes.remove(nodes.lastIndexOf(node)) != null;
  }

  synchronized List<LockNode> snapshot() {
    return List.copyOf(nodes);
  }
}
