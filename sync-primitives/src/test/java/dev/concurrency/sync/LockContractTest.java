package dev.concurrency.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lock contract, written once and run on every exclusive lock of the module, fair and barging, plain and
 * tracked, and on the JDK's {@code ReentrantLock} as a control. Cases are rewritten from the JSR-166 TCK's
 * {@code ReentrantLockTest} (each case there runs fair and non-fair; here every kind runs every case) and
 * CPython's {@code Lib/test/lock_tests.py}; each names its source. Conditions are in
 * {@link LockConditionContractTest}.
 */
@Timeout(30)
final class LockContractTest {

  static final String KINDS = "dev.concurrency.sync.LockKind#all";

  /** The TCK's assertLockedByMoi: locked, owned by the caller (when owned), held by the caller. */
  static void assertLockedByMe(LockKind kind, LockUnderTest lock) {
    assertThat(lock.isLocked()).isTrue();
    if (kind.owned()) {
      assertThat(lock.owner()).isSameAs(Thread.currentThread());
      assertThat(lock.isHeldByCurrentThread()).isTrue();
      assertThat(lock.holdCount()).isPositive();
    }
  }

  /** The TCK's assertNotLocked. */
  static void assertNotLocked(LockUnderTest lock) {
    assertThat(lock.isLocked()).isFalse();
    assertThat(lock.isHeldByCurrentThread()).isFalse();
    assertThat(lock.owner()).isNull();
    assertThat(lock.holdCount()).isZero();
  }

  /** The TCK's waitForQueuedThread: spins until {@code thread} is queued, then checks it is not the owner. */
  static void awaitQueued(LockUnderTest lock, Thread thread) {
    TestThreads.await(thread.getName() + " queues", () -> lock.hasQueuedThread(thread));
    assertThat(thread.isAlive()).isTrue();
    assertThat(lock.owner()).isNotSameAs(thread);
  }

  // TCK ReentrantLockTest.testConstructor; CPython lock_tests.py BaseLockTests.test_constructor
  @Test
  void create_isUnlockedWithTheGivenFairness() {
    for (AbstractMutex mutex : List.of(Mutex.create(), ReentrantMutex.create(), OwnerlessLock.create())) {
      assertThat(mutex.isFair()).isFalse();
      assertNotLocked(new LockUnderTest.Ours(mutex));
    }
    for (AbstractMutex mutex :
        List.of(Mutex.create(Fairness.FAIR), ReentrantMutex.create(Fairness.FAIR), OwnerlessLock.create(Fairness.FAIR))) {
      assertThat(mutex.isFair()).isTrue();
      assertNotLocked(new LockUnderTest.Ours(mutex));
    }
    assertThat(ReadWriteMutex.create().isFair()).isFalse();
    assertThat(ReadWriteMutex.create(Fairness.FAIR).isFair()).isTrue();
    assertThat(ReadWriteMutex.create().getReadLockCount()).isZero();
  }

  // TCK ReentrantLockTest.testLock; CPython BaseLockTests.test_acquire_release
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void lock_free_takesItAndUnlockFreesIt(LockKind kind) {
    LockUnderTest lock = kind.create();
    assertNotLocked(lock);

    lock.lock().lock();
    assertLockedByMe(kind, lock);
    lock.lock().unlock();

    assertNotLocked(lock);
  }

  // TCK ReentrantLockTest.testTryLock, ReentrantReadWriteLockTest.testWriteTryLock; CPython
  // lock_tests.py BaseLockTests.test_try_acquire
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void tryLock_free_takesIt_andAgainOnlyIfReentrant(LockKind kind) {
    LockUnderTest lock = kind.create();
    assertThat(lock.lock().tryLock()).isTrue();
    assertLockedByMe(kind, lock);

    assertThat(lock.lock().tryLock()).isEqualTo(kind.reentrant());
    if (kind.reentrant()) {
      assertThat(lock.holdCount()).isEqualTo(2);
      lock.lock().unlock();
    }
    lock.lock().unlock();
    assertNotLocked(lock);
  }

