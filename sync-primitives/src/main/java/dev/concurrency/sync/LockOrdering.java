package dev.concurrency.sync;

import static java.util.Objects.requireNonNull;

import dev.concurrency.sync.internal.LockNode;
import dev.concurrency.sync.internal.RankTracker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;

/**
 * Deadlock prevention by ordering: every lock has a rank, and a thread may only take a lock ranked above
 * every lock it holds. With one global order no cycle of waiting threads can form, so no deadlock can.
 *
 * <pre>{@code
 * LockOrdering ordering = LockOrdering.create();
 * Mutex accounts = ordering.newMutex("accounts", 10);
 * Mutex audit = ordering.newMutex("audit", 20);
 *
 * try (LockSet held = ordering.acquireAll(audit, accounts)) {  // taken as accounts, then audit
 *   ...
 * }
 * audit.lock(); accounts.lock();   // LockOrderException: 'accounts' (10) requested while holding 'audit' (20)
 * }</pre>
 *
 * <p>A violation throws {@link LockOrderException} at once, naming both locks, before blocking and whether
 * or not another thread holds anything: the bug shows up in the first test that takes the wrong path, not in
 * production under load. Ranks are unique within an ordering. Re-taking a {@link ReentrantMutex} already held
 * is always allowed. The untimed {@code tryLock()} is not checked: it cannot wait, so cannot deadlock.
 *
 * <p>This class is thread-safe. Memory consistency effects: the locks it makes keep the guarantees of the locks
 * they wrap (see the <a href="package-summary.html#MemoryVisibility">package summary</a>); the rank check adds
 * none, and a refused acquisition establishes nothing.
 *
 * <p><b>Python:</b> none built in; the same discipline is usually kept by convention (sorting locks by
 * {@code id()} before taking them).
 */
public final class LockOrdering {

  private final RankTracker tracker = new RankTracker();
  private final Map<Integer, String> ranks = new ConcurrentHashMap<>();

  private LockOrdering() {}

  /** A new, empty ordering. */
  public static LockOrdering create() {
    return new LockOrdering();
  }

  /**
   * A barging {@link Mutex} with the given name and rank.
   *
   * @throws IllegalArgumentException if the rank is taken by another lock of this ordering
   */
  public Mutex newMutex(String name, int rank) {
    return new Mutex(Fairness.BARGING, node(name, rank));
  }

  /** A {@link Mutex} with the given name, rank and fairness. */
  public Mutex newMutex(String name, int rank, Fairness fairness) {
    return new Mutex(fairness, node(name, rank));
  }

  /** A barging {@link ReentrantMutex} with the given name and rank. */
  public ReentrantMutex newReentrantMutex(String name, int rank) {
    return new ReentrantMutex(Fairness.BARGING, node(name, rank));
  }

  private LockNode node(String name, int rank) {
    requireNonNull(name, "name");
    String previous = ranks.putIfAbsent(rank, name);
    if (previous != null) {
      throw new IllegalArgumentException(
          "rank " + rank + " is already taken by '" + previous + "'; give '" + name + "' a rank of its own");
    }
    return new LockNode(name, rank, tracker);
  }

  /** As {@link #acquireAll(List)}. */
  public LockSet acquireAll(Lock... locks) {
    return acquireAll(Arrays.asList(locks));
  }

  /**
   * Takes every lock, in rank order whatever the order given, and returns one handle that releases them all.
   * If an acquisition throws, the locks already taken are released before the exception propagates.
   *
   * @throws IllegalArgumentException if a lock was not made by this ordering, or is given twice
   * @throws LockOrderException if the thread already holds a lock ranked above one of these
   */
  public LockSet acquireAll(List<? extends Lock> locks) {
    List<AbstractMutex> sorted = new ArrayList<>();
    for (Lock lock : locks) {
      requireNonNull(lock, "lock");
      if (!(lock instanceof AbstractMutex mutex) || mutex.node == null || mutex.node.tracker() != tracker) {
        throw new IllegalArgumentException(
            lock + " was not made by this LockOrdering, so it has no rank here; make it with newMutex");
      }
      if (sorted.contains(mutex)) {
        throw new IllegalArgumentException(lock + " is given twice");
      }
      sorted.add(mutex);
    }
    sorted.sort(Comparator.comparingInt(mutex -> requireNonNull(mutex.node).rank()));
    List<Lock> taken = new ArrayList<>();
    try {
      for (AbstractMutex mutex : sorted) {
        mutex.lock();
        taken.add(mutex);
      }
    } catch (RuntimeException | Error failure) {
      LockSet.releaseAll(taken);
      throw failure;
    }
    return new LockSet(taken);
  }
}
