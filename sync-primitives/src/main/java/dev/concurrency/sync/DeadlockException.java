package dev.concurrency.sync;

import static java.util.Objects.requireNonNull;

import java.io.Serial;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown in one thread (the victim) instead of blocking when its wait would complete a cycle of threads each
 * waiting for a lock the next one holds: a real deadlock, found by a {@link DeadlockDetector} with
 * {@link DeadlockDetector.Builder#detectDeadlocks(boolean) detectDeadlocks} on. The victim has not taken the
 * lock; when it releases the locks it holds (in its {@code finally} blocks), the others proceed.
 *
 * <p>Its cycle is an immutable list set in the constructor, so it may be read from any thread once thrown.
 */
public final class DeadlockException extends IllegalStateException {

  @Serial private static final long serialVersionUID = 1L;

  private final transient List<Edge> cycle;

  /** A report of {@code cycle}, whose first edge is the victim's wait. */
  public DeadlockException(List<Edge> cycle) {
    super(
        "deadlock: "
            + cycle.stream().map(Edge::toString).collect(Collectors.joining(", "))
            + "; thread '"
            + cycle.getFirst().waiter()
            + "' gives up so the others can proceed; take these locks in one order to avoid it");
    this.cycle = List.copyOf(cycle);
  }

  /** The cycle, starting with the victim's wait. */
  public List<Edge> cycle() {
    return cycle;
  }

  /**
   * One edge of the wait-for graph.
   *
   * @param waiter the waiting thread
   * @param lock the lock it waits for
   * @param holder the thread holding that lock
   */
  public record Edge(String waiter, String lock, String holder) {

    /** Checks the parts. */
    public Edge {
      requireNonNull(waiter, "waiter");
      requireNonNull(lock, "lock");
      requireNonNull(holder, "holder");
    }

    @Override
    public String toString() {
      return "thread '" + waiter + "' waits for '" + lock + "' held by thread '" + holder + "'";
    }
  }
}
