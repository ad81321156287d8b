package dev.concurrency.sync;

import static java.util.Objects.requireNonNull;

import dev.concurrency.sync.internal.LockNode;
import dev.concurrency.sync.internal.Tracker;
import dev.concurrency.sync.internal.Tracking;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import org.jspecify.annotations.Nullable;

/**
 * Deadlock prevention by ordering: every lock has a rank, and a thread may only take a lock ranked above
 * every lock it holds. With one global order no cycle of waiting threads can form, so no deadlock can.
 *
 * {@snippet class=dev.concurrency.sync.SyncSnippetsTest region=lockOrdering}
 *
 * <p>A violation throws {@link LockOrderException} at once, naming both locks, before blocking and whether
 * or not another thread holds anything: the bug shows up in the first test that takes the wrong path, not in
 * production under load. Ranks are unique within an ordering, and compared only within it: two orderings know
 * nothing of each other's ranks. Re-taking a {@link ReentrantMutex} already held is always allowed, and so are
 * more read holds of a {@link ReadWriteMutex}. The untimed {@code tryLock()} is not checked: it cannot wait, so
 * cannot deadlock.
 *
 * <p>An ordering's locks also take part in the lock-order graph and the wait-for graph that every
 * {@link DeadlockDetector} shares, with policy THROW: a cycle through an ordering's lock and other locks (of
 * another ordering, or of a detector) is refused with {@link PotentialDeadlockException}, and a real deadlock
 * with {@link DeadlockException}, as Guava's explicitly ordered locks are checked like its other ones.
 *
 * <p>This class is thread-safe. Memory consistency effects: the locks it makes keep the guarantees of the locks
 * they wrap (see the <a href="package-summary.html#MemoryVisibility">package summary</a>); the rank check adds
 * none, and a refused acquisition establishes nothing.
 *
 * <p><b>Python:</b> none built in; the same discipline is usually kept by convention (sorting locks by
 * {@code id()} before taking them).
 */
public final class LockOrdering {

  private final Tracker tracker = Tracker.ordering();
  private final Map<Integer, String> ranks = new ConcurrentHashMap<>();

  private LockOrdering() {}

  /**
   * A new, empty ordering.
   *
   * @return the ordering
   */
  public static LockOrdering create() {
    return new LockOrdering();
  }

  /**
   * A barging {@link Mutex} with the given name and rank.
   *
    * @param name the lock's name, as reports and exceptions show it
    * @param rank its rank in this ordering, unique: a thread may take it only while holding lower ranks
    * @return the mutex
   * @throws IllegalArgumentException if the rank is taken by another lock of this ordering
   */
  public Mutex newMutex(String name, int rank) {
    return newMutex(name, rank, Fairness.BARGING);
  }

  /**
   * A {@link Mutex} with the given name, rank and fairness.
   *
    * @param name the lock's name, as reports and exceptions show it
    * @param rank its rank in this ordering, unique: a thread may take it only while holding lower ranks
    * @param fairness whether waiting threads are served in arrival order ({@link Fairness#FAIR}) or may be overtaken
    * @return the mutex
   * @throws IllegalArgumentException if the rank is taken by another lock of this ordering
   */
  public Mutex newMutex(String name, int rank, Fairness fairness) {
    return new Mutex(fairness, tracking(name, rank));
  }

  /**
   * A barging {@link ReentrantMutex} with the given name and rank.
   *
    * @param name the lock's name, as reports and exceptions show it
    * @param rank its rank in this ordering, unique: a thread may take it only while holding lower ranks
    * @return the mutex
   * @throws IllegalArgumentException if the rank is taken by another lock of this ordering
   */
  public ReentrantMutex newReentrantMutex(String name, int rank) {
    return newReentrantMutex(name, rank, Fairness.BARGING);
  }

