package dev.concurrency.sync;

import static java.util.Objects.requireNonNull;

import java.io.Serial;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Thrown (or, under {@link DeadlockPolicy#WARN}, reported) when taking a lock would close a cycle in the
 * order in which threads have taken a {@link DeadlockDetector}'s locks: no thread is blocked yet, but two
 * threads following the recorded orders could deadlock.
 *
 * <p>The message shows the cycle; each edge is attached as a suppressed exception whose stack trace is where
 * that order was first seen, so {@code printStackTrace()} shows every place that needs fixing.
 *
 * <p>Its cycle is an immutable list set in the constructor, so it may be read from any thread once thrown or
 * handed to the detector's {@link DeadlockPolicy#WARN} handler.
 */
public final class PotentialDeadlockException extends IllegalStateException {

  @Serial private static final long serialVersionUID = 1L;

  /** The cycle's edges, first the one being added now. */
  private final transient List<Edge> cycle;

  /**
   * A report of {@code cycle}, whose first edge is the acquisition being refused.
   *
   * @param cycle the cycle's edges, the refused acquisition's first
   */
  public PotentialDeadlockException(List<Edge> cycle) {
    super(describe(cycle));
    this.cycle = List.copyOf(cycle);
    for (Edge edge : this.cycle) {
      addSuppressed(new EdgeTrace(edge));
    }
  }

  /**
   * The cycle's edges, starting with the acquisition that closed it.
   *
   * @return the edges, immutable
   */
  public List<Edge> cycle() {
    return cycle;
  }

  private static String describe(List<Edge> cycle) {
    if (cycle.isEmpty()) {
      throw new IllegalArgumentException("a cycle has at least one edge");
    }
    Edge closing = cycle.getFirst();
    String path =
        cycle.stream().map(Edge::from).map(name -> "'" + name + "'").collect(Collectors.joining(" -> "))
            + " -> '"
            + closing.from()
            + "'";
    return "potential deadlock: thread '"
        + closing.thread()
        + "' takes '"
        + closing.to()
        + "' while holding '"
        + closing.from()
        + "', which closes the lock-order cycle "
        + path
        + "; make every thread take these locks in one order (see the suppressed traces for where each"
        + " order was taken)";
  }

  /**
   * One edge of the order graph: {@code to} was taken while {@code from} was held.
   *
   * @param from the lock held
   * @param to the lock taken
   * @param thread the thread that first took them in this order; empty for an edge a {@link LockOrdering}'s
   *     ranks declare
   * @param stack where it did
   */
  public record Edge(String from, String to, String thread, List<StackTraceElement> stack) {

    private static final Set<String> LOCK_CLASSES =
        Stream.of(
                PotentialDeadlockException.class,
                AbstractMutex.class,
                OwnedMutex.class,
                Mutex.class,
                ReentrantMutex.class,
                OwnerlessLock.class,
                CountingSemaphore.class,
                BoundedSemaphore.class,
                ReadWriteMutex.class)
            .map(Class::getName)
            .collect(Collectors.toUnmodifiableSet());

    /** Checks the parts. */
    public Edge {
      requireNonNull(from, "from");
      requireNonNull(to, "to");
      requireNonNull(thread, "thread");
      stack = List.copyOf(stack);
    }

    /**
     * The edge {@code from -> to} that a {@link LockOrdering}'s ranks declare: no thread, no stack.
     *
     * @param from the lock held
     * @param to the lock taken
     * @return the edge
     */
    public static Edge declared(String from, String to) {
      return new Edge(from, to, "", List.of());
    }

    /**
     * Whether a {@link LockOrdering}'s ranks declare this edge, rather than a thread having taken it.
     *
     * @return whether the edge is declared
     */
    public boolean isDeclared() {
      return thread.isEmpty();
    }

    /**
     * The edge {@code from -> to} taken by the calling thread here.
     *
     * @param from the lock held
     * @param to the lock taken
     * @return the edge, with the calling thread's stack
     */
    public static Edge here(String from, String to) {
      StackTraceElement[] frames = new Throwable().getStackTrace();
      int first = 0;
      while (first < frames.length && isOurs(frames[first].getClassName())) {
        first++;
      }
      return new Edge(
          from, to, Thread.currentThread().getName(), Arrays.asList(frames).subList(first, frames.length));
    }

    // Frames of the detectors and of the locks' own methods, which the reader of a report does not need.
    private static boolean isOurs(String className) {
      if (className.startsWith("dev.concurrency.sync.internal.")) {
        return true;
      }
      int nested = className.indexOf('$');
      String outer = nested < 0 ? className : className.substring(0, nested);
      return LOCK_CLASSES.contains(outer);
    }

    @Override
    public String toString() {
      return "'" + from + "' -> '" + to + "'" + (isDeclared() ? " (rank order)" : " (thread '" + thread + "')");
    }
  }

  /** Carries one edge's stack trace into the printed report. */
  private static final class EdgeTrace extends Throwable {

    @Serial private static final long serialVersionUID = 1L;

    EdgeTrace(Edge edge) {
      super("order " + edge + (edge.isDeclared() ? " declared by the ordering's ranks" : " first taken here"),
          null, false, true);
      setStackTrace(edge.stack().toArray(StackTraceElement[]::new));
    }
  }
}
