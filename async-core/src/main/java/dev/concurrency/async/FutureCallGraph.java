package dev.concurrency.async;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The await graph around one future or task, as {@link CallGraphs#captureCallGraph} took it: the future, where it
 * is suspended ({@link #callStack()}, innermost frame first), and the graphs of the futures and tasks that await
 * it ({@link #awaitedBy()}), recursively.
 *
 * {@snippet class=dev.concurrency.async.ObservabilitySnippetsTest region=futureCallGraph}
 *
 * <p>A snapshot: the lists are immutable and do not change when the tasks move on; {@link #future()} is the live
 * future. The record is immutable and safe to hand to other threads, though the future it holds is
 * loop-confined. Where the awaited-by edges form a cycle (possible outside debug mode, which refuses them), the
 * future that closes it appears once more as a leaf with no call stack and no awaiters, so the graph is finite.
 *
 * <p><b>Python:</b> {@code asyncio.FutureCallGraph(future, call_stack, awaited_by)} (3.14). Differences: {@link
 * #state()} is added (3.14 leaves it to {@code future.done()} and friends); the lists are {@link List}s where 3.14
 * has tuples.
 *
 * @param future the future or task
 * @param callStack where a task is suspended, innermost frame first; empty for a plain future and for a task that
 *     has not started
 * @param awaitedBy the graphs of the futures and tasks awaiting this one
 * @param state what the future was doing when the graph was taken
 */
public record FutureCallGraph(
    AsyncFuture<?> future, List<FrameCallGraphEntry> callStack, List<FutureCallGraph> awaitedBy, State state) {

  /** Checks and copies the parts. */
  public FutureCallGraph {
    requireNonNull(future, "future");
    callStack = List.copyOf(callStack);
    awaitedBy = List.copyOf(awaitedBy);
    requireNonNull(state, "state");
  }

  /** What a future or task was doing when its graph was taken. */
  public enum State {
    /** A future not done yet, or a task that has not started its first step. */
    PENDING,
    /** The task that holds the loop (it took the graph, or a callback it awaits does). */
    RUNNING,
    /** A task suspended on a future that is not done. */
    WAITING,
    /** A task scheduled to run: what it awaited is done, or it yielded with {@code sleep(0)}. */
    READY,
    /** Done with a result. */
    FINISHED,
    /** Done with an exception. */
    FAILED,
    /** Cancelled. */
    CANCELLED
  }
}
