package dev.concurrency.sync.internal;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import org.jspecify.annotations.Nullable;

/**
 * Holt's reduction of a resource-allocation graph with reusable, multi-unit resources: the exact test of
 * whether a set of processes can all finish.
 *
 * <p>Each resource has a number of free units. Each process holds some units and requests some; it may also
 * have to wait until another process has finished (a queue: it cannot be served before the one ahead of it).
 * A process whose request fits into the free units, and whose predecessor has finished, can run to completion
 * and give back everything it holds: the graph is <i>reduced</i> by that process, and the units it returns may
 * let further processes finish. The processes that are never reduced are exactly the deadlocked ones (Holt,
 * "Some Deadlock Properties of Computer Systems", 1972): the test does not depend on the order of the
 * reductions, because a reduction only ever adds free units.
 *
 * <p>A resource may also be <i>consumable</i> (Holt's term): units can be made by its producers, so every
 * request on it can be met once one of them can run. {@link #fed} marks such a resource whose producer is
 * running; {@link #feeds} names a producer that is a process itself.
 *
 * <p>The same reduction is the safety algorithm of the Banker (request = the most a client may still ask for)
 * and the deadlock detection algorithm of the textbooks (request = what a process is waiting for now). When
 * several processes can be reduced, the lowest-numbered goes first, so the order found (the <i>safe
 * sequence</i>) is the one a by-hand scan from the top of the table finds.
 *
 * <p>Cost: with {@code P} processes, {@code H} held and {@code Q} requested (resource, units) pairs,
 * {@code O((P + H + Q) log(P + Q))} time and {@code O(P + H + Q)} space: each resource's requests are sorted
 * once and each is satisfied at most once, each process is reduced at most once, and each held pair is given
 * back once.
 *
 * <p>Not thread-safe: build and run it in one thread.
 */
public final class Reduction {

  private final long[] free;
  private final List<Process> processes = new ArrayList<>();
  private final List<Integer> fedFromStart = new ArrayList<>();

  /** A graph whose resource {@code r} has {@code free[r]} free units (the array is copied). */
  public Reduction(long[] free) {
    this.free = free.clone();
  }

  /**
   * Adds a process and returns its number (0, 1, ...).
   *
   * @param requested the resources it requests, each at most once
   * @param requestedUnits how many units of each
   * @param held the resources it holds
   * @param heldUnits how many units of each
   */
  public int addProcess(int[] requested, long[] requestedUnits, int[] held, long[] heldUnits) {
    if (requested.length != requestedUnits.length || held.length != heldUnits.length) {
      throw new IllegalArgumentException("each resource needs its number of units");
    }
    processes.add(
        new Process(requested.clone(), requestedUnits.clone(), held.clone(), heldUnits.clone()));
    return processes.size() - 1;
  }

  /** Declares that {@code process} cannot be served before {@code ahead} has been reduced (a FIFO queue). */
  public void servedAfter(int process, int ahead) {
    if (process == ahead) {
      throw new IllegalArgumentException("a process cannot wait for itself in a queue");
    }
    processes.get(process).ahead = ahead;
  }

  /** Declares that reducing {@code process} meets every request on {@code resource} (it produces units). */
  public void feeds(int process, int resource) {
    processes.get(process).feeds.add(resource);
  }

  /** Declares that every request on {@code resource} can be met (a producer of it is running). */
  public void fed(int resource) {
    fedFromStart.add(resource);
  }

