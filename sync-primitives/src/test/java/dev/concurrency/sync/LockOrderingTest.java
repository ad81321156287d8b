package dev.concurrency.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Prevention by rank, rewritten from Guava's {@code CycleDetectingLockFactoryTest} tests of
 * {@code WithExplicitOrdering} (MyOrder's FIRST, SECOND, THIRD are ranks 1, 2, 3 of one ordering; OtherOrder's
 * are another ordering's), plus {@link LockOrdering#acquireAll} and {@link LockSet}.
 */
@Timeout(30)
final class LockOrderingTest {

  private final LockOrdering myOrder = LockOrdering.create();
  private final ReentrantMutex lock1 = myOrder.newReentrantMutex("MyOrder.FIRST", 1);
  private final ReentrantMutex lock2 = myOrder.newReentrantMutex("MyOrder.SECOND", 2);
  private final ReentrantMutex lock3 = myOrder.newReentrantMutex("MyOrder.THIRD", 3);
  private final LockOrdering otherOrder = LockOrdering.create();
  private final ReentrantMutex lock01 = otherOrder.newReentrantMutex("OtherOrder.FIRST", 1);
  private final ReentrantMutex lock03 = otherOrder.newReentrantMutex("OtherOrder.THIRD", 3);

  // Guava CycleDetectingLockFactoryTest.testExplicitOrdering_noViolations
  @Test
  void lock_inRankOrder_isFine() {
    assertThatCode(
            () -> {
              lock1.lock();
              lock3.lock();
              lock3.unlock();
              lock2.lock();
              lock3.lock();
            })
        .doesNotThrowAnyException();
    lock3.unlock();
    lock2.unlock();
    lock1.unlock();
  }

  // Guava CycleDetectingLockFactoryTest.testExplicitOrdering_violations
  @Test
  void lock_againstTheOrder_throwsAtOnceNamingBothLocks() {
    lock3.lock();
    LockOrderException violation = catchThrowableOfType(LockOrderException.class, lock2::lock);
    assertThat(violation)
        .hasMessageContaining("'MyOrder.SECOND' (rank 2)")
        .hasMessageContaining("while holding 'MyOrder.THIRD' (rank 3)");
    assertThat(violation.held()).isEqualTo("MyOrder.THIRD");
    assertThat(violation.requested()).isEqualTo("MyOrder.SECOND");
    assertThat(catchThrowableOfType(LockOrderException.class, lock1::lock).requested()).isEqualTo("MyOrder.FIRST");
    assertThat(lock2.isLocked() || lock1.isLocked()).isFalse();

    lock3.unlock();
    lock2.lock();
    LockOrderException again = catchThrowableOfType(LockOrderException.class, lock1::lock);
    assertThat(again.held()).isEqualTo("MyOrder.SECOND");
    assertThat(again.requested()).isEqualTo("MyOrder.FIRST");
    lock2.unlock();
  }

  // Guava CycleDetectingLockFactoryTest.testDifferentOrderings_noViolations: ranks of two orderings are not
  // compared
  @Test
  void ranksOfTwoOrderings_areNotCompared() {
    lock3.lock();
    assertThatCode(lock01::lock).doesNotThrowAnyException();
    lock01.unlock();
    lock3.unlock();
  }

  // Guava CycleDetectingLockFactoryTest.testExplicitOrderings_generalCycleDetection: an ordering's locks are in
  // the shared lock-order graph too
  @Test
  void orderingLocks_takePartInTheSharedCycleCheck() {
    lock3.lock();
    lock01.lock(); // MyOrder.THIRD -> OtherOrder.FIRST
    lock3.unlock();
    PotentialDeadlockException first = catchThrowableOfType(PotentialDeadlockException.class, lock3::lock);
    assertThat(DeadlockDetectorTest.edges(first))
        .containsExactly("OtherOrder.FIRST>MyOrder.THIRD", "MyOrder.THIRD>OtherOrder.FIRST");

    DeadlockDetector detector = DeadlockDetector.create(DeadlockPolicy.THROW);
    ReentrantMutex lockA = detector.newReentrantMutex("LockA");
    ReentrantMutex lockB = detector.newReentrantMutex("LockB");
    lockA.lock(); // OtherOrder.FIRST -> LockA
    lock01.unlock();
    lockB.lock(); // LockA -> LockB
    lockA.unlock();
    PotentialDeadlockException second = catchThrowableOfType(PotentialDeadlockException.class, lock01::lock);
    lockB.unlock();
    assertThat(DeadlockDetectorTest.edges(second))
        .containsExactly("LockB>OtherOrder.FIRST", "OtherOrder.FIRST>LockA", "LockA>LockB");
  }

  // Guava CycleDetectingLockFactoryTest.testExplicitOrdering_cycleWithUnorderedLock
  @Test
  void cycleThroughAnOrderingAndADetector_isFound() {
    ReentrantMutex myLock = DeadlockDetector.create(DeadlockPolicy.THROW).newReentrantMutex("MyLock");
    lock03.lock();
    myLock.lock(); // OtherOrder.THIRD -> MyLock
    lock03.unlock();

    PotentialDeadlockException problem = catchThrowableOfType(PotentialDeadlockException.class, lock01::lock);
    myLock.unlock();

    // OtherOrder.FIRST -> OtherOrder.THIRD was never taken: the ordering's ranks declare it.
    assertThat(DeadlockDetectorTest.edges(problem))
        .containsExactly("MyLock>OtherOrder.FIRST", "OtherOrder.FIRST>OtherOrder.THIRD", "OtherOrder.THIRD>MyLock");
    assertThat(problem.cycle().get(1).isDeclared()).isTrue();
    assertThat(problem.cycle().get(1)).hasToString("'OtherOrder.FIRST' -> 'OtherOrder.THIRD' (rank order)");
  }

  // Guava CycleDetectingLockFactoryTest.testExplicitOrdering_reentrantAcquisition
  @Test
  void reentrantAcquisitions_areNotRankChecked() {
    LockOrdering ordering = LockOrdering.create();
    Lock lockA = ordering.newReadWriteMutex("OtherOrder.FIRST", 1).readLock();
    Lock lockB = ordering.newReentrantMutex("OtherOrder.SECOND", 2);
    assertThatCode(
            () -> {
              lockA.lock();
              lockA.lock();
              lockB.lock();
              lockB.lock();
              lockA.unlock();
              lockA.unlock();
              lockB.unlock();
              lockB.unlock();
            })
        .doesNotThrowAnyException();
  }

  // Guava CycleDetectingLockFactoryTest.testExplicitOrdering_acquiringMultipleLocksWithSameRank. Difference on
  // purpose: Guava lets two locks share a rank and refuses holding both; here ranks are unique within an
  // ordering, so the second lock of a rank is refused when it is made, before anything can go wrong.
  @Test
  void newLock_rankTaken_isRejectedWhenMade() {
    LockOrdering ordering = LockOrdering.create();
    ordering.newReentrantMutex("first", 1);
    assertThatThrownBy(() -> ordering.newReadWriteMutex("same rank", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already taken by 'first'");
    assertThatThrownBy(() -> ordering.newMutex("again", 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void acquireAll_anyGivenOrder_takesInRankOrderAndReleasesAll() {
    try (LockSet held = myOrder.acquireAll(lock3, lock1, lock2)) {
      assertThat(held.locks()).containsExactly(lock1, lock2, lock3);
      assertThat(lock1.isHeldByCurrentThread() && lock2.isHeldByCurrentThread() && lock3.isHeldByCurrentThread())
          .isTrue();
    }
    assertThat(lock1.isLocked() || lock2.isLocked() || lock3.isLocked()).isFalse();
  }

  @Test
  void acquireAll_readWriteLocksTakeTheirPairsRank() {
    ReadWriteMutex pair = myOrder.newReadWriteMutex("pair", 5);
    try (LockSet held = myOrder.acquireAll(pair.writeLock(), lock2)) {
      assertThat(held.locks()).containsExactly(lock2, pair.writeLock());
    }
    assertThatThrownBy(() -> myOrder.acquireAll(pair.readLock(), pair.writeLock()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("twice");
  }

  @Test
  void acquireAll_failureHalfway_releasesWhatItTook() {
    lock3.lock();
    try {
      assertThatThrownBy(() -> myOrder.acquireAll(List.of(lock2, lock1))).isInstanceOf(LockOrderException.class);
      assertThat(lock2.isLocked()).isFalse();
      assertThat(lock1.isLocked()).isFalse();
    } finally {
      lock3.unlock();
    }
  }

  @Test
  void acquireAll_foreignOrDuplicateLock_isRejected() {
    Lock foreign = Mutex.create();
    assertThatThrownBy(() -> myOrder.acquireAll(lock1, foreign))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not made by this LockOrdering");
    assertThatThrownBy(() -> myOrder.acquireAll(lock1, lock01))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not made by this LockOrdering");
    assertThatThrownBy(() -> myOrder.acquireAll(lock1, lock1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("twice");
    assertThat(lock1.isLocked()).isFalse();
  }

  @Test
  void lockSet_closeTwice_releasesOnce() {
    LockSet held = myOrder.acquireAll(lock1);
    held.close();
    held.close();
    assertThat(lock1.isLocked()).isFalse();
  }

  // The atomic-bookkeeping rule: a close() by a thread that does not own the set fails and changes nothing
  @Test
  void lockSet_closedByAnotherThread_throwsAndStaysUsableByItsOwner() throws Exception {
    LockSet held = myOrder.acquireAll(lock1, lock2);
    AtomicReference<Throwable> refused = new AtomicReference<>();
    try (TestThreads threads = new TestThreads()) {
      threads.start(
          "stranger",
          () -> {
            try {
              held.close();
            } catch (IllegalMonitorStateException expected) {
              refused.set(expected);
            }
          });
    }
    assertThat(refused.get())
        .isInstanceOf(IllegalMonitorStateException.class)
        .hasMessageContaining("thread 'stranger' closed a LockSet acquired by thread 'main'");
    assertThat(held.owner()).isSameAs(Thread.currentThread());
    assertThat(lock1.isHeldByCurrentThread() && lock2.isHeldByCurrentThread()).isTrue();
    held.close();
    assertThat(lock1.isLocked() || lock2.isLocked()).isFalse();
  }

  @Test
  void lockSet_oneReleaseFails_stillReleasesTheRestAndRethrows() throws Exception {
    OwnerlessLock gate = OwnerlessLock.create();
    Mutex other = Mutex.create();
    LockSet held = Backoff.create().acquireAll(TestThreads.LONG, gate, other);
    gate.unlock(); // released behind the set's back: the set's own release of it will fail

    assertThatThrownBy(held::close)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not locked");
    assertThat(other.isLocked()).as("the other lock is still released").isFalse();
  }
}
