package dev.concurrency.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lock contract, run on every exclusive lock of the module, fair and barging, plain and tracked. Cases
 * are rewritten from the JSR-166 TCK ({@code ReentrantLockTest}, {@code AbstractQueuedSynchronizerTest}) and
 * CPython's {@code Lib/test/lock_tests.py}; each names its source.
 */
@Timeout(30)
final class LockContractTest {

  private static final String KINDS = "dev.concurrency.sync.LockKind#all";

  // TCK ReentrantLockTest.testLock; CPython lock_tests.py BaseLockTests.test_acquire_release
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void lock_free_takesItAndUnlockFreesIt(LockKind kind) {
    AbstractMutex lock = kind.create();
    assertThat(lock.isLocked()).isFalse();

    lock.lock();
    assertThat(lock.isLocked()).isTrue();
    lock.unlock();

    assertThat(lock.isLocked()).isFalse();
  }

  // TCK ReentrantLockTest.testTryLock; CPython BaseLockTests.test_try_acquire_contended
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void tryLock_heldByAnotherThread_returnsFalse(LockKind kind) throws Exception {
    AbstractMutex lock = kind.create();
    lock.lock();
    AtomicInteger got = new AtomicInteger(-1);
    try (TestThreads threads = new TestThreads()) {
      threads.start("trier", () -> got.set(lock.tryLock() ? 1 : 0));
    }
    assertThat(got).hasValue(0);
    lock.unlock();
    assertThat(lock.tryLock()).isTrue();
    lock.unlock();
  }

  // CPython BaseLockTests.test_acquire_contended: every waiter proceeds once the holder releases
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void lock_heldByAnotherThread_waitsUntilReleased(LockKind kind) throws Exception {
    AbstractMutex lock = kind.create();
    AtomicInteger finished = new AtomicInteger();
    lock.lock();
    try (TestThreads threads = new TestThreads()) {
      for (int i = 0; i < 5; i++) {
        threads.start(
            "waiter-" + i,
            () -> {
              lock.lock();
              lock.unlock();
              finished.incrementAndGet();
            });
      }
      TestThreads.await("five threads queue", () -> lock.getQueueLength() == 5);
      assertThat(finished).hasValue(0);
      assertThat(lock.hasQueuedThreads()).isTrue();
      lock.unlock();
    }
    assertThat(finished).hasValue(5);
    assertThat(lock.hasQueuedThreads()).isFalse();
  }

