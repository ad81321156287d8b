package dev.concurrency.sync.internal;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.BooleanSupplier;

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

  /** One entry per hold: the held-lists of the threads that took it and have not released it. */
  final ConcurrentLinkedDeque<HeldLocks> holders = new ConcurrentLinkedDeque<>();

  /** A node named {@code name}, checked by {@code tracker}; {@code rank} matters to rank ordering only. */
  public LockNode(String name, int rank, Tracker tracker) {
    this.name = requireNonNull(name, "name");
    this.rank = rank;
    this.tracker = requireNonNull(tracker, "tracker");
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

  /** The threads that hold it now. */
  List<Thread> holderThreads() {
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
    tracker.check(this);
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
      tracker.acquired(this);
    }
    return granted;
  }

  /** As {@link #acquire} for a block step that cannot be interrupted. */
  public void acquireUninterruptibly(BooleanSupplier attempt, Runnable block) {
    tracker.check(this);
    if (!attempt.getAsBoolean()) {
      tracker.beforeBlock(this);
      try {
        block.run();
      } finally {
        tracker.afterBlock(this);
      }
    }
    tracker.acquired(this);
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
