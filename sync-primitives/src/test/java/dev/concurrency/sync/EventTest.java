package dev.concurrency.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
final class EventTest {

  // CPython lock_tests.py EventTests.test_is_set
  @Test
  void isSet_followsSetAndClear() {
    Event event = new Event();
    assertThat(event.isSet()).isFalse();
    event.set();
    event.set();
    assertThat(event.isSet()).isTrue();
    assertThat(event).hasToString("Event[set]");
    event.clear();
    event.clear();
    assertThat(event.isSet()).isFalse();
    assertThat(event).hasToString("Event[unset]");
  }

  // CPython EventTests.test_notify: set() wakes every waiter, and later waits pass at once
  @Test
  void set_wakesEveryWaiter() throws Exception {
    Event event = new Event();
    AtomicInteger passed = new AtomicInteger();
    try (TestThreads threads = new TestThreads()) {
      Thread[] waiters = new Thread[5];
      for (int i = 0; i < waiters.length; i++) {
        waiters[i] =
            threads.start(
                "waiter-" + i,
                () -> {
                  event.await();
                  assertThat(event.await(Duration.ZERO)).isTrue();
                  passed.incrementAndGet();
                });
      }
      for (Thread waiter : waiters) {
        TestThreads.awaitBlocked(waiter);
      }
      assertThat(passed).hasValue(0);
      event.set();
    }
    assertThat(passed).hasValue(5);
  }

  // CPython EventTests.test_timeout
  @Test
  void awaitTimed_notSet_returnsFalseAfterTheTimeout() throws Exception {
    Event event = new Event();
    assertThat(event.await(Duration.ZERO)).isFalse();
    long start = System.nanoTime();

    assertThat(event.await(TestThreads.SHORT)).isFalse();

    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TestThreads.SHORT.toNanos());
    assertThatThrownBy(() -> event.await(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
  }

  // CPython EventTests.test_set_and_clear: a woken waiter returns true even if the flag is cleared at once
  @Test
  void setThenClear_waitersStillReturnTrue() throws Exception {
    Event event = new Event();
    try (TestThreads threads = new TestThreads()) {
      Thread waiter = threads.start("waiter", () -> assertThat(event.await(TestThreads.LONG)).isTrue());
      TestThreads.awaitBlocked(waiter);
      event.set();
      event.clear();
    }
    assertThat(event.isSet()).isFalse();
  }

  @Test
  void await_interrupted_throws() {
    Event event = new Event();
    Thread.currentThread().interrupt();
    assertThatThrownBy(event::await).isInstanceOf(InterruptedException.class);
  }
}
