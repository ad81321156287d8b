package dev.concurrency.sync;

import java.util.List;
import java.util.function.Supplier;

/**
 * One implementation the lock contract runs on: how to make it, and the capabilities that decide which
 * clauses of the contract apply.
 *
 * @param name shown in the test report
 * @param make makes a fresh, unlocked lock
 * @param owned whether only the owner may unlock (false: Python's ownerless lock)
 * @param reentrant whether the owner may lock again
 */
record LockKind(String name, Supplier<AbstractMutex> make, boolean owned, boolean reentrant) {

  AbstractMutex create() {
    return make.get();
  }

  @Override
  public String toString() {
    return name;
  }

  /** Every implementation, fair and barging, plain and tracked by each detector. */
  static List<LockKind> all() {
    return List.of(
        new LockKind("Mutex barging", Mutex::create, true, false),
        new LockKind("Mutex fair", () -> Mutex.create(Fairness.FAIR), true, false),
        new LockKind("ReentrantMutex barging", ReentrantMutex::create, true, true),
        new LockKind("ReentrantMutex fair", () -> ReentrantMutex.create(Fairness.FAIR), true, true),
        new LockKind("OwnerlessLock barging", OwnerlessLock::create, false, false),
        new LockKind("OwnerlessLock fair", () -> OwnerlessLock.create(Fairness.FAIR), false, false),
        new LockKind(
            "Mutex from DeadlockDetector", () -> DeadlockDetector.create(DeadlockPolicy.THROW).newMutex("m"),
            true, false),
        new LockKind(
            "fair Mutex from DeadlockDetector",
            () -> DeadlockDetector.create(DeadlockPolicy.THROW).newMutex("m", Fairness.FAIR),
            true,
            false),
        new LockKind(
            "ReentrantMutex from DeadlockDetector",
            () -> DeadlockDetector.create(DeadlockPolicy.WARN).newReentrantMutex("r"),
            true,
            true),
        new LockKind(
            "OwnerlessLock from DeadlockDetector",
            // Without the wait-for graph, which would (by design) refuse a holder's second lock as a deadlock.
            () -> DeadlockDetector.builder().detectDeadlocks(false).build().newOwnerlessLock("o"),
            false,
            false),
        new LockKind("Mutex from LockOrdering", () -> LockOrdering.create().newMutex("m", 1), true, false),
        new LockKind(
            "ReentrantMutex from LockOrdering",
            () -> LockOrdering.create().newReentrantMutex("r", 1),
            true,
            true));
  }
}
