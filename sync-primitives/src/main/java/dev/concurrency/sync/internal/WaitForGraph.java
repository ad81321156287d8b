package dev.concurrency.sync.internal;

import dev.concurrency.sync.DeadlockException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Detection of real deadlocks, exact for resources with several units: one graph for the whole JVM of which
 * thread waits for which tracked lock, checked by a thread about to block. If its wait could never be granted,
 * it throws {@link DeadlockException} instead of blocking.
 *
 * <p><b>The test.</b> A cycle of waits is a deadlock only when every resource on it has a single unit: with a
 * semaphore of several permits, a thread outside the cycle may give a permit back and break it (Silberschatz's
 * resource-allocation graph with a cycle and no deadlock). So the check is Holt's graph reduction
 * ({@link Reduction}): the threads blocked on tracked locks are the processes, the tracked locks the resources.
 * Every other thread counts as running, so everything it holds as about to come back; so do units held by a
 * thread that is still between being granted and recording its hold, or between forgetting a hold and giving it
 * back. A blocked thread can go on when the units it wants are free once every thread that can go on has given
 * back what it holds, and, where the queue makes it wait for the thread first in line (always once queued,
 * since only that thread is woken to try; before that only when the lock is fair, or for a reader arriving
 * behind a waiting writer), once that thread can go on. The threads that can never go on are deadlocked; the
 * check fails the calling thread only when it is one of them. Because a reduction only ever frees units, if
 * the calling thread's wait creates a deadlock the calling thread is in it: the victim is always the last to
 * block, and no thread that could still proceed is ever picked.
 *
 * <p><b>What counts.</b> A wait with a timeout ends by itself, so it is not announced here: it is never a
 * victim (a timed {@code tryLock} is itself a way out of deadlock, and code that uses it expects {@code false},
 * not an exception) and never makes another thread one. A wait for
 * more units than exist (a semaphore used as a signal, waiting for a {@code release()} by a thread that holds
 * nothing) can only end by a release that adds units, which no holder owes: it is treated as a wait that will
 * end; so does a wait for a lock or semaphore that a running thread has given units of without taking them (a
 * <i>producer</i>: Holt's consumable resources, which is how signalling between threads with a semaphore or an
 * ownerless lock stays unreported). A thread that has ended while holding units never gives them back. Locks
 * of a detector built with
 * {@code detectDeadlocks(false)}, and untracked locks, are invisible: a thread blocked on one counts as
 * running.
 *
 * <p><b>Cost.</b> A wait that plainly cannot be part of a deadlock (nobody blocked or ended holds what it wants,
 * enough units are left, nobody blocked is ahead of it in the queue) costs a look at the lock's holders. Any
 * other runs the full reduction: {@code O((B + H) log B)} for {@code B} blocked threads holding {@code H}
 * tracked locks between them, under this graph's monitor, on the blocking path only.
 *
 * <p>Thread-safe: everything runs under one monitor, taken before a node's and a held-list's.
 */
final class WaitForGraph {

  private static final Object MONITOR = new Object();

  /** The blocked threads, in the order they blocked. */
  // @GuardedBy("MONITOR")
  private static final Map<Thread, Wait> WAITING = new LinkedHashMap<>();

  private WaitForGraph() {}

  /** A thread about to block: what it holds and what it wants. */
  private record Wait(Thread thread, HeldLocks holds, LockNode node, long units) {}

  /**
   * Announces that the calling thread is about to block, without a timeout, for {@code units} of {@code node}.
   *
   * @throws DeadlockException if that wait could never be granted
   */
  static void enter(LockNode node, long units, HeldLocks mine) {
    Thread me = Thread.currentThread();
    Wait wait = new Wait(me, mine, node, units);
    synchronized (MONITOR) {
      if (!plainlyProceeds(wait)) {
        DeadlockException deadlock = reduce(wait);
        if (deadlock != null) {
          DeadlockEvents.actual(deadlock);
          throw deadlock;
        }
      }
      WAITING.put(me, wait);
    }
  }

  /** Withdraws the calling thread's wait, granted or not. */
  static void leave() {
    synchronized (MONITOR) {
      WAITING.remove(Thread.currentThread());
    }
  }

  /** Whether {@code thread} is blocked for the reduction: waiting on a tracked lock without a timeout. */
  private static boolean blocked(Thread thread) {
    return WAITING.containsKey(thread);
  }

  /** The sufficient condition that spares the reduction: the wait could be granted right after the others. */
  private static boolean plainlyProceeds(Wait wait) {
    LockNode node = wait.node();
    long capacity = node.capacity();
    if (wait.units() > capacity) {
      return true;
    }
    for (Thread producer : node.producers()) {
      if (producer != wait.thread() && !blocked(producer)) {
        return true;
      }
    }
    long free = capacity - wait.holds().unitsOf(node);
    for (LockNode.Holder holder : node.holders()) {
      Thread thread = holder.thread();
      if (thread != wait.thread() && (!thread.isAlive() || blocked(thread))) {
        free -= holder.units();
      }
    }
    return free >= wait.units() && ahead(wait, node.firstQueued()) == null;
  }

