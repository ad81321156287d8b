package dev.concurrency.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
final class ConditionVariableTest {

  // CPython lock_tests.py ConditionTests.test_acquire: the default lock is reentrant
  @Test
  void create_defaultLock_isReentrant() {
    ConditionVariable cv = ConditionVariable.create();
    cv.acquire();
    cv.acquire();
    assertThat(((ReentrantMutex) cv.lock()).getHoldCount()).isEqualTo(2);
    cv.release();
    cv.release();
    assertThat(((ReentrantMutex) cv.lock()).isLocked()).isFalse();
  }

  // CPython ConditionTests.test_acquire, second half: a given lock is the one taken
  @Test
  void using_givenLock_takesThatLock() {
    Mutex mutex = Mutex.create();
    ConditionVariable cv = ConditionVariable.using(mutex);
    cv.acquire();
    assertThat(mutex.isHeldByCurrentThread()).isTrue();
    cv.release();
    assertThat(mutex.isLocked()).isFalse();
  }

  // CPython ConditionTests.test_unacquired_wait and test_unacquired_notify
  @Test
  void waitOrSignal_withoutTheLock_throws() {
    ConditionVariable cv = ConditionVariable.create();
    assertThatThrownBy(cv::await).isInstanceOf(IllegalMonitorStateException.class);
    assertThatThrownBy(cv::signal).isInstanceOf(IllegalMonitorStateException.class);
    assertThatThrownBy(() -> cv.signal(2)).isInstanceOf(IllegalMonitorStateException.class);
    assertThatThrownBy(cv::signalAll).isInstanceOf(IllegalMonitorStateException.class);
    assertThatThrownBy(() -> cv.signal(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  // CPython ConditionTests._check_notify: notify(3) wakes three, notify_all the rest
  @Test
  void signalN_wakesExactlyN_thenSignalAllTheRest() throws Exception {
    ConditionVariable cv = ConditionVariable.create();
    AtomicInteger waiting = new AtomicInteger();
    List<String> woken = new CopyOnWriteArrayList<>();
    try (TestThreads threads = new TestThreads()) {
      for (int i = 0; i < 5; i++) {
        String name = "waiter-" + i;
        threads.start(
            name,
            () -> {
              cv.acquire();
              try {
                waiting.incrementAndGet();
                cv.await();
                woken.add(name);
              } finally {
                cv.release();
              }
            });
      }
      TestThreads.await("five wait", () -> waiting.get() == 5 && allWaiting(cv));
      cv.acquire();
      cv.signal(3);
      cv.release();
      TestThreads.await("three wake", () -> woken.size() == 3);
      cv.acquire();
      try {
        assertThat(woken).hasSize(3);
        cv.signalAll();
      } finally {
        cv.release();
      }
    }
    assertThat(woken).hasSize(5);
  }

  private static boolean allWaiting(ConditionVariable cv) {
    // Holding the lock proves no waiter is between its increment and its await.
    if (!cv.lock().tryLock()) {
      return false;
    }
    cv.release();
    return true;
  }

  // CPython ConditionTests.test_timeout
  @Test
  void awaitTimed_noSignal_returnsFalseHoldingTheLock() throws Exception {
    ConditionVariable cv = ConditionVariable.using(Mutex.create());
    cv.acquire();
    try {
      assertThat(cv.await(TestThreads.SHORT)).isFalse();
      assertThat(((Mutex) cv.lock()).isHeldByCurrentThread()).isTrue();
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
        cv.acquire();
        try {
          state[0]++;
          cv.signal();
        } finally {
          cv.release();
        }
      }
    }
  }

  // CPython ConditionTests.test_waitfor_timeout
  @Test
  void waitFor_predicateNeverTrue_returnsFalseAfterTimeout() throws Exception {
    ConditionVariable cv = ConditionVariable.create();
    cv.acquire();
    try {
      long start = System.nanoTime();
      assertThat(cv.waitFor(() -> false, TestThreads.SHORT)).isFalse();
      assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TestThreads.SHORT.toNanos());
      assertThat(cv.waitFor(() -> true, Duration.ZERO)).isTrue();
    } finally {
      cv.release();
    }
  }
}