  /** Reduces the graph as far as it goes. */
  public Result run() {
    int count = processes.size();
    int[] unmet = new int[count];
    List<List<Integer>> behind = new ArrayList<>(count);
    for (int p = 0; p < count; p++) {
      behind.add(new ArrayList<>(0));
    }
    Waiters[] waiters = waitersByResource();
    PriorityQueue<Integer> ready = new PriorityQueue<>();
    for (int p = 0; p < count; p++) {
      Process process = processes.get(p);
      unmet[p] = process.requested.length;
      if (process.ahead >= 0) {
        unmet[p]++;
        behind.get(process.ahead).add(p);
      }
    }
    long[] work = free.clone();
    for (int p = 0; p < count; p++) {
      if (unmet[p] == 0) {
        ready.add(p);
      }
    }
    for (int r = 0; r < waiters.length; r++) {
      waiters[r].satisfy(work[r], unmet, ready);
    }
    for (int r : fedFromStart) {
      waiters[r].satisfy(Long.MAX_VALUE, unmet, ready);
    }
    boolean[] reduced = new boolean[count];
    int[] order = new int[count];
    int done = 0;
    while (!ready.isEmpty()) {
      int p = ready.poll();
      reduced[p] = true;
      order[done++] = p;
      Process process = processes.get(p);
      for (int i = 0; i < process.held.length; i++) {
        int r = process.held[i];
        work[r] += process.heldUnits[i];
        waiters[r].satisfy(work[r], unmet, ready);
      }
      for (int r : process.feeds) {
        waiters[r].satisfy(Long.MAX_VALUE, unmet, ready);
      }
      for (int next : behind.get(p)) {
        if (--unmet[next] == 0) {
          ready.add(next);
        }
      }
    }
    return new Result(Arrays.copyOf(order, done), reduced);
  }

  private Waiters[] waitersByResource() {
    List<List<long[]>> byResource = new ArrayList<>(free.length);
    for (int r = 0; r < free.length; r++) {
      byResource.add(new ArrayList<>(0));
    }
    for (int p = 0; p < processes.size(); p++) {
      Process process = processes.get(p);
      for (int i = 0; i < process.requested.length; i++) {
        byResource.get(process.requested[i]).add(new long[] {process.requestedUnits[i], p});
      }
    }
    Waiters[] waiters = new Waiters[free.length];
    for (int r = 0; r < free.length; r++) {
      List<long[]> requests = byResource.get(r);
      requests.sort((a, b) -> Long.compare(a[0], b[0]));
      waiters[r] = new Waiters(requests);
    }
    return waiters;
  }

  /** The requests on one resource, smallest first, and how many are satisfied so far. */
  private static final class Waiters {
    private final List<long[]> requests;
    private int satisfied;

    Waiters(List<long[]> requests) {
      this.requests = requests;
    }

    void satisfy(long work, int[] unmet, PriorityQueue<Integer> ready) {
      while (satisfied < requests.size() && requests.get(satisfied)[0] <= work) {
        int p = (int) requests.get(satisfied++)[1];
        if (--unmet[p] == 0) {
          ready.add(p);
        }
      }
    }
  }

  private static final class Process {
    final int[] requested;
    final long[] requestedUnits;
    final int[] held;
    final long[] heldUnits;
    final List<Integer> feeds = new ArrayList<>(0);
    int ahead = -1;

    Process(int[] requested, long[] requestedUnits, int[] held, long[] heldUnits) {
      this.requested = requested;
      this.requestedUnits = requestedUnits;
      this.held = held;
      this.heldUnits = heldUnits;
    }
  }

  /**
   * The outcome.
   *
   * @param order the reduced processes, in the order they were reduced (a safe sequence when all are)
   * @param reduced for each process, whether it was reduced; the others are deadlocked
   */
  public record Result(int[] order, boolean[] reduced) {

    /** Copies the arrays. */
    public Result {
      order = requireNonNull(order, "order").clone();
      reduced = requireNonNull(reduced, "reduced").clone();
    }

    /** Whether every process was reduced: no deadlock (a safe state, for the Banker). */
    public boolean complete() {
      return order.length == reduced.length;
    }

    /** Whether {@code process} was reduced. */
    public boolean reduced(int process) {
      return reduced[process];
    }

    /** The reduced processes, in order. */
    @Override
    public int[] order() {
      return order.clone();
    }

    /** For each process, whether it was reduced. */
    @Override
    public boolean[] reduced() {
      return reduced.clone();
    }

    @Override
    public boolean equals(@Nullable Object other) {
      return other instanceof Result that
          && Arrays.equals(order, that.order)
          && Arrays.equals(reduced, that.reduced);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(order) + Arrays.hashCode(reduced);
    }

    @Override
    public String toString() {
      return "Result[order=" + Arrays.toString(order) + ", reduced=" + Arrays.toString(reduced) + "]";
    }
  }
}