  /**
   * The blocked thread that {@code wait} cannot be served before, or null, given the thread that is
   * {@code first} in the queue. The reduction reads each lock's first thread once: the queue moves while the
   * graph is read, and two readings could make two threads each wait behind the other.
   */
  private static @Nullable Wait ahead(Wait wait, @Nullable Thread first) {
    LockNode node = wait.node();
    if (first == null || first == wait.thread() || !blocked(first)) {
      return null;
    }
    Wait firstWait = WAITING.get(first);
    if (firstWait == null || firstWait.node() != node) {
      return null;
    }
    // Another thread counts as queued only if it is in the queue now: one that is not has either not queued yet
    // (it may still barge), or been granted, or is leaving; none of them waits behind the first. The calling
    // thread is about to queue, so it does wait behind it where the lock makes arrivals queue.
    boolean me = wait.thread() == Thread.currentThread();
    boolean queued = !me && node.isQueued(wait.thread());
    if (!me && !queued) {
      return null;
    }
    return node.servedAfterFirst(wait.units(), firstWait.units(), queued) ? firstWait : null;
  }

  /** Runs the reduction; returns the report if {@code mine} cannot be reduced, else null. */
  private static @Nullable DeadlockException reduce(Wait mine) {
    List<Wait> waits = new ArrayList<>(WAITING.values());
    waits.add(mine);
    Map<Thread, Integer> processOf = new HashMap<>();
    Map<LockNode, Integer> resourceOf = new LinkedHashMap<>();
    Map<LockNode, Thread> firstOf = new HashMap<>();
    for (int p = 0; p < waits.size(); p++) {
      LockNode node = waits.get(p).node();
      processOf.put(waits.get(p).thread(), p);
      if (resourceOf.putIfAbsent(node, resourceOf.size()) == null) {
        Thread first = node.firstQueued();
        if (first != null) {
          firstOf.put(node, first);
        }
      }
    }
    long[] free = new long[resourceOf.size()];
    for (Map.Entry<LockNode, Integer> resource : resourceOf.entrySet()) {
      free[resource.getValue()] = resource.getKey().capacity() - endedHolderUnits(resource.getKey());
    }
    List<int[]> heldOf = new ArrayList<>();
    List<long[]> heldUnitsOf = new ArrayList<>();
    for (Wait wait : waits) {
      List<Integer> held = new ArrayList<>();
      List<Long> units = new ArrayList<>();
      wait.holds().forEachHeld(
          (node, count) -> {
            Integer r = resourceOf.get(node);
            if (r != null) {
              held.add(r);
              units.add(count);
            }
          });
      heldOf.add(held.stream().mapToInt(Integer::intValue).toArray());
      heldUnitsOf.add(units.stream().mapToLong(Long::longValue).toArray());
      for (int i = 0; i < held.size(); i++) {
        free[held.get(i)] -= units.get(i);
      }
    }
    Reduction reduction = new Reduction(free);
    int[] aheadOf = new int[waits.size()];
    for (int p = 0; p < waits.size(); p++) {
      Wait wait = waits.get(p);
      boolean signal = wait.units() > wait.node().capacity();
      reduction.addProcess(
          signal ? new int[0] : new int[] {resourceOf.get(wait.node())},
          signal ? new long[0] : new long[] {wait.units()},
          heldOf.get(p),
          heldUnitsOf.get(p));
      Wait first = ahead(wait, firstOf.get(wait.node()));
      aheadOf[p] = first == null ? -1 : processOf.get(first.thread());
      if (first != null) {
        reduction.servedAfter(p, aheadOf[p]);
      }
    }
    for (Map.Entry<LockNode, Integer> resource : resourceOf.entrySet()) {
      for (Thread producer : resource.getKey().producers()) {
        Integer p = processOf.get(producer);
        if (p == null) {
          reduction.fed(resource.getValue());
        } else {
          reduction.feeds(p, resource.getValue());
        }
      }
    }
    Reduction.Result result = reduction.run();
    int me = waits.size() - 1;
    if (result.reduced(me)) {
      return null;
    }
    List<List<long[]>> holdersOf = new ArrayList<>(resourceOf.size());
    for (int r = 0; r < resourceOf.size(); r++) {
      holdersOf.add(new ArrayList<>(1));
    }
    for (int p = 0; p < waits.size(); p++) {
      for (int i = 0; i < heldOf.get(p).length; i++) {
        holdersOf.get(heldOf.get(p)[i]).add(new long[] {p, heldUnitsOf.get(p)[i]});
      }
    }
    return explain(new Graph(waits, resourceOf, holdersOf, aheadOf, result), me);
  }

