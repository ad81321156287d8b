package dev.concurrency.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.processes.internal.Codec;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

final class TasksTest {

  private final Codec codec = Codec.allowing(List.of(), 1 << 20, 50);

  static int seven() {
    return 7;
  }

  @Test
  void encode_success_neverBuildsTheDescription() {
    AtomicInteger described = new AtomicInteger();

    Tasks.encodeValue(List.of(1, 2, 3), () -> "the item " + described.incrementAndGet());
    Tasks.encodeTask((SerializableCallable<Integer>) TasksTest::seven, () -> "the task " + described.incrementAndGet());

    assertThat(described).hasValue(0);
  }

  @Test
  void encode_failure_namesWhatWasRefusedAndWhatToDo() {
    Object notSerializable = new Object();

    assertThatThrownBy(() -> Tasks.encodeValue(List.of(notSerializable), () -> "the item [x]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the item [x] cannot be sent to a child process")
        .hasMessageContaining("Serializable");
  }

  @Test
  void encodeValue_lambda_arrivesAsTheLambdaItself() throws Exception {
    SerializableCallable<Integer> message = TasksTest::seven;

    Object decoded = codec.decode(Tasks.encodeValue(message, () -> "the message"));

    assertThat(decoded).isInstanceOf(SerializableCallable.class);
    assertThat(((SerializableCallable<?>) decoded).call()).isEqualTo(7);
  }
}
