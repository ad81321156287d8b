package dev.concurrency.async;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The edges of the await graph: which futures and tasks await a future, and what state each is in.
 *
 * <p>An edge "W awaits F" comes from one of two places. A task suspended in {@link AsyncFuture#await()} on F is
 * one of F's done-callbacks until F completes, so those edges cost nothing to keep. The structures that make a
 * task wait for futures it does not await itself record their edges explicitly, as CPython 3.14 does with {@code
 * future_add_to_awaited_by}: a {@link TaskGroup} (each child is awaited by the group's parent task), {@link
 * AsyncIO#gather} and {@link AsyncIO#shield} (the children, or the shielded future, are awaited by the task that
 * called them), {@link AsyncIO#waitUntil} (the futures are awaited by the waiting task while it waits), and user
 * code through {@link CallGraphs#futureAddToAwaitedBy}. Explicit edges behave as a set: adding one twice keeps
 * one, discarding one that is absent does nothing.
 *
 * <p>Loop-confined, like the futures it reads.
 */
final class AwaitGraph {

  private AwaitGraph() {}

  /** Records that {@code waiter} awaits {@code future}; a no-op if it is recorded already or is the future. */
  static void add(AsyncFuture<?> future, AsyncFuture<?> waiter) {
    if (future == waiter) {
      return;
    }
    Object edges = future.awaitedByEdges();
    if (edges == null) {
      future.awaitedByEdges(waiter);
    } else if (edges instanceof Waiters list) {
      if (!list.containsIdentical(waiter)) {
        list.add(waiter);
      }
    } else if (edges != waiter) {
      Waiters list = new Waiters();
      list.add((AsyncFuture<?>) edges);
      list.add(waiter);
      future.awaitedByEdges(list);
    }
  }

  /** Withdraws what {@link #add} recorded; a no-op if it is not recorded. */
  static void discard(AsyncFuture<?> future, AsyncFuture<?> waiter) {
    Object edges = future.awaitedByEdges();
    if (edges == waiter) {
      future.awaitedByEdges(null);
    } else if (edges instanceof Waiters list) {
      list.removeIf(w -> w == waiter);
      if (list.isEmpty()) {
        future.awaitedByEdges(null);
      }
    }
  }

  /** Who awaits {@code future}: the recorded edges first, then the tasks suspended on it, each once. */
  static List<AsyncFuture<?>> awaitedBy(AsyncFuture<?> future) {
    List<AsyncFuture<?>> all = new ArrayList<>(2);
    Object edges = future.awaitedByEdges();
    if (edges instanceof Waiters list) {
      all.addAll(list);
    } else if (edges != null) {
      all.add((AsyncFuture<?>) edges);
    }
    future.forEachAwaitingTask(
        task -> {
          if (!containsIdentical(all, task)) {
            all.add(task);
          }
        });
    return all;
  }

  /** The state of {@code future} now; see {@link FutureCallGraph.State}. */
  static FutureCallGraph.State state(AsyncFuture<?> future) {
    if (future.done()) {
      if (future.cancelled()) {
        return FutureCallGraph.State.CANCELLED;
      }
      return future.peekException() != null ? FutureCallGraph.State.FAILED : FutureCallGraph.State.FINISHED;
    }
    if (!(future instanceof AsyncTask<?> task)) {
      return FutureCallGraph.State.PENDING;
    }
    if (task.getLoop().current() == task) {
      return FutureCallGraph.State.RUNNING;
    }
    if (!task.started()) {
      return FutureCallGraph.State.PENDING;
    }
    AsyncFuture<?> waiting = task.waitingOn();
    return waiting != null && !waiting.done() ? FutureCallGraph.State.WAITING : FutureCallGraph.State.READY;
  }

  /**
   * Debug mode's check before {@code me} suspends on {@code target}: if {@code target} already awaits {@code me},
   * directly or through other tasks, the await would close a cycle and never end, so it is refused.
   *
   * @throws IllegalStateException naming the cycle, {@code A → B → A} where each arrow reads "awaits"
   */
  static void refuseCycle(AsyncTask<?> me, AsyncFuture<?> target) {
    List<AsyncFuture<?>> cycle = cycleThrough(me, target);
    if (!cycle.isEmpty()) {
      throw new IllegalStateException(
          "await cycle detected (debug mode): " + describe(cycle)
              + "; each waits for the next, so none would ever resume. Break the cycle: one of them must not"
              + " await the other");
    }
  }

  /**
   * The cycle that {@code me} awaiting {@code target} would close, as {@code [me, target, ..., me]}, or an empty
   * list if there is none. A breadth-first search up the awaited-by edges from {@code me}: {@code target} is
   * found there exactly when it already waits, through some chain, for {@code me}.
   */
  static List<AsyncFuture<?>> cycleThrough(AsyncFuture<?> me, AsyncFuture<?> target) {
    Map<AsyncFuture<?>, AsyncFuture<?>> reachedFrom = new IdentityHashMap<>();
    ArrayDeque<AsyncFuture<?>> frontier = new ArrayDeque<>();
    reachedFrom.put(me, me);
    frontier.add(me);
    while (!frontier.isEmpty()) {
      AsyncFuture<?> awaited = frontier.poll();
      for (AsyncFuture<?> awaiter : awaitedBy(awaited)) {
        if (reachedFrom.containsKey(awaiter)) {
          continue;
        }
        reachedFrom.put(awaiter, awaited);
        if (awaiter == target) {
          List<AsyncFuture<?>> cycle = new ArrayList<>();
          cycle.add(me);
          for (AsyncFuture<?> f = target; f != me; f = requireNonNull(reachedFrom.get(f))) {
            cycle.add(f);
          }
          cycle.add(me);
          return cycle;
        }
        frontier.add(awaiter);
      }
    }
    return List.of();
  }

  /** {@code Task 'A' → Task 'B' → Task 'A'}. */
  static String describe(List<AsyncFuture<?>> cycle) {
    return cycle.stream().map(AwaitGraph::label).collect(Collectors.joining(" → "));
  }

  /** {@code Task 'name'} for a task, {@code Future@1a2b} for any other future. */
  static String label(AsyncFuture<?> future) {
    return future instanceof AsyncTask<?> task ? "Task '" + task.getName() + "'"
        : "Future@" + Integer.toHexString(System.identityHashCode(future));
  }

  /** A set of futures, to walk a graph that may have cycles (in any mode: edges are only refused in debug). */
  static Set<AsyncFuture<?>> identitySet() {
    return Collections.newSetFromMap(new IdentityHashMap<>());
  }

  private static boolean containsIdentical(List<AsyncFuture<?>> list, AsyncFuture<?> future) {
    for (AsyncFuture<?> f : list) {
      if (f == future) {
        return true;
      }
    }
    return false;
  }

  /** A list type of its own, so that a future can never be mistaken for the list of edges. */
  private static final class Waiters extends ArrayList<AsyncFuture<?>> {
    private static final long serialVersionUID = 1L;

    Waiters() {
      super(4);
    }

    boolean containsIdentical(AsyncFuture<?> future) {
      return AwaitGraph.containsIdentical(this, future);
    }
  }
}
