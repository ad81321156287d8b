package dev.concurrency.sync.internal;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.MapMaker;
import dev.concurrency.sync.DeadlockPolicy;
import dev.concurrency.sync.PotentialDeadlockException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * What one {@code DeadlockDetector} or {@code LockOrdering} asks of the locks it makes: the policy for a
 * lock-order cycle, whether its locks take part in the wait-for graph, and whether ranks are checked.
 *
 * <p>The graphs themselves are global ({@link OrderGraph}, {@link WaitForGraph}), shared by every tracker, so
 * that a cycle through locks of two detectors is found as surely as one through locks of a single detector. The
 * tracker of the lock being <i>acquired</i> decides what happens, as in Guava's {@code
 * CycleDetectingLockFactory}.
 *
 * <p>Immutable and thread-safe.
 */
public final class Tracker {

  private final DeadlockPolicy policy;
  private final Consumer<PotentialDeadlockException> warnings;
  private final boolean waitForGraph;
  private final boolean ranked;

  /** An ordering's locks by rank, held weakly: the order graph's implied edges, from lower to higher ranks. */
  private final ConcurrentMap<Integer, LockNode> byRank = new MapMaker().weakValues().makeMap();

  private Tracker(
      DeadlockPolicy policy,
      Consumer<PotentialDeadlockException> warnings,
      boolean waitForGraph,
      boolean ranked) {
    this.policy = requireNonNull(policy, "policy");
    this.warnings = requireNonNull(warnings, "warnings");
    this.waitForGraph = waitForGraph;
    this.ranked = ranked;
  }

  /** A detector's tracker. */
  public static Tracker detector(
      DeadlockPolicy policy, Consumer<PotentialDeadlockException> warnings, boolean waitForGraph) {
    return new Tracker(policy, warnings, waitForGraph, false);
  }

  /** An ordering's tracker: ranks checked, cycles refused, real deadlocks detected. */
  public static Tracker ordering() {
    return new Tracker(
        DeadlockPolicy.THROW,
        problem -> {
          throw problem;
        },
        true,
        true);
  }

  /** The policy for a lock-order cycle closed by acquiring one of this tracker's locks. */
  DeadlockPolicy policy() {
    return policy;
  }

  /** Whether this tracker's locks are part of the lock-order graph. */
  boolean checksOrder() {
    return policy != DeadlockPolicy.DISABLED;
  }

  /** Reports a cycle under {@link DeadlockPolicy#WARN}. */
  void warn(PotentialDeadlockException problem) {
    warnings.accept(problem);
  }

  /** Whether a wait for one of this tracker's locks is checked against the wait-for graph. */
  boolean detectsDeadlocks() {
    return waitForGraph;
  }

  /** Whether ranks are checked among this tracker's locks. */
  boolean ranked() {
    return ranked;
  }

  /** Makes {@code node} known by its rank, if this tracker ranks its locks; returns it. */
  <N extends LockNode> N register(N node) {
    if (ranked) {
      byRank.put(node.rank(), node);
    }
    return node;
  }

  /**
   * The locks ranked below {@code node} in its ordering: by the ordering's declaration, each may be held while
   * {@code node} is taken, so the order graph treats each as an edge into {@code node}, taken or not.
   */
  List<LockNode> rankedBelow(LockNode node) {
    if (!ranked) {
      return List.of();
    }
    List<LockNode> below = new ArrayList<>();
    for (LockNode other : byRank.values()) {
      if (other.rank() < node.rank()) {
        below.add(other);
      }
    }
    return below;
  }
}
