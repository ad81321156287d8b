package dev.concurrency.sync.internal;

import dev.concurrency.sync.DeadlockException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Detection of real deadlocks: which thread waits for which tracked lock. A thread about to block searches
 * from the lock it wants, through that lock's holders and the locks they wait for, back to itself; if it
 * gets there, waiting would close a cycle, so it fails instead of blocking.
 *
 * <p>Why the last thread to block always sees the cycle: a thread records its holds before it can block on
 * anything else, and forgets a hold before releasing it, so when the cycle's last edge is added every other
 * edge is already in the graph. Everything runs under this object's monitor, on the slow path only.
 */
final class WaitForGraph {

  // @GuardedBy("this")
  private final Map<Thread, LockNode> waiting = new HashMap<>();

  synchronized void beforeBlock(LockNode wanted) {
    Thread me = Thread.currentThread();
    List<DeadlockException.Edge> path = new ArrayList<>();
    if (reaches(me, me, wanted, path, new HashSet<>())) {
      DeadlockException deadlock = new DeadlockException(path);
      DeadlockEvents.actual(deadlock);
      throw deadlock;
    }
    waiting.put(me, wanted);
  }

  synchronized void afterBlock() {
    waiting.remove(Thread.currentThread());
  }

  /** Depth-first: does waiting for {@code wanted} by {@code waiter} lead back to {@code target}? */
  private boolean reaches(
      Thread target, Thread waiter, LockNode wanted, List<DeadlockException.Edge> path, Set<Thread> seen) {
    for (Thread holder : wanted.holderThreads()) {
      path.add(new DeadlockException.Edge(waiter.getName(), wanted.name(), holder.getName()));
      if (holder == target) {
        return true;
      }
      @Nullable LockNode next = waiting.get(holder);
      if (next != null && seen.add(holder) && reaches(target, holder, next, path, seen)) {
        return true;
      }
      path.removeLast();
    }
    return false;
  }
}
