package dev.concurrency.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@link Condition} contract of the locks with an owner, written once and run on every such lock and on
 * the JDK's {@code ReentrantLock} as a control; rewritten from the JSR-166 TCK's {@code ReentrantLockTest}
 * (the same cases are in {@code ReentrantReadWriteLockTest} for its write lock, which is one of the kinds).
 */
@Timeout(30)
final class LockConditionContractTest {

  private static final String KINDS = "dev.concurrency.sync.LockConditionContractTest#ownedKinds";
  private static final long LONG_MILLIS = TestThreads.LONG.toMillis();

  static Stream<LockKind> ownedKinds() {
    return LockKind.all().stream().filter(LockKind::owned);
  }

  /** The four ways to wait on a condition, as the TCK's {@code AwaitMethod}. */
  enum AwaitMethod {
    AWAIT,
    AWAIT_TIMED,
    AWAIT_NANOS,
    AWAIT_UNTIL;

    /** Waits "indefinitely" this way; the timed forms must end by a signal, well before their timeout. */
    void await(Condition condition) throws InterruptedException {
      long timeoutMillis = 2 * LONG_MILLIS;
      switch (this) {
        case AWAIT -> condition.await();
        case AWAIT_TIMED -> assertThat(condition.await(timeoutMillis, TimeUnit.MILLISECONDS)).isTrue();
        case AWAIT_NANOS -> {
          long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
          long left = condition.awaitNanos(nanos);
          assertThat(left).isGreaterThan(nanos / 2).isLessThanOrEqualTo(nanos);
        }
        case AWAIT_UNTIL ->
            assertThat(condition.awaitUntil(new Date(System.currentTimeMillis() + timeoutMillis))).isTrue();
      }
    }
  }

  static Stream<Arguments> ownedKindsAndAwaitMethods() {
    return ownedKinds().flatMap(kind -> Stream.of(AwaitMethod.values()).map(method -> Arguments.of(kind, method)));
  }

  /** The TCK's assertHasWaiters: checked under the lock (taken here unless held), by every monitoring method. */
  private static void assertWaiters(LockUnderTest lock, Condition condition, Thread... threads) {
    boolean take = !lock.isHeldByCurrentThread();
    if (take) {
      lock.lock().lock();
    }
    try {
      assertThat(lock.hasWaiters(condition)).isEqualTo(threads.length > 0);
      assertThat(lock.waitQueueLength(condition)).isEqualTo(threads.length);
      assertThat(lock.waitingThreads(condition)).containsExactlyInAnyOrder(threads);
    } finally {
      if (take) {
        lock.lock().unlock();
      }
    }
  }

