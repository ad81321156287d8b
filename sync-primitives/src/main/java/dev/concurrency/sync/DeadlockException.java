package dev.concurrency.sync;

import static java.util.Objects.requireNonNull;

import java.io.Serial;
import java.util.List;

/**
 * Thrown in one thread (the victim) instead of blocking when its wait could never be granted: a real deadlock,
 * found by the wait-for graph of a {@link DeadlockDetector} (with {@link
 * DeadlockDetector.Builder#detectDeadlocks(boolean) detectDeadlocks} on) or of a {@link LockOrdering}. The
 * victim has not taken the lock; when it releases the locks it holds (in its {@code finally} blocks), the others
 * can proceed.
 *
 * <p>{@link #cycle()} is the chain of waits that shows why, from the victim: usually back to the victim (a
 * cycle), or to a thread that ended while holding what is wanted. {@link #deadlocked()} names every thread that
 * could never proceed, the victim first, then the others in the order they blocked: with semaphores of several
 * permits that can be more threads than the chain shows.
 *
 * <p>Its lists are immutable and set in the constructor, so they may be read from any thread once thrown.
 */
public final class DeadlockException extends IllegalStateException {

  @Serial private static final long serialVersionUID = 1L;

  private final transient List<Edge> cycle;
  private final transient List<String> deadlocked;

  /**
   * A report of {@code cycle}, whose first edge is the victim's wait; the deadlocked threads are its waiters.
   *
   * @param cycle the chain of waits, the victim's first
   */
  public DeadlockException(List<Edge> cycle) {
    this(cycle, cycle.stream().map(Edge::waiter).distinct().toList());
  }

  /**
   * A report of the chain {@code cycle}, whose first edge is the victim's wait, and of every thread that could
   * never proceed, the victim first.
    *
    * @param cycle the chain of waits, the victim's first
    * @param deadlocked the names of the threads that can never proceed, the victim first
   */
  public DeadlockException(List<Edge> cycle, List<String> deadlocked) {
    super(describe(cycle, deadlocked));
    this.cycle = List.copyOf(cycle);
    this.deadlocked = List.copyOf(deadlocked);
  }

  /** The most edges and threads the message spells out; {@link #cycle()} and {@link #deadlocked()} have all. */
  private static final int SHOWN = 12;

  private static String describe(List<Edge> cycle, List<String> deadlocked) {
    String victim = deadlocked.isEmpty() ? cycle.getFirst().waiter() : deadlocked.getFirst();
    String others =
        deadlocked.size() > cycle.size()
            ? "; deadlocked: " + shown(deadlocked.stream().map(t -> "'" + t + "'").toList(), "threads")
            : "";
    return "deadlock: "
        + shown(cycle.stream().map(Edge::toString).toList(), "waits")
        + others
        + "; thread '"
        + victim
        + "' gives up so the others can proceed; take these locks in one order to avoid it";
  }

  private static String shown(List<String> items, String what) {
    String first = String.join(", ", items.subList(0, Math.min(SHOWN, items.size())));
    return items.size() <= SHOWN ? first : first + ", and " + (items.size() - SHOWN) + " more " + what;
  }

  /**
   * The chain of waits that shows the deadlock, starting with the victim's wait.
   *
   * @return the edges, immutable
   */
  public List<Edge> cycle() {
    return cycle;
  }

  /**
   * The names of every thread that could never proceed: the victim first, then in the order they blocked.
   *
   * @return the thread names, immutable
   */
  public List<String> deadlocked() {
    return deadlocked;
  }

  /** Why a waiting thread cannot proceed. */
  public enum Reason {
    /** The other thread holds (some of) what is wanted and is deadlocked itself. */
    HELD_BY,
    /** The other thread holds (some of) what is wanted and has ended: it will never give it back. */
    HELD_BY_ENDED_THREAD,
    /** The other thread is first in the lock's queue, deadlocked, and the waiter cannot be served before it. */
    QUEUED_BEHIND
  }

  /**
   * One edge of the wait-for graph.
   *
   * @param waiter the waiting thread
   * @param lock the lock it waits for
   * @param other the thread it waits for
   * @param reason why
   */
  public record Edge(String waiter, String lock, String other, Reason reason) {

    /** Checks the parts. */
    public Edge {
      requireNonNull(waiter, "waiter");
      requireNonNull(lock, "lock");
      requireNonNull(other, "other");
      requireNonNull(reason, "reason");
    }

    /**
     * A wait for {@code lock}, held by {@code holder}.
     *
     * @param waiter the waiting thread
     * @param lock the lock it waits for
     * @param holder the thread holding that lock
     */
    public Edge(String waiter, String lock, String holder) {
      this(waiter, lock, holder, Reason.HELD_BY);
    }

    @Override
    public String toString() {
      String wait = "thread '" + waiter + "' waits for '" + lock + "' ";
      return switch (reason) {
        case HELD_BY -> wait + "held by thread '" + other + "'";
        case HELD_BY_ENDED_THREAD -> wait + "held by thread '" + other + "', which has ended";
        case QUEUED_BEHIND -> wait + "queued behind thread '" + other + "'";
      };
    }
  }
}
