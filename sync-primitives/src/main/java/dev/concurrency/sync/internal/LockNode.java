package dev.concurrency.sync.internal;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.MapMaker;
import dev.concurrency.sync.PotentialDeadlockException;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A tracked lock or semaphore as the deadlock detectors see it: a name, a rank, its tracker, its place in the
 * lock-order graph, and the resource it is for the wait-for graph (how many units exist, who holds them, who
 * is first in its queue).
 *
 * <p>The acquisition helpers put the detectors' calls around the synchronizer's, in the one order that keeps
 * them sound: check the order, try without blocking, announce the wait only when about to block, stop
 * announcing it once the wait ends, and only then record the hold. A release forgets the hold before the
 * synchronizer gives the units back, and gives the hold back to the bookkeeping if the synchronizer refuses, so
 * a failed operation leaves no trace. Between those steps the units are held by a running thread but recorded
 * for nobody; the wait-for graph counts such units as about to be free, which is true, since the thread holding
 * them is running.
 *
 * <p>Thread-safe.
 */
public abstract sealed class LockNode permits OwnedNode, SharedNode {

  private final String name;
  private final int rank;
  private final Tracker tracker;
  private final AbstractQueuedSynchronizer sync;
  private final boolean fair;

  /**
   * The order graph's edges into this lock: for each lock {@code p}, the first time some thread took this
   * lock while holding {@code p}. Weak keys, so that a lock nobody can reach any more drops out of the graph.
   */
  final ConcurrentMap<LockNode, PotentialDeadlockException.Edge> priors =
      new MapMaker().weakKeys().makeMap();

  /** The locks {@code p} for which the cycle {@code p -> this} was already reported under WARN. */
  final Set<LockNode> warnedPriors = Collections.newSetFromMap(new MapMaker().weakKeys().makeMap());

  LockNode(Tracking tracking, AbstractQueuedSynchronizer sync, boolean fair) {
    this.name = tracking.name();
    this.rank = tracking.rank();
    this.tracker = tracking.tracker();
    this.sync = requireNonNull(sync, "sync");
    this.fair = fair;
  }

  /** The name of {@code lock}: its node's, or for an untracked lock its class name and identity. */
  public static String nameOf(@Nullable LockNode node, Object lock) {
    return node != null
        ? node.name
        : lock.getClass().getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(lock));
  }

  /** The lock's name, as exceptions show it. */
  public final String name() {
    return name;
  }

  /** The lock's rank (rank ordering only). */
  public final int rank() {
    return rank;
  }

  /** The tracker that made this lock. */
  public final Tracker tracker() {
    return tracker;
  }

  /** A blocking step of a synchronizer that may be interrupted. */
  @FunctionalInterface
  public interface Blocking {
    /** Blocks until granted ({@code true}) or timed out ({@code false}). */
    boolean block() throws InterruptedException;
  }

  /** Gives units back to a synchronizer; may throw, and then nothing was given back. */
  @FunctionalInterface
  public interface Release<S> {
    /** Releases {@code units} units of {@code sync}. */
    void release(S sync, int units);
  }

  /**
   * Acquires {@code units} through {@code attempt} or, failing that, {@code block}, with the detectors' checks
   * around it.
   *
   * @param timed whether {@code block} ends by itself after a while: such a wait is not announced to the
   *     wait-for graph, since it cannot deadlock (a timeout is itself a way out of deadlock, JCiP's timed
   *     {@code tryLock}), and other threads' checks count this thread as one that will go on
   */
  public final boolean acquire(long units, boolean timed, BooleanSupplier attempt, Blocking block)
      throws InterruptedException {
    HeldLocks mine = HeldLocks.mine();
    OrderGraph.check(this, mine);
    boolean granted = attempt.getAsBoolean();
    if (!granted) {
      boolean announced = !timed && enterWait(units, mine);
      try {
        granted = block.block();
      } finally {
        if (announced) {
          WaitForGraph.leave();
        }
      }
    }
    if (granted) {
      recordHold(mine, units);
    }
    return granted;
  }

  /**
   * As {@link #acquire} for a block step that cannot be interrupted or time out. The synchronizer is passed in,
   * so that callers can give non-capturing method references and the hot path allocates nothing.
   */
  public final <S> void acquireUninterruptibly(long units, S sync, Predicate<S> attempt, Consumer<S> block) {
    HeldLocks mine = HeldLocks.mine();
    OrderGraph.check(this, mine);
    if (!attempt.test(sync)) {
      boolean announced = enterWait(units, mine);
      try {
        block.accept(sync);
      } finally {
        if (announced) {
          WaitForGraph.leave();
        }
      }
    }
    recordHold(mine, units);
  }

  /** Records units granted without blocking: a try-lock cannot deadlock, so no order is checked. */
  public final void acquiredWithoutBlocking(long units) {
    recordHold(HeldLocks.mine(), units);
  }

  /** Announces an untimed wait to the wait-for graph, if this lock takes part; returns whether it did. */
  private boolean enterWait(long units, HeldLocks mine) {
    if (!tracker.detectsDeadlocks()) {
      return false;
    }
    WaitForGraph.enter(this, units, mine);
    return true;
  }

  /** Records that {@code mine}'s thread now holds {@code units} more units of this lock. */
  abstract void recordHold(HeldLocks mine, long units);

  /** How many units of this resource exist. */
  abstract long capacity();

  /** Who holds units of this resource now. */
  abstract List<Holder> holders();

  /** The live threads that have given back units they did not take: while one can run, a wait can end. */
  List<Thread> producers() {
    return List.of();
  }

  /** The thread first in this lock's queue, if any. */
  final @Nullable Thread firstQueued() {
    return sync.getFirstQueuedThread();
  }

  /** Whether {@code thread} is in this lock's queue. */
  final boolean isQueued(Thread thread) {
    return sync.isQueued(thread);
  }

  /**
   * Whether a thread wanting {@code units} cannot be served before the thread first in the queue, which wants
   * {@code firstUnits}: always once it is queued (only the first queued thread is woken to try), and before
   * that only where fairness, or a reader arriving behind a waiting writer, makes it queue.
   */
  boolean servedAfterFirst(long units, long firstUnits, boolean queued) {
    return fair || queued;
  }

  /**
   * One holder of a resource.
   *
   * @param thread the holding thread
   * @param units how many units it holds
   */
  record Holder(Thread thread, long units) {}

  @Override
  public String toString() {
    return name;
  }
}
