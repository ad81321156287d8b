package dev.concurrency.sync.internal;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A tracked lock or semaphore as its {@link Tracker} sees it: a name, a rank, and who holds it now.
 *
 * <p>The acquisition helpers put the tracker's calls around the synchronizer's, in the one order that keeps
 * the detectors sound: check the order, try without blocking, announce the wait only when about to block,
 * record the hold after the synchronizer granted it, and forget the hold before the synchronizer releases it.
 */
public final class LockNode {

  private final String name;
  private final int rank;
  private final Tracker tracker;

  /**
   * One entry per hold of an ownerless lock or semaphore: the held-lists of the threads that took it and
   * have not released it. Owned locks leave it empty and answer from their synchronizer's owner instead,
   * which keeps their tracked path cheaper.
   */
  final ConcurrentLinkedDeque<HeldLocks> holders = new ConcurrentLinkedDeque<>();

  // Written once, by the owning lock's constructor, before the lock (and so this node) is published.
  private @Nullable ExclusiveSync owned;

  /** A node named {@code name}, checked by {@code tracker}; {@code rank} matters to rank ordering only. */
  public LockNode(String name, int rank, Tracker tracker) {
    this.name = requireNonNull(name, "name");
    this.rank = rank;
    this.tracker = requireNonNull(tracker, "tracker");
  }

  /** The name of {@code lock}: its node's, or for an untracked lock its class name and identity. */
  public static String nameOf(@Nullable LockNode node, Object lock) {
    return node != null
        ? node.name
        : lock.getClass().getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(lock));
  }

  /** The lock's name, as exceptions show it. */
  public String name() {
    return name;
  }

  /** The lock's rank (rank ordering only). */
  public int rank() {
    return rank;
  }

  /** The tracker that watches this lock. */
  public Tracker tracker() {
    return tracker;
  }

  /** Declares that {@code sync}, an owned lock, knows who holds this node; call from the lock's constructor. */
  public void ownedBy(ExclusiveSync sync) {
    this.owned = requireNonNull(sync, "sync");
  }

  /** Whether the holder is known from the synchronizer, so {@link #holders} is not kept. */
  boolean isOwned() {
    return owned != null;
  }

  /** The threads that hold it now. */
  List<Thread> holderThreads() {
    ExclusiveSync sync = owned;
    if (sync != null) {
      Thread owner = sync.owner();
      return owner == null ? List.of() : List.of(owner);
    }
    List<Thread> threads = new ArrayList<>();
    for (HeldLocks held : holders) {
      threads.add(held.thread);
    }
    return threads;
  }

  /** A blocking step of a synchronizer that may be interrupted. */
  @FunctionalInterface
  public interface Blocking {
    /** Blocks until granted ({@code true}) or timed out ({@code false}). */
    boolean block() throws InterruptedException;
  }

  /** Acquires through {@code attempt} or, failing that, {@code block}, with the tracker's checks around it. */
  public boolean acquire(BooleanSupplier attempt, Blocking block) throws InterruptedException {
    HeldLocks mine = tracker.check(this);
    boolean granted = attempt.getAsBoolean();
    if (!granted) {
      tracker.beforeBlock(this);
      try {
        granted = block.block();
      } finally {
        tracker.afterBlock(this);
      }
    }
    if (granted) {
      tracker.acquired(this, mine);
    }
    return granted;
  }

  /**
   * As {@link #acquire} for a block step that cannot be interrupted. The synchronizer is passed in, so that
   * callers can give non-capturing method references and the hot path allocates nothing.
   */
  public <S> void acquireUninterruptibly(S sync, Predicate<S> attempt, Consumer<S> block) {
    HeldLocks mine = tracker.check(this);
    if (!attempt.test(sync)) {
      tracker.beforeBlock(this);
      try {
        block.accept(sync);
      } finally {
        tracker.afterBlock(this);
      }
    }
    tracker.acquired(this, mine);
  }

  /** Records a hold granted without blocking: a try-lock cannot deadlock, so no order is checked. */
  public void acquiredWithoutBlocking() {
    tracker.acquired(this);
  }

  /** Forgets one hold; call just before the synchronizer releases. */
  public void releasing() {
    tracker.released(this);
  }

  @Override
  public String toString() {
    return name;
  }
}