  // TCK ReentrantLockTest.testTryLockWhenLocked, ReentrantReadWriteLockTest.testWriteTryLockWhenLocked; CPython
  // lock_tests.py BaseLockTests.test_try_acquire_contended
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void tryLock_heldByAnotherThread_returnsFalse(LockKind kind) throws Exception {
    LockUnderTest lock = kind.create();
    lock.lock().lock();
    AtomicInteger got = new AtomicInteger(-1);
    try (TestThreads threads = new TestThreads()) {
      threads.start("trier", () -> got.set(lock.lock().tryLock() ? 1 : 0));
    }
    assertThat(got).hasValue(0);
    lock.lock().unlock();
    assertThat(lock.lock().tryLock()).isTrue();
    lock.lock().unlock();
  }

  // CPython BaseLockTests.test_acquire_contended: every waiter proceeds once the holder releases
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void lock_heldByAnotherThread_waitsUntilReleased(LockKind kind) throws Exception {
    LockUnderTest lock = kind.create();
    AtomicInteger finished = new AtomicInteger();
    lock.lock().lock();
    try (TestThreads threads = new TestThreads()) {
      for (int i = 0; i < 5; i++) {
        threads.start(
            "waiter-" + i,
            () -> {
              lock.lock().lock();
              lock.lock().unlock();
              finished.incrementAndGet();
            });
      }
      TestThreads.await("five threads queue", () -> lock.queueLength() == 5);
      assertThat(finished).hasValue(0);
      lock.lock().unlock();
    }
    assertThat(finished).hasValue(5);
    assertThat(lock.hasQueuedThreads()).isFalse();
  }

  // TCK ReentrantLockTest.testHasQueuedThreads, testGetQueueLength, testHasQueuedThread, testGetQueuedThreads
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void queueMonitors_followWaitersThroughInterruptAndRelease(LockKind kind) throws Exception {
    LockUnderTest lock = kind.create();
    assertThat(lock.hasQueuedThreads()).isFalse();
    assertThat(lock.queueLength()).isZero();
    assertThat(lock.queuedThreads()).isEmpty();
    lock.lock().lock();
    assertThat(lock.hasQueuedThreads()).isFalse();
    try (TestThreads threads = new TestThreads()) {
      Thread interrupted =
          threads.start(
              "interrupted",
              () -> assertThatThrownBy(() -> lock.lock().lockInterruptibly()).isInstanceOf(InterruptedException.class));
      awaitQueued(lock, interrupted);
      assertThat(lock.hasQueuedThreads()).isTrue();
      assertThat(lock.queueLength()).isEqualTo(1);
      assertThat(lock.queuedThreads()).containsExactly(interrupted);
      Thread patient =
          threads.start(
              "patient",
              () -> {
                lock.lock().lockInterruptibly();
                lock.lock().unlock();
              });
      awaitQueued(lock, patient);
      assertThat(lock.hasQueuedThread(interrupted)).isTrue();
      assertThat(lock.hasQueuedThread(patient)).isTrue();
      assertThat(lock.queueLength()).isEqualTo(2);
      assertThat(lock.queuedThreads()).containsExactlyInAnyOrder(interrupted, patient);

      interrupted.interrupt();
      TestThreads.join(interrupted);
      assertThat(lock.hasQueuedThread(interrupted)).isFalse();
      assertThat(lock.hasQueuedThread(patient)).isTrue();
      assertThat(lock.queueLength()).isEqualTo(1);
      assertThat(lock.queuedThreads()).containsExactly(patient);
      lock.lock().unlock();
      TestThreads.join(patient);
    }
    assertThat(lock.hasQueuedThreads()).isFalse();
    assertThat(lock.queueLength()).isZero();
    assertThat(lock.queuedThreads()).isEmpty();
  }

