package dev.concurrency.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** After JCiP's {@code DeadlockAvoidance} listing (tryLock with a randomised pause). */
@Timeout(30)
final class BackoffTest {

  @Test
  void acquireAll_free_takesAll() throws Exception {
    Mutex a = Mutex.create();
    Mutex b = Mutex.create();
    try (LockSet held = Backoff.create().acquireAll(Duration.ZERO, a, b)) {
      assertThat(held.locks()).containsExactly(a, b);
      assertThat(a.isHeldByCurrentThread() && b.isHeldByCurrentThread()).isTrue();
    }
    assertThat(a.isLocked() || b.isLocked()).isFalse();
  }

  @Test
  void acquireAll_oneHeldThroughout_timesOutHoldingNothing() throws Exception {
    Mutex a = Mutex.create();
    Mutex b = Mutex.create();
    try (TestThreads threads = new TestThreads()) {
      threads.start(
          "holder",
          () -> {
            b.lock();
            try {
              assertThatThrownBy(() -> Backoff.create().acquireAll(TestThreads.SHORT, List.of(a, b)))
                  .isInstanceOf(TimeoutException.class);
            } finally {
              b.unlock();
            }
          });
    }
    assertThat(a.isLocked()).isFalse();
  }

  // The avoidance itself: two threads taking the same pair in opposite orders, many times, never deadlock
  @Test
  void acquireAll_oppositeOrdersUnderContention_neverDeadlocks() throws Exception {
    Mutex a = Mutex.create();
    Mutex b = Mutex.create();
    Backoff backoff = Backoff.between(Duration.ofNanos(1_000), Duration.ofMillis(1));
    AtomicInteger meals = new AtomicInteger();
    try (TestThreads threads = new TestThreads()) {
      threads.start("ab", () -> eat(backoff, meals, a, b));
      threads.start("ba", () -> eat(backoff, meals, b, a));
    }
    assertThat(meals).hasValue(2_000);
  }

  private static void eat(Backoff backoff, AtomicInteger meals, Mutex first, Mutex second) throws Exception {
    for (int i = 0; i < 1_000; i++) {
      try (LockSet held = backoff.acquireAll(TestThreads.LONG, first, second)) {
        meals.addAndGet(held.locks().size() / 2);
      }
    }
  }

  @Test
  void badArguments_areRejected() {
    assertThatThrownBy(() -> Backoff.between(Duration.ZERO, Duration.ofMillis(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Backoff.between(Duration.ofMillis(2), Duration.ofMillis(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Backoff.create().acquireAll(Duration.ZERO, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no lock");
  }
}
