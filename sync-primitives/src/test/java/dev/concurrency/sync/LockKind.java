package dev.concurrency.sync;

import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One implementation the lock contract runs on: how to make it, and the capabilities that decide which
 * clauses of the contract apply.
 *
 * @param name shown in the test report
 * @param make makes a fresh, unlocked lock
 * @param owned whether only the owner may unlock (false: Python's ownerless lock)
 * @param reentrant whether the owner may lock again
 * @param ours whether the lock is this module's (false: the JDK's, run as a control)
 */
record LockKind(String name, Supplier<LockUnderTest> make, boolean owned, boolean reentrant, boolean ours) {

  LockUnderTest create() {
    return make.get();
  }

  @Override
  public String toString() {
    return name;
  }

  private static LockKind of(String name, Supplier<AbstractMutex> make, boolean owned, boolean reentrant) {
    return new LockKind(name, () -> new LockUnderTest.Ours(make.get()), owned, reentrant, true);
  }

  private static LockKind writeLock(String name, Supplier<ReadWriteMutex> make) {
    return new LockKind(name, () -> new LockUnderTest.WriteSide(make.get()), true, true, true);
  }

  private static LockKind jdk(boolean fair) {
    return new LockKind(
        "ReentrantLock " + (fair ? "fair" : "nonfair") + " (JDK control)",
        () -> new LockUnderTest.Jdk(new LockUnderTest.PublicReentrantLock(fair)),
        true,
        true,
        false);
  }

  /** Every implementation, fair and barging, plain and tracked by each detector, and the JDK's controls. */
  static List<LockKind> all() {
    return List.of(
        of("Mutex barging", Mutex::create, true, false),
        of("Mutex fair", () -> Mutex.create(Fairness.FAIR), true, false),
        of("ReentrantMutex barging", ReentrantMutex::create, true, true),
        of("ReentrantMutex fair", () -> ReentrantMutex.create(Fairness.FAIR), true, true),
        of("OwnerlessLock barging", OwnerlessLock::create, false, false),
        of("OwnerlessLock fair", () -> OwnerlessLock.create(Fairness.FAIR), false, false),
        of("Mutex from DeadlockDetector", () -> DeadlockDetector.create(DeadlockPolicy.THROW).newMutex("m"), true, false),
        of(
            "fair Mutex from DeadlockDetector",
            () -> DeadlockDetector.create(DeadlockPolicy.THROW).newMutex("m", Fairness.FAIR),
            true,
            false),
        of(
            "ReentrantMutex from DeadlockDetector",
            () -> DeadlockDetector.create(DeadlockPolicy.WARN).newReentrantMutex("r"),
            true,
            true),
        of(
            "fair ReentrantMutex from DeadlockDetector",
            () -> DeadlockDetector.create(DeadlockPolicy.THROW).newReentrantMutex("r", Fairness.FAIR),
            true,
            true),
        of(
            "OwnerlessLock from DeadlockDetector",
            // Without the wait-for graph, which would (by design) refuse a holder's second lock as a deadlock.
            () -> DeadlockDetector.builder().detectDeadlocks(false).build().newOwnerlessLock("o"),
            false,
            false),
        of("Mutex from LockOrdering", () -> LockOrdering.create().newMutex("m", 1), true, false),
        of("ReentrantMutex from LockOrdering", () -> LockOrdering.create().newReentrantMutex("r", 1), true, true),
        writeLock("ReadWriteMutex.writeLock barging", ReadWriteMutex::create),
        writeLock("ReadWriteMutex.writeLock fair", () -> ReadWriteMutex.create(Fairness.FAIR)),
        writeLock(
            "ReadWriteMutex.writeLock from DeadlockDetector",
            () -> DeadlockDetector.create(DeadlockPolicy.THROW).newReadWriteMutex("rw")),
        jdk(false),
        jdk(true));
  }

  /** The kinds whose messages are this module's (not the JDK controls). */
  static List<LockKind> allOurs() {
    return only(LockKind::ours);
  }

  static List<LockKind> allOwned() {
    return only(LockKind::owned);
  }

  static List<LockKind> allOwnerless() {
    return only(kind -> !kind.owned());
  }

  static List<LockKind> allReentrant() {
    return only(LockKind::reentrant);
  }

  static List<LockKind> allOwnedNotReentrant() {
    return only(kind -> kind.owned() && !kind.reentrant());
  }

  static List<LockKind> allFair() {
    return only(kind -> kind.create().isFair());
  }

  /** The kinds no detector or ordering makes: those keep the locks they know of, and refuse to serialize. */
  static List<LockKind> allUntracked() {
    return only(kind -> !SerializationTest.isTracked(kind.create()));
  }

  private static List<LockKind> only(Predicate<LockKind> applies) {
    return all().stream().filter(applies).toList();
  }
}
