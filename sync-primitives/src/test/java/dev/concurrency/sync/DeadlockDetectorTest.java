package dev.concurrency.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Potential deadlocks (lock-order cycles) found single-threaded, rewritten from Guava's
 * {@code CycleDetectingLockFactoryTest}: the same locks (A, B, C; read-write locks A, B, C) and the same
 * sequences, asserting the cycle each report names. The explicitly ordered cases are in
 * {@link LockOrderingTest}.
 */
@Timeout(30)
final class DeadlockDetectorTest {

  private final DeadlockDetector detector = DeadlockDetector.create(DeadlockPolicy.THROW);
  private final ReentrantMutex lockA = detector.newReentrantMutex("LockA");
  private final ReentrantMutex lockB = detector.newReentrantMutex("LockB");
  private final ReentrantMutex lockC = detector.newReentrantMutex("LockC");
  private final ReadWriteMutex readWriteA = detector.newReadWriteMutex("ReadWriteA");
  private final ReadWriteMutex readWriteB = detector.newReadWriteMutex("ReadWriteB");
  private final ReadWriteMutex readWriteC = detector.newReadWriteMutex("ReadWriteC");

  /** The cycle as "from>to" pairs, starting with the refused edge. */
  static List<String> edges(PotentialDeadlockException problem) {
    return problem.cycle().stream().map(edge -> edge.from() + ">" + edge.to()).toList();
  }

  private static void lockPair(Lock first, Lock second) {
    first.lock();
    second.lock();
    second.unlock();
    first.unlock();
  }

  // Guava CycleDetectingLockFactoryTest.testDeadlock_twoLocks
  @Test
  void lock_reverseOrderOfAnEarlierAcquisition_throwsNamingTheCycle_everyTime() {
    lockA.lock();
    lockB.lock();
    lockA.unlock();
    lockB.unlock();

    lockB.lock();
    PotentialDeadlockException first = catchThrowableOfType(PotentialDeadlockException.class, lockA::lock);
    PotentialDeadlockException second = catchThrowableOfType(PotentialDeadlockException.class, lockA::lock);

    assertThat(first)
        .hasMessageContaining("takes 'LockA' while holding 'LockB'")
        .hasMessageContaining("'LockB' -> 'LockA' -> 'LockB'");
    assertThat(edges(first)).containsExactly("LockB>LockA", "LockA>LockB");
    assertThat(edges(second)).isEqualTo(edges(first));
    assertThat(first.cycle()).allSatisfy(edge -> assertThat(edge.thread()).isEqualTo("main"));
    assertThat(lockA.isLocked()).as("the refused lock is not taken").isFalse();
    lockB.unlock();
    assertThatCode(lockA::lock).as("once LockB is released, LockA is fine").doesNotThrowAnyException();
    lockA.unlock();
  }

  // Guava CycleDetectingLockFactoryTest.testDeadlock_threeLocks
  @Test
  void lock_closingALongerCycle_reportsEveryEdgeWithItsStack() {
    lockPair(lockA, lockB);
    lockB.lock();
    lockC.lock();
    lockB.unlock();

    PotentialDeadlockException problem = catchThrowableOfType(PotentialDeadlockException.class, lockA::lock);
    lockC.unlock();

    assertThat(edges(problem)).containsExactly("LockC>LockA", "LockA>LockB", "LockB>LockC");
    assertThat(problem.getSuppressed()).hasSize(3);
    StringWriter printed = new StringWriter();
    problem.printStackTrace(new PrintWriter(printed));
    assertThat(printed.toString())
        .contains("order 'LockA' -> 'LockB' (thread 'main') first taken here")
        .contains("at dev.concurrency.sync.DeadlockDetectorTest.lockPair");
    assertThat(problem.cycle().get(1).stack().getFirst().getMethodName()).isEqualTo("lockPair");
  }

  // Guava CycleDetectingLockFactoryTest.testReentrancy_noDeadlock: a re-entry adds no edge
  @Test
  void reentrantMutex_reenteredWhileHoldingOthers_isNotACycle() {
    lockA.lock();
    lockB.lock();
    assertThatCode(lockA::lock).doesNotThrowAnyException();
    lockA.unlock();
    lockB.unlock();
    lockA.unlock();
    assertThat(lockA.isLocked()).isFalse();
  }

  // Guava CycleDetectingLockFactoryTest.testReadLock_deadlock
  @Test
  void readLock_reverseOrder_throws() {
    lockPair(readWriteA.readLock(), lockB);

    lockB.lock();
    PotentialDeadlockException problem =
        catchThrowableOfType(PotentialDeadlockException.class, readWriteA.readLock()::lock);

    assertThat(edges(problem)).containsExactly("LockB>ReadWriteA", "ReadWriteA>LockB");
    assertThat(readWriteA.getReadLockCount()).isZero();
    lockB.unlock();
  }

