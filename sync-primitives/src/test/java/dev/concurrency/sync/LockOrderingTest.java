package dev.concurrency.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** After Guava's {@code CycleDetectingLockFactoryTest} tests of {@code WithExplicitOrdering}. */
@Timeout(30)
final class LockOrderingTest {

  private final LockOrdering ordering = LockOrdering.create();
  private final Mutex low = ordering.newMutex("low", 10);
  private final Mutex high = ordering.newMutex("high", 20, Fairness.FAIR);

  // Guava testExplicitOrdering_violations
  @Test
  void lock_againstTheOrder_throwsAtOnceNamingBothLocks() {
    high.lock();
    try {
      assertThatThrownBy(low::lock)
          .isInstanceOf(LockOrderException.class)
          .hasMessageContaining("'low' (rank 10)")
          .hasMessageContaining("'high' (rank 20)")
          .satisfies(
              e -> {
                LockOrderException violation = (LockOrderException) e;
                assertThat(violation.held()).isEqualTo("high");
                assertThat(violation.requested()).isEqualTo("low");
              });
      assertThat(low.isLocked()).isFalse();
    } finally {
      high.unlock();
    }
  }

  // Guava testExplicitOrdering_noViolations
  @Test
  void lock_inOrder_isFine() {
    low.lock();
    high.lock();
    high.unlock();
    low.unlock();
    assertThat(high.isLocked()).isFalse();
  }

  @Test
  void acquireAll_anyGivenOrder_takesInRankOrderAndReleasesAll() {
    try (LockSet held = ordering.acquireAll(high, low)) {
      assertThat(held.locks()).containsExactly(low, high);
      assertThat(low.isHeldByCurrentThread()).isTrue();
      assertThat(high.isHeldByCurrentThread()).isTrue();
    }
    assertThat(low.isLocked()).isFalse();
    assertThat(high.isLocked()).isFalse();
  }

  @Test
  void acquireAll_failureHalfway_releasesWhatItTook() {
    ReentrantMutex middle = ordering.newReentrantMutex("middle", 15);
    high.lock();
    try {
      // 'low' would come after 'high', which this thread holds: refused, and nothing stays taken.
      assertThatThrownBy(() -> ordering.acquireAll(List.of(middle, low)))
          .isInstanceOf(LockOrderException.class);
      assertThat(middle.isLocked()).isFalse();
      assertThat(low.isLocked()).isFalse();
    } finally {
      high.unlock();
    }
  }

  @Test
  void acquireAll_foreignOrDuplicateLock_isRejected() {
    Lock foreign = Mutex.create();
    assertThatThrownBy(() -> ordering.acquireAll(low, foreign))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not made by this LockOrdering");
    assertThatThrownBy(() -> ordering.acquireAll(low, low))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("twice");
    assertThat(low.isLocked()).isFalse();
  }

  @Test
  void newMutex_rankTaken_isRejected() {
    assertThatThrownBy(() -> ordering.newMutex("again", 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already taken by 'low'");
  }

  @Test
  void lockSet_closeTwice_releasesOnce() {
    LockSet held = ordering.acquireAll(low);
    held.close();
    held.close();
    assertThat(low.isLocked()).isFalse();
  }

  @Test
  void lockSet_oneReleaseFails_stillReleasesTheRestAndRethrows() throws Exception {
    Mutex other = Mutex.create();
    // A set taken in another thread and closed here: the owned mutexes refuse, each one is still tried.
    LockSet[] box = new LockSet[1];
    try (TestThreads threads = new TestThreads()) {
      threads.start("taker", () -> box[0] = Backoff.create().acquireAll(TestThreads.LONG, other, low));
    }
    LockSet held = box[0];
    assertThatThrownBy(held::close)
        .isInstanceOf(IllegalMonitorStateException.class)
        .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
  }
}