  // TCK ReentrantLockTest.testAwait_IMSE; CPython lock_tests.py RLockTests.test_release_save_unacquired (the
  // RLock method a Condition's wait uses refuses a lock not held, as await does here)
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void await_withoutHoldingTheLock_throwsAtOnce(LockKind kind) {
    Condition condition = kind.create().lock().newCondition();
    for (AwaitMethod method : AwaitMethod.values()) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> method.await(condition)).isInstanceOf(IllegalMonitorStateException.class);
      assertThat(System.nanoTime() - start).isLessThan(TestThreads.LONG.toNanos());
    }
  }

  // TCK ReentrantLockTest.testSignal_IMSE (and signalAll, ReentrantReadWriteLockTest.testSignalAll_IMSE)
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void signal_withoutHoldingTheLock_throws(LockKind kind) {
    Condition condition = kind.create().lock().newCondition();
    assertThatThrownBy(condition::signal).isInstanceOf(IllegalMonitorStateException.class);
    assertThatThrownBy(condition::signalAll).isInstanceOf(IllegalMonitorStateException.class);
  }

  // TCK ReentrantLockTest.testAwaitNanos_Timeout, testAwait_Timeout, testAwaitUntil_Timeout
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void timedAwaits_noSignal_timeOutHoldingTheLock(LockKind kind) throws Exception {
    LockUnderTest lock = kind.create();
    Condition condition = lock.lock().newCondition();
    long timeout = TestThreads.SHORT.toNanos();
    lock.lock().lock();
    try {
      long start = System.nanoTime();
      assertThat(condition.awaitNanos(timeout)).isLessThanOrEqualTo(0);
      assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(timeout);

      start = System.nanoTime();
      assertThat(condition.await(timeout, TimeUnit.NANOSECONDS)).isFalse();
      assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(timeout);

      Date deadline = new Date(System.currentTimeMillis() + TestThreads.SHORT.toMillis());
      assertThat(condition.awaitUntil(deadline)).isFalse();
      assertThat(new Date().getTime()).isGreaterThanOrEqualTo(deadline.getTime());
      LockContractTest.assertLockedByMe(kind, lock);
    } finally {
      lock.lock().unlock();
    }
  }

  // TCK ReentrantLockTest.testAwait and testHasWaiters
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void await_returnsWhenSignalled_andWaitersAreReported(LockKind kind) throws Exception {
    LockUnderTest lock = kind.create();
    Condition condition = lock.lock().newCondition();
    CountDownLatch pleaseSignal = new CountDownLatch(1);
    try (TestThreads threads = new TestThreads()) {
      Thread waiter =
          threads.start(
              "waiter",
              () -> {
                lock.lock().lock();
                try {
                  assertThat(lock.hasWaiters(condition)).isFalse();
                  pleaseSignal.countDown();
                  condition.await();
                  assertThat(lock.hasWaiters(condition)).isFalse();
                } finally {
                  lock.lock().unlock();
                }
              });
      pleaseSignal.await();
      lock.lock().lock();
      try {
        assertWaiters(lock, condition, waiter);
        condition.signal();
        assertWaiters(lock, condition);
        assertThat(waiter.isAlive()).isTrue();
      } finally {
        lock.lock().unlock();
      }
    }
    assertWaiters(lock, condition);
  }

  // TCK ReentrantLockTest.testHasWaitersNPE, testGetWaitQueueLengthNPE, testGetWaitingThreadsNPE
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void conditionMonitors_null_throwNullPointer(LockKind kind) {
    LockUnderTest lock = kind.create();
    Condition none = nullCondition();
    assertThatThrownBy(() -> lock.hasWaiters(none)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> lock.waitQueueLength(none)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> lock.waitingThreads(none)).isInstanceOf(NullPointerException.class);
  }

  private static Condition nullCondition() {
    return null;
  }

  // TCK ReentrantLockTest.testHasWaitersIAE, testGetWaitQueueLengthIAE, testGetWaitingThreadsIAE
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void conditionMonitors_conditionOfAnotherLock_throwIllegalArgument(LockKind kind) {
    Condition foreign = kind.create().lock().newCondition();
    LockUnderTest lock = kind.create();
    assertThatThrownBy(() -> lock.hasWaiters(foreign)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> lock.waitQueueLength(foreign)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> lock.waitingThreads(foreign)).isInstanceOf(IllegalArgumentException.class);
  }

  // TCK ReentrantLockTest.testHasWaitersIMSE, testGetWaitQueueLengthIMSE, testGetWaitingThreadsIMSE
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void conditionMonitors_withoutHoldingTheLock_throwIllegalMonitorState(LockKind kind) {
    LockUnderTest lock = kind.create();
    Condition condition = lock.lock().newCondition();
    assertThatThrownBy(() -> lock.hasWaiters(condition)).isInstanceOf(IllegalMonitorStateException.class);
    assertThatThrownBy(() -> lock.waitQueueLength(condition)).isInstanceOf(IllegalMonitorStateException.class);
    assertThatThrownBy(() -> lock.waitingThreads(condition)).isInstanceOf(IllegalMonitorStateException.class);
  }

  // TCK ReentrantLockTest.testGetWaitQueueLength and testGetWaitingThreads
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void waitQueue_countsAndListsOnlyTheWaitingThreads(LockKind kind) throws Exception {
    LockUnderTest lock = kind.create();
    Condition condition = lock.lock().newCondition();
    assertWaiters(lock, condition);
    CountDownLatch firstWaits = new CountDownLatch(1);
    CountDownLatch secondWaits = new CountDownLatch(1);
    try (TestThreads threads = new TestThreads()) {
      Thread first =
          threads.start(
              "first",
              () -> {
                lock.lock().lock();
                try {
                  assertThat(lock.waitQueueLength(condition)).isZero();
                  assertThat(lock.waitingThreads(condition)).isEmpty();
                  firstWaits.countDown();
                  condition.await();
                } finally {
                  lock.lock().unlock();
                }
              });
      firstWaits.await();
      assertWaiters(lock, condition, first);
      Thread second =
          threads.start(
              "second",
              () -> {
                lock.lock().lock();
                try {
                  assertThat(lock.waitQueueLength(condition)).isEqualTo(1);
                  assertThat(lock.waitingThreads(condition)).containsExactly(first);
                  secondWaits.countDown();
                  condition.await();
                } finally {
                  lock.lock().unlock();
                }
              });
      secondWaits.await();
      assertWaiters(lock, condition, first, second);
      lock.lock().lock();
      try {
        condition.signalAll();
        assertThat(lock.waitQueueLength(condition)).isZero();
      } finally {
        lock.lock().unlock();
      }
    }
    assertWaiters(lock, condition);
  }

  // TCK ReentrantLockTest.testAwaitUninterruptibly
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void awaitUninterruptibly_ignoresInterruptsButKeepsThem(LockKind kind) throws Exception {
    LockUnderTest lock = kind.create();
    Condition condition = lock.lock().newCondition();
    CountDownLatch pleaseInterrupt = new CountDownLatch(2);
    try (TestThreads threads = new TestThreads()) {
      Thread before =
          threads.start(
              "interrupted-before",
              () -> {
                lock.lock().lock();
                try {
                  pleaseInterrupt.countDown();
                  Thread.currentThread().interrupt();
                  condition.awaitUninterruptibly();
                  assertThat(Thread.interrupted()).isTrue();
                } finally {
                  lock.lock().unlock();
                }
              });
      Thread during =
          threads.start(
              "interrupted-during",
              () -> {
                lock.lock().lock();
                try {
                  pleaseInterrupt.countDown();
                  condition.awaitUninterruptibly();
                  assertThat(Thread.interrupted()).isTrue();
                } finally {
                  lock.lock().unlock();
                }
              });
      pleaseInterrupt.await();
      TestThreads.await("both wait", () -> waiters(lock, condition) == 2);
      during.interrupt();
      TestThreads.awaitBlocked(before);
      TestThreads.awaitBlocked(during);
      assertThat(before.isAlive() && during.isAlive()).isTrue();
      lock.lock().lock();
      try {
        condition.signalAll();
      } finally {
        lock.lock().unlock();
      }
    }
  }

  private static int waiters(LockUnderTest lock, Condition condition) {
    lock.lock().lock();
    try {
      return lock.waitQueueLength(condition);
    } finally {
      lock.lock().unlock();
    }
  }

  // TCK ReentrantLockTest.testInterruptible_await, _awaitTimed, _awaitNanos, _awaitUntil
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("ownedKindsAndAwaitMethods")
  void await_interrupted_throwsHoldingTheLockWithTheInterruptCleared(LockKind kind, AwaitMethod method)
      throws Exception {
    LockUnderTest lock = kind.create();
    Condition condition = lock.lock().newCondition();
    CountDownLatch pleaseInterrupt = new CountDownLatch(1);
    try (TestThreads threads = new TestThreads()) {
      Thread waiter =
          threads.start(
              "waiter",
              () -> {
                lock.lock().lock();
                try {
                  pleaseInterrupt.countDown();
                  assertThatThrownBy(() -> method.await(condition)).isInstanceOf(InterruptedException.class);
                  LockContractTest.assertLockedByMe(kind, lock);
                  assertThat(lock.hasWaiters(condition)).isFalse();
                } finally {
                  lock.lock().unlock();
                }
                assertThat(Thread.interrupted()).isFalse();
              });
      pleaseInterrupt.await();
      TestThreads.await("waiter waits", () -> waiters(lock, condition) == 1);
      waiter.interrupt();
    }
    LockContractTest.assertNotLocked(lock);
  }

  // TCK ReentrantLockTest.testSignalAll_await, _awaitTimed, _awaitNanos, _awaitUntil
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("ownedKindsAndAwaitMethods")
  void signalAll_wakesEveryWaiter(LockKind kind, AwaitMethod method) throws Exception {
    LockUnderTest lock = kind.create();
    Condition condition = lock.lock().newCondition();
    CountDownLatch pleaseSignal = new CountDownLatch(2);
    try (TestThreads threads = new TestThreads()) {
      List<Thread> waiters = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        waiters.add(
            threads.start(
                "waiter-" + i,
                () -> {
                  lock.lock().lock();
                  try {
                    pleaseSignal.countDown();
                    method.await(condition);
                  } finally {
                    lock.lock().unlock();
                  }
                }));
      }
      pleaseSignal.await();
      TestThreads.await("both wait", () -> waiters(lock, condition) == 2);
      lock.lock().lock();
      try {
        assertThat(lock.waitingThreads(condition)).containsExactlyInAnyOrderElementsOf(waiters);
        condition.signalAll();
        assertThat(lock.hasWaiters(condition)).isFalse();
      } finally {
        lock.lock().unlock();
      }
    }
  }

  // TCK ReentrantLockTest.testSignalWakesFifo
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void signal_wakesWaitersInFifoOrder(LockKind kind) throws Exception {
    LockUnderTest lock = kind.create();
    Condition condition = lock.lock().newCondition();
    try (TestThreads threads = new TestThreads()) {
      Thread first = threads.start("first", () -> awaitOnce(lock, condition));
      TestThreads.await("first waits", () -> waiters(lock, condition) == 1);
      Thread second = threads.start("second", () -> awaitOnce(lock, condition));
      TestThreads.await("second waits", () -> waiters(lock, condition) == 2);
      lock.lock().lock();
      try {
        assertThat(lock.hasQueuedThreads()).isFalse();
        condition.signal();
        assertThat(lock.waitingThreads(condition)).containsExactly(second);
        assertThat(lock.hasQueuedThread(first)).isTrue();
        assertThat(lock.hasQueuedThread(second)).isFalse();
        condition.signal();
        assertThat(lock.hasWaiters(condition)).isFalse();
        assertThat(lock.hasQueuedThread(first)).isTrue();
        assertThat(lock.hasQueuedThread(second)).isTrue();
      } finally {
        lock.lock().unlock();
      }
    }
  }

  private static void awaitOnce(LockUnderTest lock, Condition condition) throws InterruptedException {
    lock.lock().lock();
    try {
      condition.await();
    } finally {
      lock.lock().unlock();
    }
  }

  // TCK ReentrantLockTest.testAwaitLockCount: waiting releases every hold, waking restores them
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.concurrency.sync.LockKind#allReentrant")
  void await_releasesEveryHoldAndRestoresThem(LockKind kind) throws Exception {
    LockUnderTest lock = kind.create();
    Condition condition = lock.lock().newCondition();
    CountDownLatch pleaseSignal = new CountDownLatch(2);
    try (TestThreads threads = new TestThreads()) {
      for (int holds = 1; holds <= 2; holds++) {
        int count = holds;
        threads.start(
            "holds-" + holds,
            () -> {
              for (int h = 0; h < count; h++) {
                lock.lock().lock();
              }
              try {
                assertThat(lock.holdCount()).isEqualTo(count);
                pleaseSignal.countDown();
                condition.await();
                LockContractTest.assertLockedByMe(kind, lock);
                assertThat(lock.holdCount()).isEqualTo(count);
              } finally {
                for (int h = 0; h < count; h++) {
                  lock.lock().unlock();
                }
              }
            });
      }
      pleaseSignal.await();
      TestThreads.await("both wait", () -> waiters(lock, condition) == 2);
      lock.lock().lock();
      try {
        assertThat(lock.holdCount()).isEqualTo(1);
        condition.signalAll();
      } finally {
        lock.lock().unlock();
      }
    }
    LockContractTest.assertNotLocked(lock);
  }

  // TCK ReentrantLockTest.testBug8187408: awaiting without the lock, again and again, corrupts nothing
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void await_byARogueThreadWithoutTheLock_leavesTheWaitQueueIntact(LockKind kind) throws Exception {
    LockUnderTest lock = kind.create();
    Condition condition = lock.lock().newCondition();
    AwaitMethod method = AwaitMethod.values()[ThreadLocalRandom.current().nextInt(AwaitMethod.values().length)];
    int waiting = ThreadLocalRandom.current().nextInt(2, 6);
    CountDownLatch done = new CountDownLatch(waiting);
    try (TestThreads threads = new TestThreads()) {
      threads.start(
          "rogue",
          () -> {
            while (done.getCount() > 0) {
              assertThatThrownBy(() -> method.await(condition)).isInstanceOf(IllegalMonitorStateException.class);
            }
          });
      for (int i = 0; i < waiting; i++) {
        threads.start(
            "waiter-" + i,
            () -> {
              lock.lock().lock();
              try {
                done.countDown();
                condition.await();
              } finally {
                lock.lock().unlock();
              }
            });
      }
      assertThat(done.await(TestThreads.LONG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      TestThreads.await("all wait", () -> waiters(lock, condition) == waiting);
      lock.lock().lock();
      try {
        assertThat(lock.waitQueueLength(condition)).isEqualTo(waiting);
        condition.signalAll();
      } finally {
        lock.lock().unlock();
      }
    }
  }

  // TCK ReentrantLockTest.testBlockers: a parked thread's blocker is the lock's synchronizer, then the condition
  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void blocker_isTheSynchronizerWhileQueued_andTheConditionWhileWaiting(LockKind kind) throws Exception {
    LockUnderTest lock = kind.create();
    Condition condition = lock.lock().newCondition();
    AtomicBoolean satisfied = new AtomicBoolean();
    try (TestThreads threads = new TestThreads()) {
      lock.lock().lock();
      Thread waiter =
          threads.start(
              "waiter",
              () -> {
                lock.lock().lock();
                try {
                  while (!satisfied.get()) {
                    condition.await();
                  }
                } finally {
                  lock.lock().unlock();
                }
              });
      TestThreads.await(
          "waiter parks on the lock",
          () -> LockSupport.getBlocker(waiter) instanceof AbstractQueuedSynchronizer);
      lock.lock().unlock();
      TestThreads.await(
          "waiter parks on the condition",
          () -> LockSupport.getBlocker(waiter) instanceof AbstractQueuedSynchronizer.ConditionObject);
      lock.lock().lock();
      satisfied.set(true);
      condition.signal();
      lock.lock().unlock();
    }
  }
}