  // TCK ReentrantLockTest.testTryLock_Timeout; CPython LockTests.test_state_after_timeout
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void tryLockTimed_heldThroughout_timesOutAndLeavesLockUsable(LockKind kind) throws Exception {
    AbstractMutex lock = kind.create();
    lock.lock();
    try (TestThreads threads = new TestThreads()) {
      threads.start(
          "timed",
          () -> {
            long start = System.nanoTime();
            assertThat(lock.tryLock(TestThreads.SHORT.toMillis(), TimeUnit.MILLISECONDS)).isFalse();
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TestThreads.SHORT.toNanos());
          });
    }
    lock.unlock();
    assertThat(lock.isLocked()).isFalse();
    assertThat(lock.tryLock(0, TimeUnit.NANOSECONDS)).isTrue();
    lock.unlock();
  }

  // TCK ReentrantLockTest.testLockInterruptibly_Interrupted (interrupt status on entry)
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void lockInterruptibly_interruptedOnEntry_throwsWithoutTakingIt(LockKind kind) {
    AbstractMutex lock = kind.create();
    Thread.currentThread().interrupt();

    assertThatThrownBy(lock::lockInterruptibly).isInstanceOf(InterruptedException.class);

    assertThat(Thread.interrupted()).isFalse();
    assertThat(lock.isLocked()).isFalse();
  }

  // TCK ReentrantLockTest.testLockInterruptibly_Interruptible and testTryLock_Interruptible
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void lockInterruptibly_interruptedWhileWaiting_throwsAndLeavesQueue(LockKind kind) throws Exception {
    AbstractMutex lock = kind.create();
    lock.lock();
    try (TestThreads threads = new TestThreads()) {
      Thread plain =
          threads.start(
              "interruptible",
              () -> assertThatThrownBy(lock::lockInterruptibly).isInstanceOf(InterruptedException.class));
      Thread timed =
          threads.start(
              "timed",
              () ->
                  assertThatThrownBy(() -> lock.tryLock(1, TimeUnit.DAYS))
                      .isInstanceOf(InterruptedException.class));
      TestThreads.await("both queue", () -> lock.hasQueuedThread(plain) && lock.hasQueuedThread(timed));
      plain.interrupt();
      timed.interrupt();
      TestThreads.join(plain);
      TestThreads.join(timed);
    }
    assertThat(lock.hasQueuedThreads()).isFalse();
    lock.unlock();
  }

  // TCK ReentrantLockTest.testUnlock_IMSE; CPython RLockTests.test_different_thread
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void unlock_byAnotherThreadThanTheOwner_throwsIfOwned(LockKind kind) throws Exception {
    assumeTrue(kind.owned(), "owned locks only");
    AbstractMutex lock = kind.create();
    lock.lock();
    try (TestThreads threads = new TestThreads()) {
      threads.start(
          "stranger",
          () ->
              assertThatThrownBy(lock::unlock)
                  .isInstanceOf(IllegalMonitorStateException.class)
                  .hasMessageContaining("only the owner may release"));
    }
    assertThat(lock.isLocked()).isTrue();
    lock.unlock();
  }

  // CPython LockTests.test_different_thread: Python's Lock may be released by any thread
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void unlock_byAnotherThread_releasesIfOwnerless(LockKind kind) throws Exception {
    assumeTrue(!kind.owned(), "ownerless locks only");
    AbstractMutex lock = kind.create();
    lock.lock();
    try (TestThreads threads = new TestThreads()) {
      threads.start("releaser", lock::unlock);
    }
    assertThat(lock.isLocked()).isFalse();
    assertThat(lock.tryLock()).isTrue();
    lock.unlock();
  }

  // CPython RLockTests.test_release_unacquired; TCK AbstractQueuedSynchronizerTest (release when free)
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void unlock_unlocked_throws(LockKind kind) {
    AbstractMutex lock = kind.create();

    assertThatThrownBy(lock::unlock)
        .isInstanceOf(kind.owned() ? IllegalMonitorStateException.class : IllegalStateException.class)
        .hasMessageContaining("not locked");

    assertThat(lock.isLocked()).isFalse();
  }

  // CPython RLockTests.test_reacquire; TCK ReentrantLockTest.testGetHoldCount
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void lock_again_nestsIfReentrant(LockKind kind) throws Exception {
    assumeTrue(kind.reentrant(), "reentrant locks only");
    ReentrantMutex lock = (ReentrantMutex) kind.create();
    for (int i = 1; i <= 3; i++) {
      lock.lock();
      assertThat(lock.getHoldCount()).isEqualTo(i);
    }
    assertThat(lock.tryLock()).isTrue();
    assertThat(lock.tryLock(1, TimeUnit.MILLISECONDS)).isTrue();
    lock.lockInterruptibly();
    for (int i = 6; i >= 1; i--) {
      assertThat(lock.isHeldByCurrentThread()).isTrue();
      lock.unlock();
      assertThat(lock.getHoldCount()).isEqualTo(i - 1);
    }
    assertThat(lock.isLocked()).isFalse();
    assertThatThrownBy(lock::unlock).isInstanceOf(IllegalMonitorStateException.class);
  }

  // Ours: CPython's Lock would hang here; an owned, non-reentrant mutex says so instead
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void lock_againByOwner_throwsIfNotReentrant(LockKind kind) {
    assumeTrue(kind.owned() && !kind.reentrant(), "owned non-reentrant locks only");
    Mutex mutex = (Mutex) kind.create();
    mutex.lock();

    assertThatThrownBy(mutex::lock)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not reentrant");
    assertThatThrownBy(mutex::lockInterruptibly).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> mutex.tryLock(1, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
    assertThat(mutex.tryLock()).isFalse();
    assertThat(mutex.isHeldByCurrentThread()).isTrue();

    mutex.unlock();
    assertThat(mutex.isHeldByCurrentThread()).isFalse();
  }

  // CPython LockTests.test_reacquire: a second acquire by the holder waits until someone releases
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void lock_againByHolder_waitsForAnyReleaseIfOwnerless(LockKind kind) throws Exception {
    assumeTrue(!kind.owned(), "ownerless locks only");
    AbstractMutex lock = kind.create();
    CountDownLatch firstTaken = new CountDownLatch(1);
    AtomicInteger phase = new AtomicInteger();
    try (TestThreads threads = new TestThreads()) {
      Thread holder =
          threads.start(
              "holder",
              () -> {
                lock.lock();
                phase.set(1);
                firstTaken.countDown();
                lock.lock();
                phase.set(2);
              });
      firstTaken.await();
      TestThreads.await("holder queues again", () -> lock.hasQueuedThread(holder));
      assertThat(phase).hasValue(1);
      lock.unlock();
    }
    assertThat(phase).hasValue(2);
    lock.unlock();
  }

  // Ours, after TCK ReentrantLockTest's fair-lock queue tests: a fair lock is handed over in arrival order
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void lock_fair_grantsInArrivalOrder(LockKind kind) throws Exception {
    AbstractMutex lock = kind.create();
    assumeTrue(lock.isFair(), "fair locks only");
    List<String> order = new CopyOnWriteArrayList<>();
    lock.lock();
    try (TestThreads threads = new TestThreads()) {
      for (int i = 0; i < 3; i++) {
        String name = "t" + i;
        Thread thread =
            threads.start(
                name,
                () -> {
                  lock.lock();
                  order.add(name);
                  lock.unlock();
                });
        TestThreads.await(name + " queues", () -> lock.hasQueuedThread(thread));
      }
      lock.unlock();
    }
    assertThat(order).containsExactly("t0", "t1", "t2");
  }

  // Mutual exclusion and visibility: increments under the lock are never lost
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void lock_manyThreadsIncrementing_loseNoUpdate(LockKind kind) throws Exception {
    AbstractMutex lock = kind.create();
    int[] counter = {0};
    try (TestThreads threads = new TestThreads()) {
      for (int t = 0; t < 4; t++) {
        threads.start(
            "incrementer-" + t,
            () -> {
              for (int i = 0; i < 5_000; i++) {
                lock.lock();
                try {
                  counter[0]++;
                } finally {
                  lock.unlock();
                }
              }
            });
      }
    }
    lock.lock();
    try {
      assertThat(counter[0]).isEqualTo(20_000);
    } finally {
      lock.unlock();
    }
  }

  // TCK ReentrantLockTest.testAwait_IMSE and testSignal_IMSE; CPython ConditionTests.test_unacquired_wait
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void condition_withoutHoldingLock_throwsIllegalMonitorState(LockKind kind) {
    assumeTrue(kind.owned(), "owned locks only");
    Condition condition = kind.create().newCondition();

    assertThatThrownBy(condition::await).isInstanceOf(IllegalMonitorStateException.class);
    assertThatThrownBy(condition::signal).isInstanceOf(IllegalMonitorStateException.class);
    assertThatThrownBy(condition::signalAll).isInstanceOf(IllegalMonitorStateException.class);
  }

  // Ours: an ownerless lock has nobody to give the lock back to after a wait
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void newCondition_ownerless_isUnsupported(LockKind kind) {
    assumeTrue(!kind.owned(), "ownerless locks only");
    AbstractMutex lock = kind.create();

    assertThatThrownBy(lock::newCondition)
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("use Mutex");
  }

  // TCK ReentrantLockTest.testAwaitNanos_Timeout
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void conditionAwaitNanos_noSignal_timesOutHoldingLock(LockKind kind) throws Exception {
    assumeTrue(kind.owned(), "owned locks only");
    AbstractMutex lock = kind.create();
    Condition condition = lock.newCondition();
    lock.lock();
    try {
      long left = condition.awaitNanos(TestThreads.SHORT.toNanos());
      assertThat(left).isLessThanOrEqualTo(0);
      assertThat(lock.isLocked()).isTrue();
    } finally {
      lock.unlock();
    }
  }

  // TCK ReentrantLockTest.testSignalAll and testAwaitLockCount: waiting releases every hold, waking restores
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void conditionSignalAll_wakesEveryWaiterWithItsHoldsRestored(LockKind kind) throws Exception {
    assumeTrue(kind.owned(), "owned locks only");
    AbstractMutex lock = kind.create();
    Condition condition = lock.newCondition();
    AtomicInteger waiting = new AtomicInteger();
    AtomicInteger woken = new AtomicInteger();
    int holds = kind.reentrant() ? 2 : 1;
    try (TestThreads threads = new TestThreads()) {
      for (int i = 0; i < 2; i++) {
        threads.start(
            "waiter-" + i,
            () -> {
              for (int h = 0; h < holds; h++) {
                lock.lock();
              }
              try {
                waiting.incrementAndGet();
                while (woken.get() == 0) {
                  condition.await();
                }
                if (lock instanceof ReentrantMutex reentrant) {
                  assertThat(reentrant.getHoldCount()).isEqualTo(holds);
                }
              } finally {
                for (int h = 0; h < holds; h++) {
                  lock.unlock();
                }
              }
            });
      }
      TestThreads.await("both wait", () -> waiting.get() == 2 && lock.tryLock());
      try {
        assertThat(lock.isLocked()).isTrue();
        woken.set(1);
        condition.signalAll();
      } finally {
        lock.unlock();
      }
    }
    assertThat(lock.isLocked()).isFalse();
  }
}