  private static long endedHolderUnits(LockNode node) {
    long units = 0;
    for (LockNode.Holder holder : node.holders()) {
      if (!holder.thread().isAlive()) {
        units += holder.units();
      }
    }
    return units;
  }

  /** The reduction's input and outcome, for the report. */
  private record Graph(
      List<Wait> waits,
      Map<LockNode, Integer> resourceOf,
      List<List<long[]>> holdersOf,
      int[] aheadOf,
      Reduction.Result result) {}

  /**
   * The report: the shortest chain of waits from the victim back to itself through deadlocked threads (or to
   * a thread that ended holding what is wanted), and every deadlocked thread.
   */
  private static DeadlockException explain(Graph graph, int me) {
    List<Wait> waits = graph.waits();
    int count = waits.size();
    DeadlockException.@Nullable Edge[] into = new DeadlockException.Edge[count];
    int[] parent = new int[count];
    Arrays.fill(parent, -1);
    boolean[] seen = new boolean[count];
    seen[me] = true;
    Deque<Integer> frontier = new ArrayDeque<>();
    frontier.add(me);
    @Nullable List<DeadlockException.Edge> ending = null;
    while (!frontier.isEmpty()) {
      int p = frontier.poll();
      for (Blocker blocker : blockers(graph, p)) {
        int b = blocker.process();
        if (b == me || blocker.edge().reason() == DeadlockException.Reason.HELD_BY_ENDED_THREAD || seen[b]) {
          if (ending == null || b == me) {
            ending = chain(into, parent, p);
            ending.add(blocker.edge());
            if (b == me) {
              return report(graph, ending);
            }
          }
          continue;
        }
        seen[b] = true;
        parent[b] = p;
        into[b] = blocker.edge();
        frontier.add(b);
      }
    }
    return report(graph, ending == null ? List.of() : ending);
  }

  private static List<DeadlockException.Edge> chain(
      DeadlockException.@Nullable Edge[] into, int[] parent, int last) {
    Deque<DeadlockException.Edge> edges = new ArrayDeque<>();
    for (int p = last; parent[p] >= 0; p = parent[p]) {
      edges.addFirst(into[p]);
    }
    return new ArrayList<>(edges);
  }

  private static DeadlockException report(Graph graph, List<DeadlockException.Edge> chain) {
    // The victim (the last process) first, then the others in the order they blocked.
    List<String> deadlocked = new ArrayList<>();
    int victim = graph.waits().size() - 1;
    deadlocked.add(graph.waits().get(victim).thread().getName());
    for (int p = 0; p < victim; p++) {
      if (!graph.result().reduced(p)) {
        deadlocked.add(graph.waits().get(p).thread().getName());
      }
    }
    return new DeadlockException(chain, deadlocked);
  }

  /**
   * A thread that keeps a deadlocked one waiting, and how.
   *
   * @param process its process number, or -1 for a thread that has ended
   * @param edge the wait, as reported
   */
  private record Blocker(int process, DeadlockException.Edge edge) {}

  /** Who keeps {@code wait} from going on: deadlocked holders, ended holders, a deadlocked thread ahead. */
  private static List<Blocker> blockers(Graph graph, int process) {
    Wait wait = graph.waits().get(process);
    Reduction.Result result = graph.result();
    List<Blocker> blockers = new ArrayList<>();
    String waiter = wait.thread().getName();
    String lock = wait.node().name();
    int wanted = graph.resourceOf().get(wait.node());
    // The holders are a reason only if the units are short; with enough units free, the queue is the reason.
    List<Blocker> holders = new ArrayList<>();
    long free = wait.node().capacity();
    for (long[] held : graph.holdersOf().get(wanted)) {
      int q = (int) held[0];
      if (!result.reduced(q)) {
        free -= held[1];
        String holder = graph.waits().get(q).thread().getName();
        holders.add(new Blocker(q, new DeadlockException.Edge(waiter, lock, holder, DeadlockException.Reason.HELD_BY)));
      }
    }
    for (LockNode.Holder holder : wait.node().holders()) {
      if (!holder.thread().isAlive()) {
        free -= holder.units();
        holders.add(
            new Blocker(
                -1,
                new DeadlockException.Edge(
                    waiter, lock, holder.thread().getName(), DeadlockException.Reason.HELD_BY_ENDED_THREAD)));
      }
    }
    if (free < wait.units()) {
      blockers.addAll(holders);
    }
    int first = graph.aheadOf()[process];
    if (first >= 0 && !result.reduced(first)) {
      blockers.add(
          new Blocker(
              first,
              new DeadlockException.Edge(
                  waiter,
                  lock,
                  graph.waits().get(first).thread().getName(),
                  DeadlockException.Reason.QUEUED_BEHIND)));
    }
    return blockers;
  }
}
