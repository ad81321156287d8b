package dev.concurrency.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
final class SharedEventTest {

  private static final Duration LONG = Duration.ofSeconds(60);
  private final Children children = new Children();

  @AfterEach
  void stopChildren() throws InterruptedException {
    children.close();
  }

  /** Sets the event. */
  record SetIt(SharedEvent event) implements SerializableRunnable {
    @Override
    public void run() {
      event.set();
    }
  }

  // CPython: _test_multiprocessing.py _TestEvent.test_event
  @Test
  void event_waitReturnsTheFlag_andAnotherProcessCanSetIt() throws Exception {
    SharedEvent event = SharedEvent.create();

    assertThat(event.isSet()).isFalse();
    assertThat(event.await(Duration.ZERO)).isFalse();
    long start = System.nanoTime();
    assertThat(event.await(Duration.ofMillis(100))).isFalse();
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());

    event.set();
    assertThat(event.isSet()).isTrue();
    event.await();
    assertThat(event.await(Duration.ofMillis(100))).isTrue();

    event.clear();
    assertThat(event.isSet()).isFalse();
    ChildProcess child = children.start(new SetIt(event));
    event.await();
    assertThat(event.isSet()).isTrue();
    assertThat(child.join(LONG)).isTrue();
  }

  // CPython: _test_multiprocessing.py _TestEvent.test_repr
  @Test
  void toString_saysSetOrUnset() {
    SharedEvent event = SharedEvent.create();
    assertThat(event.toString()).matches("<SharedEvent at .* unset>");
    event.set();
    assertThat(event.toString()).matches("<SharedEvent at .* set>");
    event.clear();
    assertThat(event.toString()).matches("<SharedEvent at .* unset>");
  }

  @Test
  void await_interrupted_throws() {
    SharedEvent event = SharedEvent.create();
    Thread.currentThread().interrupt();
    try {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> event.await(LONG)).isInstanceOf(InterruptedException.class);
    } finally {
      Thread.interrupted();
    }
  }
}
