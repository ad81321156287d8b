package dev.concurrency.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Python's {@code threading.Event}, rewritten from CPython's {@code lock_tests.py} {@code EventTests}. */
@Timeout(30)
final class EventTest {

  // CPython lock_tests.py EventTests.test_is_set
  @Test
  void isSet_followsSetAndClear() {
    Event event = new Event();
    assertThat(event.isSet()).isFalse();
    event.set();
    assertThat(event.isSet()).isTrue();
    event.set();
    assertThat(event.isSet()).isTrue();
    event.clear();
    assertThat(event.isSet()).isFalse();
    event.clear();
    assertThat(event.isSet()).isFalse();
  }

  // CPython EventTests.test_notify: set() wakes every waiter, later waits pass at once; again after set+clear
  @Test
  void set_wakesEveryWaiter_andWorksAgainAfterClear() throws Exception {
    Event event = new Event();
    checkNotify(event);
    event.set();
    event.clear();
    checkNotify(event);
  }

  private static void checkNotify(Event event) throws Exception {
    List<Boolean> first = Collections.synchronizedList(new ArrayList<>());
    List<Boolean> second = Collections.synchronizedList(new ArrayList<>());
    try (TestThreads threads = new TestThreads()) {
      Thread[] waiters = new Thread[5];
      for (int i = 0; i < waiters.length; i++) {
        waiters[i] =
            threads.start(
                "waiter-" + i,
                () -> {
                  first.add(event.await(TestThreads.LONG));
                  second.add(event.await(TestThreads.LONG));
                });
      }
      for (Thread waiter : waiters) {
        TestThreads.awaitBlocked(waiter);
      }
      assertThat(first).isEmpty();
      event.set();
    }
    assertThat(first).containsExactly(true, true, true, true, true);
    assertThat(second).containsExactly(true, true, true, true, true);
  }

  // CPython EventTests.test_timeout: false at once or after the timeout while unset, true once set
  @Test
  void awaitTimed_returnsTheFlag_afterTheTimeoutIfUnset() throws Exception {
    Event event = new Event();
    List<Boolean> results = Collections.synchronizedList(new ArrayList<>());
    try (TestThreads threads = new TestThreads()) {
      for (int i = 0; i < 5; i++) {
        threads.start(
            "waiter-" + i,
            () -> {
              results.add(event.await(Duration.ZERO));
              long start = System.nanoTime();
              results.add(event.await(TestThreads.SHORT));
              assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TestThreads.SHORT.toNanos());
            });
      }
    }
    assertThat(results).hasSize(10).containsOnly(false);
    event.set();
    assertThat(event.await(Duration.ZERO)).isTrue();
    assertThat(event.await(TestThreads.SHORT)).isTrue();
    assertThatThrownBy(() -> event.await(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
  }

  // CPython EventTests.test_set_and_clear: a woken waiter returns true even if the flag is cleared at once
  @Test
  void setThenClear_waitersStillReturnTrue() throws Exception {
    Event event = new Event();
    List<Boolean> results = Collections.synchronizedList(new ArrayList<>());
    try (TestThreads threads = new TestThreads()) {
      Thread[] waiters = new Thread[5];
      for (int i = 0; i < waiters.length; i++) {
        waiters[i] = threads.start("waiter-" + i, () -> results.add(event.await(TestThreads.LONG)));
      }
      for (Thread waiter : waiters) {
        TestThreads.awaitBlocked(waiter);
      }
      event.set();
      event.clear();
    }
    assertThat(results).containsExactly(true, true, true, true, true);
    assertThat(event.isSet()).isFalse();
  }

  // CPython EventTests.test_repr
  @Test
  void toString_showsTheFlagInPythonsWords() {
    Event event = new Event();
    assertThat(event).hasToString("Event[unset]");
    event.set();
    assertThat(event).hasToString("Event[set]");
  }

  @Test
  void await_interrupted_throws() {
    Event event = new Event();
    Thread.currentThread().interrupt();
    assertThatThrownBy(event::await).isInstanceOf(InterruptedException.class);
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> event.await(TestThreads.LONG)).isInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).isFalse();
  }
}