  // Guava CycleDetectingLockFactoryTest.testReadLock_transitive
  @Test
  void readLocks_transitiveCycle_throws() {
    lockPair(readWriteA.readLock(), lockB);
    lockPair(lockB, readWriteC.readLock());

    readWriteC.readLock().lock();
    PotentialDeadlockException problem =
        catchThrowableOfType(PotentialDeadlockException.class, readWriteA.readLock()::lock);
    readWriteC.readLock().unlock();

    assertThat(edges(problem)).containsExactly("ReadWriteC>ReadWriteA", "ReadWriteA>LockB", "LockB>ReadWriteC");
  }

  // Guava CycleDetectingLockFactoryTest.testWriteLock_threeLockDeadLock
  @Test
  void writeLocks_threeLockCycle_throws() {
    lockPair(readWriteA.writeLock(), readWriteB.writeLock());
    readWriteB.writeLock().lock();
    readWriteC.writeLock().lock();
    readWriteB.writeLock().unlock();

    PotentialDeadlockException problem =
        catchThrowableOfType(PotentialDeadlockException.class, readWriteA.writeLock()::lock);
    readWriteC.writeLock().unlock();

    assertThat(edges(problem))
        .containsExactly("ReadWriteC>ReadWriteA", "ReadWriteA>ReadWriteB", "ReadWriteB>ReadWriteC");
  }

  // Guava CycleDetectingLockFactoryTest.testWriteToReadLockDowngrading
  @Test
  void downgradedReadLock_countsAsTheSameLock() {
    readWriteA.writeLock().lock(); // downgrade: write, then read, then give up the write lock
    readWriteA.readLock().lock();
    readWriteA.writeLock().unlock();
    lockB.lock(); // ReadWriteA -> LockB, through the read hold
    readWriteA.readLock().unlock();

    PotentialDeadlockException problem =
        catchThrowableOfType(PotentialDeadlockException.class, readWriteA.writeLock()::lock);
    lockB.unlock();

    assertThat(edges(problem)).containsExactly("LockB>ReadWriteA", "ReadWriteA>LockB");
  }

  // Guava CycleDetectingLockFactoryTest.testReadWriteLockDeadlock
  @Test
  void writeThenReadOfOneReadWriteLock_closeACycle() {
    readWriteA.writeLock().lock();
    lockB.lock();
    readWriteA.writeLock().unlock();
    lockB.unlock();

    lockB.lock();
    PotentialDeadlockException problem =
        catchThrowableOfType(PotentialDeadlockException.class, readWriteA.readLock()::lock);
    lockB.unlock();

    assertThat(edges(problem)).containsExactly("LockB>ReadWriteA", "ReadWriteA>LockB");
  }

  // Guava CycleDetectingLockFactoryTest.testReadWriteLockDeadlock_transitive
  @Test
  void readThenWriteOfOneReadWriteLock_closeATransitiveCycle() {
    lockPair(readWriteA.readLock(), lockB);
    lockPair(lockB, lockC);

    lockC.lock();
    PotentialDeadlockException problem =
        catchThrowableOfType(PotentialDeadlockException.class, readWriteA.writeLock()::lock);
    lockC.unlock();

    assertThat(edges(problem)).containsExactly("LockC>ReadWriteA", "ReadWriteA>LockB", "LockB>LockC");
  }

  // Guava CycleDetectingLockFactoryTest.testReadWriteLockDeadlock_treatedEquivalently
  @Test
  void readAndWriteLocks_areTreatedAlike() {
    lockPair(readWriteA.readLock(), readWriteB.writeLock());

    readWriteB.readLock().lock();
    PotentialDeadlockException problem =
        catchThrowableOfType(PotentialDeadlockException.class, readWriteA.writeLock()::lock);
    readWriteB.readLock().unlock();

    assertThat(edges(problem)).containsExactly("ReadWriteB>ReadWriteA", "ReadWriteA>ReadWriteB");
  }

  // Guava CycleDetectingLockFactoryTest.testDifferentLockFactories: one graph across detectors
  @Test
  void cycleThroughLocksOfTwoDetectors_isFound() {
    ReentrantMutex lockD = DeadlockDetector.create(DeadlockPolicy.WARN).newReentrantMutex("LockD");
    lockPair(lockA, lockD);

    lockD.lock();
    PotentialDeadlockException problem = catchThrowableOfType(PotentialDeadlockException.class, lockA::lock);
    lockD.unlock();

    assertThat(edges(problem)).containsExactly("LockD>LockA", "LockA>LockD");
  }

