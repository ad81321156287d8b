package dev.concurrency.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Python's {@code threading.Condition} contract, rewritten from CPython's {@code lock_tests.py}
 * {@code ConditionTests}, plus what the Java form adds (timed and non-blocking acquisition, the waiters'
 * monitoring, a signal that is never lost).
 */
@Timeout(60)
final class ConditionVariableTest {

  // CPython lock_tests.py ConditionTests.test_acquire (first half): the default lock is reentrant
  @Test
  void create_defaultLock_isReentrant() throws Exception {
    ConditionVariable cv = ConditionVariable.create();
    cv.acquire();
    cv.acquire();
    assertThat(((ReentrantMutex) cv.lock()).getHoldCount()).isEqualTo(2);
    cv.release();
    cv.release();
    assertThat(((ReentrantMutex) cv.lock()).isLocked()).isFalse();
  }

  // CPython ConditionTests.test_acquire (second half): a given lock is the one taken, with acquire(False)
  // and `with`. Difference on purpose: Python accepts a plain ownerless Lock; here the lock needs an owner
  // (a Mutex stands in for it), and an OwnerlessLock is refused.
  @Test
  void using_givenLock_takesThatLock_blockingOrNot() throws Exception {
    Mutex mutex = Mutex.create();
    ConditionVariable cv = ConditionVariable.using(mutex);
    cv.acquire();
    assertThat(mutex.isHeldByCurrentThread()).isTrue();
    try (TestThreads threads = new TestThreads()) {
      threads.start("other", () -> assertThat(mutex.tryLock()).isFalse());
    }
    cv.release();
    assertThat(mutex.tryLock()).isTrue();
    try (TestThreads threads = new TestThreads()) {
      threads.start(
          "other",
          () -> {
            assertThat(cv.tryAcquire()).isFalse();
            assertThat(cv.tryAcquire(Duration.ofMillis(1))).isFalse();
          });
    }
    mutex.unlock();
    assertThat(cv.tryAcquire(Duration.ZERO)).isTrue();
    cv.release();
    assertThatThrownBy(() -> ConditionVariable.using(OwnerlessLock.create()))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> cv.tryAcquire(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
  }

  // CPython ConditionTests.test_unacquired_wait and test_unacquired_notify
  @Test
  void waitSignalOrMonitor_withoutTheLock_throwIllegalMonitorState() {
    ConditionVariable cv = ConditionVariable.create();
    assertThatThrownBy(cv::await).isInstanceOf(IllegalMonitorStateException.class);
    assertThatThrownBy(() -> cv.await(Duration.ZERO)).isInstanceOf(IllegalMonitorStateException.class);
    assertThatThrownBy(() -> cv.waitFor(() -> false, Duration.ofMillis(1)))
        .isInstanceOf(IllegalMonitorStateException.class);
    assertThatThrownBy(cv::signal).isInstanceOf(IllegalMonitorStateException.class);
    assertThatThrownBy(() -> cv.signal(2)).isInstanceOf(IllegalMonitorStateException.class);
    assertThatThrownBy(cv::signalAll).isInstanceOf(IllegalMonitorStateException.class);
    assertThatThrownBy(cv::hasWaiters).isInstanceOf(IllegalMonitorStateException.class);
    assertThatThrownBy(cv::getWaitQueueLength).isInstanceOf(IllegalMonitorStateException.class);
    assertThatThrownBy(cv::getWaitingThreads).isInstanceOf(IllegalMonitorStateException.class);
    assertThatThrownBy(() -> cv.signal(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  // CPython ConditionTests.test_notify (its _check_notify, run twice on one condition): notify(3) wakes three
  // waiters, notify(5) the two still in their first wait and three in their second, notify_all the rest; each
  // woken wait returns true, in the phase in which it was notified
  @Test
  void signalN_wakesExactlyN_andEveryWokenWaitReturnsTrue() throws Exception {
    ConditionVariable cv = ConditionVariable.create();
    checkNotify(cv);
    checkNotify(cv);
  }

  private static void checkNotify(ConditionVariable cv) throws Exception {
    int n = 5;
    AtomicInteger phase = new AtomicInteger();
    List<String> first = Collections.synchronizedList(new ArrayList<>());
    List<String> second = Collections.synchronizedList(new ArrayList<>());
    try (TestThreads threads = new TestThreads()) {
      for (int i = 0; i < n; i++) {
        threads.start(
            "waiter-" + i,
            () -> {
              cv.acquire();
              boolean result;
              try {
                result = cv.await(TestThreads.LONG);
              } finally {
                cv.release();
              }
              first.add(result + "@" + phase.get());
              cv.acquire();
              try {
                result = cv.await(TestThreads.LONG);
              } finally {
                cv.release();
              }
              second.add(result + "@" + phase.get());
            });
      }
      awaitWaiters(cv, n);
      signalInPhase(cv, 3, phase, 1);
      TestThreads.await("three wake", () -> first.size() == 3);
      assertThat(first).containsOnly("true@1");
      assertThat(second).isEmpty();
      awaitWaiters(cv, n);
      signalInPhase(cv, 5, phase, 2);
      TestThreads.await("five more wake", () -> first.size() + second.size() == 8);
      assertThat(first).containsExactly("true@1", "true@1", "true@1", "true@2", "true@2");
      assertThat(second).containsExactly("true@2", "true@2", "true@2");
      awaitWaiters(cv, 2);
      signalInPhase(cv, Integer.MAX_VALUE, phase, 3);
    }
    assertThat(second).containsExactly("true@2", "true@2", "true@2", "true@3", "true@3");
  }

  /** Signals {@code count} waiters (all if MAX_VALUE) and moves to {@code next} before letting them run. */
  private static void signalInPhase(ConditionVariable cv, int count, AtomicInteger phase, int next) {
    cv.acquire();
    try {
      if (count == Integer.MAX_VALUE) {
        cv.signalAll();
      } else {
        cv.signal(count);
      }
      phase.set(next);
    } finally {
      cv.release();
    }
  }

  private static void awaitWaiters(ConditionVariable cv, int count) {
    TestThreads.await(
        count + " waiting",
        () -> {
          cv.acquire();
          try {
            return cv.getWaitQueueLength() == count;
          } finally {
            cv.release();
          }
        });
  }

  // CPython ConditionTests.test_timeout: waits time out with false, holding the lock again
  @Test
  void awaitTimed_noSignal_returnsFalseAfterTheTimeoutHoldingTheLock() throws Exception {
    ConditionVariable cv = ConditionVariable.using(Mutex.create());
    List<Boolean> results = Collections.synchronizedList(new ArrayList<>());
    try (TestThreads threads = new TestThreads()) {
      for (int i = 0; i < 5; i++) {
        threads.start(
            "waiter-" + i,
            () -> {
              cv.acquire();
              try {
                long start = System.nanoTime();
                results.add(cv.await(TestThreads.SHORT));
                assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TestThreads.SHORT.toNanos());
                assertThat(((Mutex) cv.lock()).isHeldByCurrentThread()).isTrue();
              } finally {
                cv.release();
              }
            });
      }
    }
    assertThat(results).containsExactly(false, false, false, false, false);
  }

  // Python's wait(0): gives the lock up and takes it back; false unless already signalled
  @Test
  void awaitZero_givesTheLockUpBriefly_andReturnsFalse() throws Exception {
    ConditionVariable cv = ConditionVariable.create();
    cv.acquire();
    try {
      assertThat(cv.await(Duration.ZERO)).isFalse();
      assertThat(((ReentrantMutex) cv.lock()).isHeldByCurrentThread()).isTrue();
      assertThat(cv.hasWaiters()).isFalse();
    } finally {
      cv.release();
    }
  }

  // CPython ConditionTests.test_waitfor
  @Test
  void waitFor_predicateBecomesTrue_returnsTrue() throws Exception {
    ConditionVariable cv = ConditionVariable.create();
    int[] state = {0};
    try (TestThreads threads = new TestThreads()) {
      Thread waiter =
          threads.start(
              "waiter",
              () -> {
                cv.acquire();
                try {
                  assertThat(cv.waitFor(() -> state[0] == 4, TestThreads.LONG)).isTrue();
                  cv.waitFor(() -> state[0] == 4);
                  assertThat(state[0]).isEqualTo(4);
                } finally {
                  cv.release();
                }
              });
      for (int i = 0; i < 4; i++) {
        awaitWaiters(cv, 1);
        cv.acquire();
        try {
          state[0]++;
          cv.signal();
        } finally {
          cv.release();
        }
      }
      TestThreads.join(waiter);
    }
  }

  // CPython ConditionTests.test_waitfor_timeout
  @Test
  void waitFor_predicateNeverTrue_returnsFalseAfterTheTimeout() throws Exception {
    ConditionVariable cv = ConditionVariable.create();
    int[] state = {0};
    try (TestThreads threads = new TestThreads()) {
      threads.start(
          "waiter",
          () -> {
            cv.acquire();
            try {
              long start = System.nanoTime();
              assertThat(cv.waitFor(() -> state[0] == 4, Duration.ofMillis(100))).isFalse();
              assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
            } finally {
              cv.release();
            }
          });
      for (int i = 0; i < 3; i++) {
        cv.acquire();
        try {
          state[0]++;
          cv.signal();
        } finally {
          cv.release();
        }
      }
    }
    cv.acquire();
    try {
      assertThat(cv.waitFor(() -> true, Duration.ZERO)).isTrue();
    } finally {
      cv.release();
    }
  }

  // Ours: a signalled waiter returns true even when its timeout runs out while it waits to re-take the lock
  // (CPython can report such a waiter as timed out, and its notification is then lost)
  @Test
  void awaitTimed_signalledButLockRetakenAfterTheTimeout_stillReturnsTrue() throws Exception {
    ConditionVariable cv = ConditionVariable.create();
    AtomicReference<Boolean> result = new AtomicReference<>();
    try (TestThreads threads = new TestThreads()) {
      threads.start(
          "waiter",
          () -> {
            cv.acquire();
            try {
              result.set(cv.await(TestThreads.SHORT));
            } finally {
              cv.release();
            }
          });
      awaitWaiters(cv, 1);
      cv.acquire();
      try {
        cv.signal();
        long pastTheTimeout = System.nanoTime() + 3 * TestThreads.SHORT.toNanos();
        while (System.nanoTime() < pastTheTimeout) {
          Thread.onSpinWait(); // holds the lock past the waiter's deadline
        }
      } finally {
        cv.release();
      }
    }
    assertThat(result).hasValue(true);
  }

  // Ours: an interrupt before the signal throws; a signal before the interrupt wins and keeps the interrupt
  @Test
  void await_interrupted_throwsUnlessAlreadySignalled() throws Exception {
    ConditionVariable cv = ConditionVariable.create();
    try (TestThreads threads = new TestThreads()) {
      Thread interrupted =
          threads.start(
              "interrupted",
              () -> {
                cv.acquire();
                try {
                  assertThatThrownBy(cv::await).isInstanceOf(InterruptedException.class);
                  assertThat(cv.hasWaiters()).isFalse();
                } finally {
                  cv.release();
                }
              });
      awaitWaiters(cv, 1);
      interrupted.interrupt();
      TestThreads.join(interrupted);
      Thread signalledFirst =
          threads.start(
              "signalled-first",
              () -> {
                cv.acquire();
                try {
                  assertThat(cv.await(TestThreads.LONG)).isTrue();
                  assertThat(Thread.interrupted()).isTrue();
                } finally {
                  cv.release();
                }
              });
      awaitWaiters(cv, 1);
      cv.acquire();
      try {
        cv.signal();
        signalledFirst.interrupt(); // while the lock is held: it can only return after both
      } finally {
        cv.release();
      }
    }
  }

  // Ours: the waiters' monitoring, longest-waiting first, and signalAll with no waiter is a no-op
  @Test
  void waiters_areListedInArrivalOrder_andSignalPicksTheLongestWaiting() throws Exception {
    ConditionVariable cv = ConditionVariable.using(new ReentrantLock());
    List<String> woken = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch done = new CountDownLatch(3);
    try (TestThreads threads = new TestThreads()) {
      List<Thread> waiters = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        String name = "waiter-" + i;
        waiters.add(
            threads.start(
                name,
                () -> {
                  cv.acquire();
                  try {
                    cv.await();
                    woken.add(name);
                  } finally {
                    cv.release();
                    done.countDown();
                  }
                }));
        awaitWaiters(cv, i + 1);
      }
      cv.acquire();
      try {
        assertThat(cv.hasWaiters()).isTrue();
        assertThat(cv.getWaitingThreads()).containsExactlyElementsOf(waiters);
        cv.signal();
        assertThat(cv.getWaitQueueLength()).isEqualTo(2);
        assertThat(cv.getWaitingThreads()).containsExactly(waiters.get(1), waiters.get(2));
      } finally {
        cv.release();
      }
      TestThreads.await("first wakes", () -> woken.size() == 1);
      cv.acquire();
      try {
        cv.signalAll();
        assertThat(cv.hasWaiters()).isFalse();
        cv.signalAll();
        cv.signal(3);
      } finally {
        cv.release();
      }
    }
    assertThat(woken.getFirst()).isEqualTo("waiter-0");
    assertThat(cv.toString()).contains("ConditionVariable");
  }
}