  /**
   * A {@link ReentrantMutex} with the given name, rank and fairness.
   *
    * @param name the lock's name, as reports and exceptions show it
    * @param rank its rank in this ordering, unique: a thread may take it only while holding lower ranks
    * @param fairness whether waiting threads are served in arrival order ({@link Fairness#FAIR}) or may be overtaken
    * @return the mutex
   * @throws IllegalArgumentException if the rank is taken by another lock of this ordering
   */
  public ReentrantMutex newReentrantMutex(String name, int rank, Fairness fairness) {
    return new ReentrantMutex(fairness, tracking(name, rank));
  }

  /**
   * A barging {@link ReadWriteMutex} with the given name and rank, which both its locks share.
   *
    * @param name the lock's name, as reports and exceptions show it
    * @param rank its rank in this ordering, unique: a thread may take it only while holding lower ranks
    * @return the read-write lock
   * @throws IllegalArgumentException if the rank is taken by another lock of this ordering
   */
  public ReadWriteMutex newReadWriteMutex(String name, int rank) {
    return newReadWriteMutex(name, rank, Fairness.BARGING);
  }

  /**
   * A {@link ReadWriteMutex} with the given name, rank and fairness.
   *
    * @param name the lock's name, as reports and exceptions show it
    * @param rank its rank in this ordering, unique: a thread may take it only while holding lower ranks
    * @param fairness whether waiting threads are served in arrival order ({@link Fairness#FAIR}) or may be overtaken
    * @return the read-write lock
   * @throws IllegalArgumentException if the rank is taken by another lock of this ordering
   */
  public ReadWriteMutex newReadWriteMutex(String name, int rank, Fairness fairness) {
    return new ReadWriteMutex(fairness, tracking(name, rank));
  }

  private Tracking tracking(String name, int rank) {
    requireNonNull(name, "name");
    String previous = ranks.putIfAbsent(rank, name);
    if (previous != null) {
      throw new IllegalArgumentException(
          "rank " + rank + " is already taken by '" + previous + "'; give '" + name + "' a rank of its own");
    }
    return new Tracking(name, rank, tracker);
  }

  /**
   * As {@link #acquireAll(List)}.
   *
   * @param locks locks made by this ordering, in any order
   * @return one handle that releases them all
   */
  public LockSet acquireAll(Lock... locks) {
    return acquireAll(Arrays.asList(locks));
  }

  /**
   * Takes every lock, in rank order whatever the order given, and returns one handle that releases them all.
   * If an acquisition throws, the locks already taken are released before the exception propagates.
   *
    * @param locks locks made by this ordering, in any order
    * @return one handle that releases them all
   * @throws IllegalArgumentException if a lock was not made by this ordering, or is given twice
   * @throws LockOrderException if the thread already holds a lock ranked above one of these
   */
  public LockSet acquireAll(List<? extends Lock> locks) {
    List<Ranked> sorted = new ArrayList<>();
    for (Lock lock : locks) {
      LockNode node = nodeOf(requireNonNull(lock, "lock"));
      if (node == null || node.tracker() != tracker) {
        throw new IllegalArgumentException(
            lock + " was not made by this LockOrdering, so it has no rank here; make it with newMutex");
      }
      for (Ranked other : sorted) {
        if (other.node() == node) {
          throw new IllegalArgumentException(lock + " is given twice (or with the other lock of its pair)");
        }
      }
      sorted.add(new Ranked(lock, node));
    }
    sorted.sort(Comparator.comparingInt(ranked -> ranked.node().rank()));
    List<Lock> taken = new ArrayList<>();
    try {
      for (Ranked ranked : sorted) {
        ranked.lock().lock();
        taken.add(ranked.lock());
      }
    } catch (RuntimeException | Error failure) {
      LockSet.releaseAll(taken);
      throw failure;
    }
    return new LockSet(taken);
  }

  private record Ranked(Lock lock, LockNode node) {}

  private static @Nullable LockNode nodeOf(Lock lock) {
    return switch (lock) {
      case AbstractMutex mutex -> mutex.node;
      case ReadWriteMutex.ReadLock read -> read.pair().node();
      case ReadWriteMutex.WriteLock write -> write.pair().node();
      default -> null;
    };
  }
}