  // Guava CycleDetectingLockFactoryTest.testDifferentLockFactories_policyExecution: the acquired lock's policy
  @Test
  void cycleClosedByAcquiringAWarnDetectorsLock_onlyWarns() {
    List<PotentialDeadlockException> warnings = new CopyOnWriteArrayList<>();
    ReentrantMutex lockD =
        DeadlockDetector.builder()
            .policy(DeadlockPolicy.WARN)
            .warnings(warnings::add)
            .build()
            .newReentrantMutex("LockD");
    lockPair(lockD, lockA);

    lockA.lock();
    assertThatCode(lockD::lock).doesNotThrowAnyException();
    lockD.unlock();
    lockA.unlock();

    assertThat(warnings).singleElement().satisfies(w -> assertThat(edges(w)).containsExactly("LockA>LockD", "LockD>LockA"));
  }

  // Guava CycleDetectingLockFactoryTest.testReentrantLock_tryLock
  @Test
  void tryLock_heldByAnotherThread_failsUntilReleased() throws Exception {
    try (HoldingThread holder = HoldingThread.holding(lockA)) {
      assertThat(lockA.tryLock()).isFalse();
      holder.releaseAndFinish();
    }
    assertThat(lockA.tryLock()).isTrue();
    lockA.unlock();
  }

  // Guava CycleDetectingLockFactoryTest.testReentrantWriteLock_tryLock
  @Test
  void writeLockHeldByAnotherThread_failsBothTryLocks() throws Exception {
    try (HoldingThread holder = HoldingThread.holding(readWriteA.writeLock())) {
      assertThat(readWriteA.writeLock().tryLock()).isFalse();
      assertThat(readWriteA.readLock().tryLock()).isFalse();
      holder.releaseAndFinish();
    }
    assertThat(readWriteA.writeLock().tryLock()).isTrue();
    assertThat(readWriteA.readLock().tryLock()).isTrue();
    readWriteA.readLock().unlock();
    readWriteA.writeLock().unlock();
  }

  // Guava CycleDetectingLockFactoryTest.testReentrantReadLock_tryLock
  @Test
  void readLockHeldByAnotherThread_failsOnlyTheWriteTryLock() throws Exception {
    try (HoldingThread holder = HoldingThread.holding(readWriteA.readLock())) {
      assertThat(readWriteA.writeLock().tryLock()).isFalse();
      assertThat(readWriteA.readLock().tryLock()).isTrue();
      readWriteA.readLock().unlock();
      holder.releaseAndFinish();
    }
    assertThat(readWriteA.writeLock().tryLock()).isTrue();
    assertThat(readWriteA.readLock().tryLock()).isTrue();
    readWriteA.readLock().unlock();
    readWriteA.writeLock().unlock();
  }

  /** Guava's {@code LockingThread}: holds a lock until told to let go. */
  private static final class HoldingThread implements AutoCloseable {
    private final TestThreads threads = new TestThreads();
    private final CountDownLatch locked = new CountDownLatch(1);
    private final CountDownLatch finish = new CountDownLatch(1);

