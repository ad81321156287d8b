package dev.concurrency.sync.internal;

import dev.concurrency.sync.DeadlockPolicy;
import dev.concurrency.sync.PotentialDeadlockException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Lockdep-style detection of potential deadlocks, plus (optionally) the {@link WaitForGraph} of real ones.
 *
 * <p>The order graph has an edge {@code A -> B} when some thread took {@code B} while holding {@code A}.
 * A new edge that closes a cycle means two threads could each hold one lock of the cycle and wait for the
 * next: a deadlock waiting for an unlucky schedule. The edge is then refused (THROW) or reported once
 * (WARN) and never recorded, so the graph stays acyclic.
 *
 * <p>Cost: a known edge costs one lookup in a concurrent map per lock held; only a new edge takes the
 * monitor, captures a stack trace and searches the graph.
 *
 * <p>Thread-safe, as every {@link Tracker} is.
 */
public final class DetectingTracker extends Tracker {

  private final DeadlockPolicy policy;
  private final Consumer<PotentialDeadlockException> warnings;
  private final @Nullable WaitForGraph waitFor;

  private final Map<LockNode, Map<LockNode, PotentialDeadlockException.Edge>> successors =
      new ConcurrentHashMap<>();

  // @GuardedBy("this")
  private final Set<List<LockNode>> warned = new HashSet<>();

  /** A tracker with the given order policy; {@code detectDeadlocks} adds the wait-for graph. */
  public DetectingTracker(
      DeadlockPolicy policy, Consumer<PotentialDeadlockException> warnings, boolean detectDeadlocks) {
    this.policy = policy;
    this.warnings = warnings;
    this.waitFor = detectDeadlocks ? new WaitForGraph() : null;
  }

  @Override
  protected void checkOrder(LockNode node, LockNode held) {
    if (policy == DeadlockPolicy.DISABLED) {
      return;
    }
    Map<LockNode, PotentialDeadlockException.Edge> known = successors.get(held);
    if (known == null || !known.containsKey(node)) {
      record(held, node);
    }
  }

  private synchronized void record(LockNode from, LockNode to) {
    Map<LockNode, PotentialDeadlockException.Edge> out =
        successors.computeIfAbsent(from, unused -> new ConcurrentHashMap<>());
    if (out.containsKey(to) || warned.contains(List.of(from, to))) {
      return;
    }
    PotentialDeadlockException.Edge edge = PotentialDeadlockException.Edge.here(from.name(), to.name());
    List<PotentialDeadlockException.Edge> back = path(to, from);
    if (back == null) {
      out.put(to, edge);
      return;
    }
    List<PotentialDeadlockException.Edge> cycle = new ArrayList<>();
    cycle.add(edge);
    cycle.addAll(back);
    PotentialDeadlockException problem = new PotentialDeadlockException(cycle);
    DeadlockEvents.potential(problem, policy.name());
    if (policy == DeadlockPolicy.THROW) {
      throw problem;
    }
    warned.add(List.of(from, to));
    warnings.accept(problem);
  }

  /** The edges of a path {@code start -> ... -> goal} in the order graph, or null; breadth-first, so short. */
  private @Nullable List<PotentialDeadlockException.Edge> path(LockNode start, LockNode goal) {
    Map<LockNode, LockNode> parent = new HashMap<>();
    Deque<LockNode> frontier = new ArrayDeque<>();
    frontier.add(start);
    while (!frontier.isEmpty()) {
      LockNode at = frontier.poll();
      for (LockNode to : successors.getOrDefault(at, Map.of()).keySet()) {
        if (to == start || parent.containsKey(to)) {
          continue;
        }
        parent.put(to, at);
        if (to == goal) {
          Deque<PotentialDeadlockException.Edge> edges = new ArrayDeque<>();
          for (LockNode node = goal; node != start; node = parent.get(node)) {
            edges.addFirst(successors.get(parent.get(node)).get(node));
          }
          return List.copyOf(edges);
        }
        frontier.add(to);
      }
    }
    return null;
  }

  @Override
  protected void beforeBlock(LockNode node) {
    if (waitFor != null) {
      waitFor.beforeBlock(node);
    }
  }

  @Override
  protected void afterBlock(LockNode node) {
    if (waitFor != null) {
      waitFor.afterBlock();
    }
  }
}
