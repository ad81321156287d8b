package dev.concurrency.sync.internal;

import dev.concurrency.sync.DeadlockPolicy;
import dev.concurrency.sync.LockOrderException;
import dev.concurrency.sync.PotentialDeadlockException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The lock-order graph, lockdep-style, one for the whole JVM: an edge {@code A -> B} when some thread took
 * {@code B} while holding {@code A}. A new edge that would close a cycle means two threads following the
 * recorded orders could each hold one lock of the cycle and wait for the next: a deadlock waiting for an
 * unlucky schedule. The edge is then refused (THROW) or reported once (WARN) and never recorded, so the graph
 * stays acyclic.
 *
 * <p>One graph for every detector and ordering, so that a cycle through locks of different factories is found
 * (Guava's {@code testDifferentLockFactories}); the policy applied is that of the lock being acquired. Locks
 * whose tracker's policy is {@code DISABLED} take no part. Ranks are compared only between locks of one
 * {@code LockOrdering}; its locks also take part in the cycle check, as Guava's explicitly ordered locks do,
 * with an edge from each lock to every lock ranked above it in its ordering, declared whether taken or not.
 *
 * <p>Cost: a known edge costs one lookup in a concurrent map per lock held; only a new edge takes the graph's
 * monitor, captures a stack trace and searches the graph (breadth-first, over the locks that can reach the held
 * one). Edges are stored at their target with weak keys, so locks nobody can reach any more leave the graph.
 *
 * <p>Thread-safe.
 */
final class OrderGraph {

  private static final Object NEW_EDGES = new Object();

  private OrderGraph() {}

  /**
   * Checks that the calling thread, holding {@code mine}, may take {@code node}; records the new edges.
   *
   * @throws LockOrderException if {@code node} is ranked no higher than a lock of its ordering held
   * @throws PotentialDeadlockException if an edge would close a cycle and {@code node}'s policy is THROW
   */
  static void check(LockNode node, HeldLocks mine) {
    Tracker tracker = node.tracker();
    @Nullable List<PotentialDeadlockException> warnings = null;
    // The held-list's monitor, then the graph's: nothing takes them in the other order.
    synchronized (mine) {
      int held = mine.size();
      if (tracker.ranked()) {
        for (int i = 0; i < held; i++) {
          LockNode earlier = mine.nodeAt(i);
          if (earlier != node
              && mine.unitsAt(i) > 0
              && earlier.tracker() == tracker
              && earlier.rank() >= node.rank()) {
            throw new LockOrderException(earlier.name(), earlier.rank(), node.name(), node.rank());
          }
        }
      }
      if (!tracker.checksOrder()) {
        return;
      }
      for (int i = 0; i < held; i++) {
        LockNode earlier = mine.nodeAt(i);
        if (earlier == node
            || mine.unitsAt(i) == 0
            || !earlier.tracker().checksOrder()
            || node.priors.containsKey(earlier)) {
          continue;
        }
        PotentialDeadlockException problem = record(earlier, node);
        if (problem != null) {
          DeadlockEvents.potential(problem, tracker.policy().name());
          if (tracker.policy() == DeadlockPolicy.THROW) {
            throw problem;
          }
          if (warnings == null) {
            warnings = new ArrayList<>(1);
          }
          warnings.add(problem);
        }
      }
    }
    // Outside every monitor: the handler is the user's code.
    if (warnings != null) {
      warnings.forEach(tracker::warn);
    }
  }

  /** Adds {@code from -> to} unless it closes a cycle; returns the cycle's report, or null. */
  private static @Nullable PotentialDeadlockException record(LockNode from, LockNode to) {
    synchronized (NEW_EDGES) {
      if (to.priors.containsKey(from) || to.warnedPriors.contains(from)) {
        return null;
      }
      PotentialDeadlockException.Edge edge = PotentialDeadlockException.Edge.here(from.name(), to.name());
      List<PotentialDeadlockException.Edge> back = path(to, from);
      if (back == null) {
        to.priors.put(from, edge);
        return null;
      }
      List<PotentialDeadlockException.Edge> cycle = new ArrayList<>(back.size() + 1);
      cycle.add(edge);
      cycle.addAll(back);
      if (to.tracker().policy() == DeadlockPolicy.WARN) {
        to.warnedPriors.add(from);
      }
      return new PotentialDeadlockException(cycle);
    }
  }

  /**
   * The edges of a shortest path {@code start -> ... -> goal}, or null. Breadth-first from {@code goal}
   * backwards, along the edges stored at their targets and the edges an ordering's ranks declare.
   */
  private static @Nullable List<PotentialDeadlockException.Edge> path(LockNode start, LockNode goal) {
    Map<LockNode, LockNode> next = new HashMap<>();
    Deque<LockNode> frontier = new ArrayDeque<>();
    frontier.add(goal);
    while (!frontier.isEmpty()) {
      LockNode at = frontier.poll();
      List<LockNode> before = new ArrayList<>(at.priors.keySet());
      before.addAll(at.tracker().rankedBelow(at));
      for (LockNode prior : before) {
        if (prior == goal || next.containsKey(prior)) {
          continue;
        }
        next.put(prior, at);
        if (prior == start) {
          List<PotentialDeadlockException.Edge> edges = new ArrayList<>();
          for (LockNode from = start; from != goal; from = next.get(from)) {
            edges.add(edge(from, next.get(from)));
          }
          return edges;
        }
        frontier.add(prior);
      }
    }
    return null;
  }

  /** The recorded edge {@code from -> to}, or the one their ranks declare. */
  private static PotentialDeadlockException.Edge edge(LockNode from, LockNode to) {
    PotentialDeadlockException.Edge taken = to.priors.get(from);
    return taken != null ? taken : PotentialDeadlockException.Edge.declared(from.name(), to.name());
  }
}