  // TCK ReentrantLockTest.testHasQueuedThreadNPE
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void hasQueuedThread_null_throwsNullPointer(LockKind kind) {
    LockUnderTest lock = kind.create();
    assertThatThrownBy(() -> lock.hasQueuedThread(nullThread())).isInstanceOf(NullPointerException.class);
  }

  static Thread nullThread() {
    return null;
  }

  // TCK ReentrantLockTest.testTryLock_Timeout, ReentrantReadWriteLockTest.testWriteTryLock_Timeout; CPython
  // lock_tests.py LockTests.test_state_after_timeout
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void tryLockTimed_heldThroughout_timesOutAndLeavesLockUsable(LockKind kind) throws Exception {
    LockUnderTest lock = kind.create();
    lock.lock().lock();
    try (TestThreads threads = new TestThreads()) {
      threads.start(
          "timed",
          () -> {
            long start = System.nanoTime();
            assertThat(lock.lock().tryLock(TestThreads.SHORT.toMillis(), TimeUnit.MILLISECONDS)).isFalse();
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TestThreads.SHORT.toNanos());
          });
    }
    lock.lock().unlock();
    assertThat(lock.isLocked()).isFalse();
    assertThat(lock.lock().tryLock(0, TimeUnit.NANOSECONDS)).isTrue();
    lock.lock().unlock();
  }

  // CPython BaseLockTests.test_timeout. Difference on purpose: Lock.tryLock(time) treats a time of zero or less
  // as "do not wait" (the JDK's Lock contract), where Python's acquire(timeout=-100) raises ValueError; the
  // longest timeout (TIMEOUT_MAX there, Long.MAX_VALUE nanoseconds here) is accepted and returns at once when free.
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void tryLockTimed_extremeTimeouts_areAcceptedAndNeverWaitWhenFree(LockKind kind) throws Exception {
    LockUnderTest lock = kind.create();
    assertThat(lock.lock().tryLock(Long.MAX_VALUE, TimeUnit.NANOSECONDS)).isTrue();
    lock.lock().unlock();
    assertThat(lock.lock().tryLock(Long.MAX_VALUE, TimeUnit.DAYS)).isTrue();
    lock.lock().unlock();
    assertThat(lock.lock().tryLock(-100, TimeUnit.SECONDS)).isTrue();
    lock.lock().unlock();
    lock.lock().lock();
    try (TestThreads threads = new TestThreads()) {
      threads.start("negative", () -> assertThat(lock.lock().tryLock(-100, TimeUnit.SECONDS)).isFalse());
    }
    lock.lock().unlock();
  }

  // TCK ReentrantLockTest.testLockInterruptibly, ReentrantReadWriteLockTest.testWriteLockInterruptibly
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void lockInterruptibly_free_takesIt_elseIsInterruptible(LockKind kind) throws Exception {
    LockUnderTest lock = kind.create();
    lock.lock().lockInterruptibly();
    assertLockedByMe(kind, lock);
    try (TestThreads threads = new TestThreads()) {
      Thread waiter =
          threads.start(
              "waiter",
              () -> assertThatThrownBy(() -> lock.lock().lockInterruptibly()).isInstanceOf(InterruptedException.class));
      awaitQueued(lock, waiter);
      waiter.interrupt();
      assertThat(lock.isLocked()).isTrue();
      TestThreads.join(waiter);
    }
    assertLockedByMe(kind, lock);
    lock.lock().unlock();
    assertNotLocked(lock);
  }

  // TCK ReentrantLockTest.testLockInterruptibly (interrupt status on entry)
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void lockInterruptibly_interruptedOnEntry_throwsWithoutTakingIt(LockKind kind) {
    LockUnderTest lock = kind.create();
    Thread.currentThread().interrupt();

    assertThatThrownBy(() -> lock.lock().lockInterruptibly()).isInstanceOf(InterruptedException.class);

    assertThat(Thread.interrupted()).isFalse();
    assertThat(lock.isLocked()).isFalse();
  }

  // TCK ReentrantLockTest.testTryLock_Interruptible (and the untimed form);
  // ReentrantReadWriteLockTest.testWriteLockInterruptibly_Interruptible, testWriteTryLock_Interruptible
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void lockInterruptibly_interruptedWhileWaiting_throwsAndLeavesQueue(LockKind kind) throws Exception {
    LockUnderTest lock = kind.create();
    lock.lock().lock();
    try (TestThreads threads = new TestThreads()) {
      Thread plain =
          threads.start(
              "interruptible",
              () -> assertThatThrownBy(() -> lock.lock().lockInterruptibly()).isInstanceOf(InterruptedException.class));
      Thread timed =
          threads.start(
              "timed",
              () ->
                  assertThatThrownBy(() -> lock.lock().tryLock(1, TimeUnit.DAYS))
                      .isInstanceOf(InterruptedException.class));
      awaitQueued(lock, plain);
      awaitQueued(lock, timed);
      plain.interrupt();
      timed.interrupt();
      TestThreads.join(plain);
      TestThreads.join(timed);
    }
    assertThat(lock.hasQueuedThreads()).isFalse();
    lock.lock().unlock();
    assertNotLocked(lock);
  }

  // TCK ReentrantLockTest.testUnlock_IMSE, ReentrantReadWriteLockTest.testWriteUnlock_IMSE; CPython
  // lock_tests.py RLockTests.test_release_unacquired (first half)
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void unlock_unlocked_throws(LockKind kind) {
    LockUnderTest lock = kind.create();

    assertThatThrownBy(() -> lock.lock().unlock())
        .isInstanceOf(kind.owned() ? IllegalMonitorStateException.class : IllegalStateException.class);

    assertThat(lock.isLocked()).isFalse();
  }

  // TCK ReentrantLockTest.testUnlock_IMSE: our message says what to do
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.concurrency.sync.LockKind#allOurs")
  void unlock_unlocked_saysTheLockIsNotHeld(LockKind kind) {
    LockUnderTest lock = kind.create();
    assertThatThrownBy(() -> lock.lock().unlock()).hasMessageContaining("not");
  }

  // TCK (ReentrantLock's unlock contract); CPython RLockTests.test_different_thread
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.concurrency.sync.LockKind#allOwned")
  void unlock_byAnotherThreadThanTheOwner_throwsIfOwned(LockKind kind) throws Exception {
    LockUnderTest lock = kind.create();
    lock.lock().lock();
    try (TestThreads threads = new TestThreads()) {
      threads.start(
          "stranger",
          () -> assertThatThrownBy(() -> lock.lock().unlock()).isInstanceOf(IllegalMonitorStateException.class));
    }
    assertLockedByMe(kind, lock);
    lock.lock().unlock();
  }

  // CPython LockTests.test_different_thread: Python's Lock may be released by any thread
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.concurrency.sync.LockKind#allOwnerless")
  void unlock_byAnotherThread_releasesIfOwnerless(LockKind kind) throws Exception {
    LockUnderTest lock = kind.create();
    lock.lock().lock();
    try (TestThreads threads = new TestThreads()) {
      threads.start("releaser", () -> lock.lock().unlock());
    }
    assertThat(lock.isLocked()).isFalse();
    assertThat(lock.lock().tryLock()).isTrue();
    lock.lock().unlock();
  }

  // TCK ReentrantLockTest.testGetHoldCount; CPython RLockTests.test_reacquire, test_release_unacquired,
  // test_recursion_count (first half), test_locked
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.concurrency.sync.LockKind#allReentrant")
  void lock_again_nestsIfReentrant(LockKind kind) throws Exception {
    LockUnderTest lock = kind.create();
    for (int i = 1; i <= 3; i++) {
      lock.lock().lock();
      assertThat(lock.holdCount()).isEqualTo(i);
    }
    assertThat(lock.lock().tryLock()).isTrue();
    assertThat(lock.lock().tryLock(1, TimeUnit.MILLISECONDS)).isTrue();
    lock.lock().lockInterruptibly();
    for (int i = 6; i >= 1; i--) {
      assertThat(lock.isHeldByCurrentThread()).isTrue();
      assertThat(lock.isLocked()).isTrue();
      lock.lock().unlock();
      assertThat(lock.holdCount()).isEqualTo(i - 1);
    }
    assertThat(lock.isLocked()).isFalse();
    assertThatThrownBy(() -> lock.lock().unlock()).isInstanceOf(IllegalMonitorStateException.class);
  }

  // TCK ReentrantLockTest.testGetHoldCount (a non-reentrant lock's count is 0 or 1)
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.concurrency.sync.LockKind#allOwnedNotReentrant")
  void getHoldCount_ofAnOwnedLock_isOneWhileHeld(LockKind kind) {
    LockUnderTest lock = kind.create();
    assertThat(lock.holdCount()).isZero();
    lock.lock().lock();
    assertThat(lock.holdCount()).isEqualTo(1);
    lock.lock().unlock();
    assertThat(lock.holdCount()).isZero();
  }

  // CPython RLockTests.test_recursion_count (second half), test__is_owned: another thread's holds are not mine
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.concurrency.sync.LockKind#allOwned")
  void holdsOfAnotherThread_areNotTheCallers(LockKind kind) throws Exception {
    LockUnderTest lock = kind.create();
    assertThat(lock.isHeldByCurrentThread()).isFalse();
    lock.lock().lock();
    AtomicReference<String> seen = new AtomicReference<>();
    try (TestThreads threads = new TestThreads()) {
      threads.start("other", () -> seen.set(lock.isHeldByCurrentThread() + "/" + lock.holdCount()));
    }
    assertThat(seen).hasValue("false/0");
    assertThat(lock.isHeldByCurrentThread()).isTrue();
    lock.lock().unlock();
    assertThat(lock.isHeldByCurrentThread()).isFalse();
  }

  // TCK ReentrantLockTest.testIsLocked; CPython RLockTests.test_locked_with_2threads
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void isLocked_seesHoldsOfEveryThread(LockKind kind) throws Exception {
    LockUnderTest lock = kind.create();
    assertThat(lock.isLocked()).isFalse();
    CyclicBarrier barrier = new CyclicBarrier(2);
    AtomicReference<Boolean> lockedBefore = new AtomicReference<>();
    try (TestThreads threads = new TestThreads()) {
      threads.start(
          "holder",
          () -> {
            lockedBefore.set(lock.isLocked());
            lock.lock().lock();
            assertThat(lock.isLocked()).isTrue();
            barrier.await(TestThreads.LONG.toSeconds(), TimeUnit.SECONDS);
            barrier.await(TestThreads.LONG.toSeconds(), TimeUnit.SECONDS);
            lock.lock().unlock();
          });
      barrier.await(TestThreads.LONG.toSeconds(), TimeUnit.SECONDS);
      assertThat(lock.isLocked()).isTrue();
      assertThat(lock.isHeldByCurrentThread()).isFalse();
      barrier.await(TestThreads.LONG.toSeconds(), TimeUnit.SECONDS);
    }
    assertThat(lockedBefore).hasValue(false);
    assertThat(lock.isLocked()).isFalse();
  }

  // Ours: CPython's Lock would hang here; an owned, non-reentrant mutex says so instead
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.concurrency.sync.LockKind#allOwnedNotReentrant")
  void lock_againByOwner_throwsIfNotReentrant(LockKind kind) {
    Lock mutex = kind.create().lock();
    mutex.lock();

    assertThatThrownBy(mutex::lock).isInstanceOf(IllegalStateException.class).hasMessageContaining("not reentrant");
    assertThatThrownBy(mutex::lockInterruptibly).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> mutex.tryLock(1, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
    assertThat(mutex.tryLock()).isFalse();

    mutex.unlock();
  }

  // CPython LockTests.test_reacquire: a second acquire by the holder waits until someone releases
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.concurrency.sync.LockKind#allOwnerless")
  void lock_againByHolder_waitsForAnyReleaseIfOwnerless(LockKind kind) throws Exception {
    LockUnderTest lock = kind.create();
    CountDownLatch firstTaken = new CountDownLatch(1);
    AtomicInteger phase = new AtomicInteger();
    try (TestThreads threads = new TestThreads()) {
      Thread holder =
          threads.start(
              "holder",
              () -> {
                lock.lock().lock();
                phase.set(1);
                firstTaken.countDown();
                lock.lock().lock();
                phase.set(2);
              });
      firstTaken.await();
      TestThreads.await("holder queues again", () -> lock.hasQueuedThread(holder));
      assertThat(phase).hasValue(1);
      lock.lock().unlock();
    }
    assertThat(phase).hasValue(2);
    lock.lock().unlock();
  }

  // Ours, after TCK ReentrantLockTest's fair-lock cases: a fair lock is handed over in arrival order
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.concurrency.sync.LockKind#allFair")
  void lock_fair_grantsInArrivalOrder(LockKind kind) throws Exception {
    LockUnderTest lock = kind.create();
    List<String> order = new CopyOnWriteArrayList<>();
    lock.lock().lock();
    try (TestThreads threads = new TestThreads()) {
      for (int i = 0; i < 3; i++) {
        String name = "t" + i;
        Thread thread =
            threads.start(
                name,
                () -> {
                  lock.lock().lock();
                  order.add(name);
                  lock.lock().unlock();
                });
        awaitQueued(lock, thread);
      }
      lock.lock().unlock();
    }
    assertThat(order).containsExactly("t0", "t1", "t2");
  }

  // CPython BaseLockTests.test_with: the lock is released however the block ends
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void unlockInFinally_afterAnException_leavesTheLockFree(LockKind kind) throws Exception {
    LockUnderTest lock = kind.create();
    assertThatThrownBy(
            () -> {
              lock.lock().lock();
              try {
                throw new IllegalArgumentException("raised inside the block");
              } finally {
                lock.lock().unlock();
              }
            })
        .hasMessage("raised inside the block");
    AtomicInteger taken = new AtomicInteger();
    try (TestThreads threads = new TestThreads()) {
      threads.start(
          "next",
          () -> {
            lock.lock().lock();
            taken.incrementAndGet();
            lock.lock().unlock();
          });
    }
    assertThat(taken).hasValue(1);
  }

  // Mutual exclusion and visibility: increments under the lock are never lost
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void lock_manyThreadsIncrementing_loseNoUpdate(LockKind kind) throws Exception {
    LockUnderTest lock = kind.create();
    int[] counter = {0};
    try (TestThreads threads = new TestThreads()) {
      for (int t = 0; t < 4; t++) {
        threads.start(
            "incrementer-" + t,
            () -> {
              for (int i = 0; i < 5_000; i++) {
                lock.lock().lock();
                try {
                  counter[0]++;
                } finally {
                  lock.lock().unlock();
                }
              }
            });
      }
    }
    lock.lock().lock();
    try {
      assertThat(counter[0]).isEqualTo(20_000);
    } finally {
      lock.lock().unlock();
    }
  }

  // TCK ReentrantLockTest.testToString, ReentrantReadWriteLockTest.testWriteLockToString; CPython lock_tests.py
  // BaseLockTests.test_repr, test_locked_repr, RLockTests.test_repr_count
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void toString_showsTheState(LockKind kind) throws Exception {
    LockUnderTest lock = kind.create();
    assertThat(lock.toString()).contains("Unlocked");
    lock.lock().lock();
    assertThat(lock.toString()).contains("Locked").doesNotContain("Unlocked");
    if (kind.owned()) {
      assertThat(lock.toString()).contains("Locked by thread " + Thread.currentThread().getName());
    }
    if (kind.reentrant() && kind.ours() && !(lock instanceof LockUnderTest.WriteSide)) {
      lock.lock().lock();
      AtomicReference<String> shown = new AtomicReference<>();
      try (TestThreads threads = new TestThreads()) {
        threads.start("other", () -> shown.set(lock.toString()));
      }
      assertThat(shown.get()).contains("count=2");
      lock.lock().unlock();
    }
    lock.lock().unlock();
    assertThat(lock.toString()).contains("Unlocked");
  }

  // TCK ReentrantLockTest.testSerialization: a serialized lock comes back unlocked, with the same fairness
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.concurrency.sync.LockKind#allUntracked")
  void serialization_givesBackAnUnlockedLockOfTheSameKind(LockKind kind) throws Exception {
    LockUnderTest lock = kind.create();
    lock.lock().lock();

    LockUnderTest copy = SerializationTest.copyOf(lock);

    assertThat(copy.isFair()).isEqualTo(lock.isFair());
    assertThat(copy.lock().getClass()).isEqualTo(lock.lock().getClass());
    assertThat(lock.isLocked()).isTrue();
    assertThat(copy.isLocked()).isFalse();
    assertThat(copy.holdCount()).isZero();
    copy.lock().lock();
    if (kind.reentrant()) {
      copy.lock().lock();
      assertThat(copy.holdCount()).isEqualTo(2);
      copy.lock().unlock();
    }
    assertThat(copy.isLocked()).isTrue();
    copy.lock().unlock();
    assertThat(copy.isLocked()).isFalse();
    assertThat(lock.isLocked()).isTrue();
    lock.lock().unlock();
  }

  // CPython BaseLockTests.test_acquire_destroy and test_weakref_deleted: a lock nobody refers to is collected,
  // held or not (an untracked one: a detector still knows a tracked lock that is held, since it is)
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.concurrency.sync.LockKind#allUntracked")
  void lock_noLongerReferenced_isCollectedEvenIfHeld(LockKind kind) {
    LockUnderTest lock = kind.create();
    lock.lock().lock();
    java.lang.ref.WeakReference<Lock> reference = new java.lang.ref.WeakReference<>(lock.lock());
    lock = null;
    TestThreads.await(
        "the lock is collected",
        () -> {
          System.gc();
          return reference.get() == null;
        });
  }

  // CPython BaseLockTests.test_thread_leak: a lock used from many short-lived threads keeps none of them. Here the
  // ended threads must be collectable while the lock, tracked or not, lives on (a detector forgets a thread
  // that holds nothing).
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void lock_usedFromThreadsThatEnded_keepsNoneOfThem(LockKind kind) throws Exception {
    LockUnderTest lock = kind.create();
    List<WeakReference<Thread>> ended = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      ended.add(lockAndUnlockIn("user-" + i, lock.lock()));
    }
    TestThreads.await(
        "the ended threads are collected",
        () -> {
          System.gc();
          return ended.stream().allMatch(reference -> reference.get() == null);
        });
    lock.lock().lock();
    assertThat(lock.isLocked()).isTrue();
    lock.lock().unlock();
  }

  /** Runs one lock/unlock in a new thread, joins it, and hands back only a weak reference to it. */
  private static WeakReference<Thread> lockAndUnlockIn(String name, Lock lock) throws InterruptedException {
    Thread thread =
        new Thread(
            () -> {
              lock.lock();
              lock.unlock();
            },
            name);
    thread.start();
    TestThreads.join(thread);
    return new WeakReference<>(thread);
  }
}