    static HoldingThread holding(Lock lock) throws InterruptedException {
      HoldingThread holder = new HoldingThread();
      holder.threads.start(
          "holder",
          () -> {
            lock.lock();
            try {
              holder.locked.countDown();
              assertThat(holder.finish.await(TestThreads.LONG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            } finally {
              lock.unlock();
            }
          });
      assertThat(holder.locked.await(TestThreads.LONG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      return holder;
    }

    void releaseAndFinish() {
      finish.countDown();
      threads.close();
    }

    @Override
    public void close() {
      finish.countDown();
      threads.close();
    }
  }

  @Test
  void lock_sameOrderEveryTime_isFine() {
    Mutex a = detector.newMutex("a");
    Mutex b = detector.newMutex("b");
    for (int i = 0; i < 3; i++) {
      lockPair(a, b);
    }
    assertThat(a.tryLock()).isTrue();
    a.unlock();
  }

  @Test
  void tryLock_reverseOrder_isAllowedBecauseItNeverWaits() {
    Mutex a = detector.newMutex("a");
    Mutex b = detector.newMutex("b");
    lockPair(a, b);
    b.lock();
    assertThat(a.tryLock()).isTrue();
    a.unlock();
    b.unlock();
  }

  // Ours: covers ownerless locks and semaphores, which ThreadMXBean cannot see; the timed forms check the order
  @Test
  void semaphoreAndOwnerlessLock_reverseOrder_throw() throws Exception {
    CountingSemaphore pool = detector.newSemaphore("pool", 2);
    OwnerlessLock gate = detector.newOwnerlessLock("gate");
    pool.acquire();
    gate.lock();
    gate.unlock();
    pool.release();

    gate.lock();
    assertThatThrownBy(pool::acquire).isInstanceOf(PotentialDeadlockException.class);
    assertThatThrownBy(() -> pool.tryAcquire(Duration.ofMillis(1))).isInstanceOf(PotentialDeadlockException.class);
    assertThatThrownBy(() -> pool.acquireUninterruptibly(1)).isInstanceOf(PotentialDeadlockException.class);
    assertThat(pool.availablePermits()).isEqualTo(2);
    gate.unlock();
  }

  // Ours: an ownerless lock released by another thread no longer counts against the thread that took it
  @Test
  void ownerlessLock_releasedByAnotherThread_isForgottenByItsTaker() throws Exception {
    OwnerlessLock gate = detector.newOwnerlessLock("gate");
    Mutex m = detector.newMutex("m");
    gate.lock();
    try (TestThreads threads = new TestThreads()) {
      threads.start("releaser", gate::unlock);
    }
    m.lock(); // were 'gate' still counted as held here, this would record gate -> m
    m.unlock();
    gate.lock();
    gate.unlock();
    m.lock();
    try {
      assertThatCode(
              () -> {
                gate.lock();
                gate.unlock();
              })
          .doesNotThrowAnyException();
    } finally {
      m.unlock();
    }
  }

  @Test
  void warn_reportsEachCycleOnceAndTakesTheLock() {
    List<PotentialDeadlockException> warnings = new CopyOnWriteArrayList<>();
    DeadlockDetector warning =
        DeadlockDetector.builder().policy(DeadlockPolicy.WARN).warnings(warnings::add).build();
    Mutex a = warning.newMutex("a");
    Mutex b = warning.newMutex("b");
    lockPair(a, b);

    lockPair(b, a);
    lockPair(b, a);

    assertThat(warnings).hasSize(1);
    assertThat(warnings.getFirst().cycle()).hasSize(2);
  }

  @Test
  void warn_defaultHandler_logsAndProceeds() throws Exception {
    DeadlockDetector warning = DeadlockDetector.create(DeadlockPolicy.WARN);
    Mutex a = warning.newMutex("a");
    Mutex b = warning.newMutex("b", Fairness.FAIR);
    lockPair(a, b);
    b.lockInterruptibly();
    assertThat(a.tryLock(1, TimeUnit.SECONDS)).isTrue();
    a.unlock();
    b.unlock();
  }

  @Test
  void disabled_checksNothing_andItsLocksAddNoEdges() {
    DeadlockDetector off = DeadlockDetector.builder().policy(DeadlockPolicy.DISABLED).detectDeadlocks(false).build();
    Mutex a = off.newMutex("a");
    Mutex b = off.newMutex("b");
    lockPair(a, b);
    lockPair(b, a);
    // A DISABLED detector's lock between two checked ones records nothing: no cycle through it.
    lockPair(lockA, a);
    lockPair(a, lockA);
    assertThat(a.isLocked()).isFalse();
  }

  @Test
  void edge_andExceptions_checkTheirParts() {
    assertThatThrownBy(() -> new PotentialDeadlockException(List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThat(PotentialDeadlockException.Edge.here("x", "y")).hasToString("'x' -> 'y' (thread 'main')");
    assertThat(new DeadlockException.Edge("t", "l", "h")).hasToString("thread 't' waits for 'l' held by thread 'h'");
    assertThat(new DeadlockException.Edge("t", "l", "h", DeadlockException.Reason.QUEUED_BEHIND))
        .hasToString("thread 't' waits for 'l' queued behind thread 'h'");
    assertThat(new DeadlockException.Edge("t", "l", "h", DeadlockException.Reason.HELD_BY_ENDED_THREAD))
        .hasToString("thread 't' waits for 'l' held by thread 'h', which has ended");
    DeadlockException two = new DeadlockException(List.of(new DeadlockException.Edge("t", "l", "h")));
    assertThat(two.deadlocked()).containsExactly("t");
    assertThat(detector.newBoundedSemaphore("b", 1).bound()).isEqualTo(1);
    assertThat(detector.newMutex("named")).hasToString("named[Unlocked]");
  }

  // The README's claim: a tracked mutex's lock/unlock, nested in another, allocates nothing on its common path
  // (the detector's bookkeeping is an array per thread and cached method references)
  @Test
  void trackedMutex_lockAndUnlockNested_allocateNothing() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    Mutex outer = detector.newMutex("outer");
    Mutex inner = detector.newMutex("inner");
    for (int i = 0; i < 20_000; i++) {
      lockPair(outer, inner);
    }
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 100_000; i++) {
      lockPair(outer, inner);
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertThat(allocated).as("bytes allocated by 100,000 tracked nested lock/unlock pairs").isLessThan(10_000);
  }
}
