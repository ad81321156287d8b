package dev.concurrency.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
final class ProcessQueueTest {

  private static final Duration SHORT = Duration.ofMillis(20);
  private static final Duration LONG = Duration.ofSeconds(30);

  private final ProcessQueue queue = ProcessQueue.create(3);

  @AfterEach
  void unlink() {
    queue.unlink();
  }

  @Test
  void putThenGet_firstInFirstOut() {
    queue.put("a", SHORT);
    queue.put(2, SHORT);

    assertThat(queue.size()).isEqualTo(2);
    assertThat(queue.get(SHORT)).isEqualTo("a");
    assertThat(queue.get(SHORT)).isEqualTo(2);
    assertThat(queue.size()).isZero();
    assertThat(queue.maxSize()).isEqualTo(3);
  }

  @Test
  void put_whenFull_throwsFullAfterTheTimeout() {
    for (int i = 0; i < 3; i++) {
      queue.put(i, SHORT);
    }

    assertThatThrownBy(() -> queue.put(3, SHORT)).isInstanceOf(ProcessQueue.Full.class).hasMessageContaining("full (3 items)");
  }

  @Test
  void get_whenEmpty_throwsEmptyAfterTheTimeout() {
    assertThatThrownBy(() -> queue.get(SHORT)).isInstanceOf(ProcessQueue.Empty.class).hasMessageContaining("no item");
  }

  @Test
  void putAndGet_negativeOrNullTimeout_refusedWithAHint() {
    Duration negative = Duration.ofMillis(-1);

    assertThatThrownBy(() -> queue.put("a", negative))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeout must not be negative")
        .hasMessageContaining("Duration.ZERO");
    assertThatThrownBy(() -> queue.get(negative)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> queue.put("a", null)).isInstanceOf(NullPointerException.class).hasMessage("timeout");
    assertThatThrownBy(() -> queue.get(null)).isInstanceOf(NullPointerException.class).hasMessage("timeout");
    assertThat(queue.size()).isZero();
  }

  @Test
  void close_refusesPuts_getStillDrains() {
    queue.put("left", SHORT);

    queue.close();

    assertThat(queue.isClosed()).isTrue();
    assertThatThrownBy(() -> queue.put("more", SHORT)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    assertThat(queue.get(SHORT)).isEqualTo("left");
  }

  @Test
  void badArguments_refused() {
    assertThatThrownBy(() -> ProcessQueue.create(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxSize");
    assertThatThrownBy(() -> queue.put(new NotSerializable(), SHORT)).isInstanceOf(IllegalArgumentException.class);
  }

  /** A Serializable class with a non-serializable field, so that encoding it fails. */
  static final class NotSerializable implements java.io.Serializable {
    @java.io.Serial private static final long serialVersionUID = 1L;
    @SuppressWarnings("serial") // on purpose: this is what the test sends
    private final Object field = new Object();

    @Override
    public String toString() {
      return "NotSerializable" + field.hashCode();
    }
  }

  /** Puts {@code count} numbers, waiting for room as the parent drains the small queue. */
  record Producer(ProcessQueue queue, int from, int count) implements SerializableRunnable {
    @Override
    public void run() {
      for (int i = from; i < from + count; i++) {
        queue.put(i, LONG);
      }
    }
  }

  @Test
  void twoProducerProcesses_oneConsumer_everyItemExactlyOnce() throws Exception {
    List<ChildProcess> producers =
        List.of(
            ChildProcess.builder(new Producer(queue, 0, 200)).jvmOptions(TestJvm.options()).build(),
            ChildProcess.builder(new Producer(queue, 1000, 200)).jvmOptions(TestJvm.options()).build());
    try {
      producers.forEach(ChildProcess::start);
      List<Integer> received = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        received.add((Integer) queue.get(LONG));
      }

      for (ChildProcess p : producers) {
        assertThat(p.join(LONG)).isTrue();
        assertThat(p.exitCode()).hasValue(0);
      }
      List<Integer> expected = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        expected.add(i);
        expected.add(1000 + i);
      }
      assertThat(received).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(received.stream().filter(x -> x < 1000).toList()).as("one producer's items stay in order").isSorted();
      assertThat(queue.size()).isZero();
    } finally {
      for (ChildProcess p : producers) {
        if (p.isAlive()) {
          p.kill();
          p.join(LONG);
        }
      }
    }
  }
}
