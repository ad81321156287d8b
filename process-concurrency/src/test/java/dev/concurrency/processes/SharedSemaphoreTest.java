package dev.concurrency.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
final class SharedSemaphoreTest {

  private static final Duration LONG = Duration.ofSeconds(60);
  private final Children children = new Children();

  @AfterEach
  void stopChildren() throws InterruptedException {
    children.close();
  }

  /** The part both semaphore tests share: two permits taken, a third refused, both given back. */
  private static void takeTwoGiveTwo(SharedSemaphore semaphore) throws InterruptedException {
    assertThat(semaphore.availablePermits()).isEqualTo(2);
    semaphore.acquire();
    assertThat(semaphore.availablePermits()).isEqualTo(1);
    semaphore.acquire();
    assertThat(semaphore.availablePermits()).isZero();
    assertThat(semaphore.tryAcquire()).isFalse();
    assertThat(semaphore.availablePermits()).isZero();
    semaphore.release();
    assertThat(semaphore.availablePermits()).isEqualTo(1);
    semaphore.release();
    assertThat(semaphore.availablePermits()).isEqualTo(2);
  }

  // CPython: _test_multiprocessing.py _TestSemaphore.test_semaphore
  @Test
  void semaphore_countsPermits_andReleasesRaiseItPastTheStart() throws InterruptedException {
    SharedSemaphore semaphore = SharedSemaphore.create(2);

    takeTwoGiveTwo(semaphore);

    semaphore.release();
    assertThat(semaphore.availablePermits()).isEqualTo(3);
    semaphore.release();
    assertThat(semaphore.availablePermits()).isEqualTo(4);
    assertThat(semaphore.isBounded()).isFalse();
  }

  // CPython: _test_multiprocessing.py _TestSemaphore.test_bounded_semaphore
  @Test
  void boundedSemaphore_refusesAReleasePastItsBound() throws InterruptedException {
    SharedSemaphore semaphore = SharedSemaphore.createBounded(2);

    takeTwoGiveTwo(semaphore);

    assertThatThrownBy(semaphore::release).isInstanceOf(IllegalStateException.class).hasMessageContaining("too many times");
    assertThat(semaphore.availablePermits()).isEqualTo(2);
    assertThat(semaphore.toString()).contains("Bounded").contains("maxvalue=2");
  }

  // CPython: _test_multiprocessing.py _TestSemaphore.test_timeout
  @Test
  void acquire_noPermit_timesOutAfterItsTimeout() throws InterruptedException {
    SharedSemaphore semaphore = SharedSemaphore.create(0);

    assertThat(semaphore.tryAcquire()).isFalse();
    assertThat(semaphore.tryAcquire(Duration.ZERO)).isFalse();
    assertThat(semaphore.tryAcquire(Duration.ofMillis(-5))).as("a negative timeout is zero").isFalse();
    long start = System.nanoTime();
    assertThat(semaphore.tryAcquire(Duration.ofMillis(100))).isFalse();
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
  }

  @Test
  void negativeStart_refused() {
    assertThatThrownBy(() -> SharedSemaphore.create(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(">= 0");
  }

  /** Takes a permit, and gives one back on a second semaphore. */
  record Relay(SharedSemaphore in, SharedSemaphore out) implements SerializableRunnable {
    @Override
    public void run() {
      try {
        for (int i = 0; i < 100; i++) {
          in.acquire();
          out.release();
        }
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void permits_crossProcesses_inBothDirections() throws Exception {
    SharedSemaphore toChild = SharedSemaphore.create(0);
    SharedSemaphore toParent = SharedSemaphore.create(0);
    ChildProcess child = children.start(new Relay(toChild, toParent));

    for (int i = 0; i < 100; i++) {
      toChild.release();
      assertThat(toParent.tryAcquire(LONG)).isTrue();
    }

    assertThat(child.join(LONG)).isTrue();
    assertThat(child.exitCode()).hasValue(0);
    assertThat(toChild.availablePermits()).isZero();
  }
}
