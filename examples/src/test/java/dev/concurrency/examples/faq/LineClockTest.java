package dev.concurrency.examples.faq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.base.Ticker;
import dev.concurrency.model.trace.Span;
import dev.concurrency.model.trace.Trace;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

final class LineClockTest {

  private final AtomicLong now = new AtomicLong();
  private final Trace trace =
      Trace.start(
          new Ticker() {
            @Override
            public long read() {
              return now.get();
            }
          });
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final LineClock clock =
      new LineClock(trace, new PrintStream(printed, /* autoFlush= */ true, StandardCharsets.UTF_8));

  @Test
  void startUp_twoChildren_isTheLongerTimeFromLaunchToStartedLine() {
    clock.started("Task 1", 0);
    now.set(10);
    clock.started("Task 2", 10);
    now.set(300);
    clock.stream.println("Task 2 started");
    now.set(400);
    clock.stream.println("Task 1 started");
    clock.stream.println("Task 1 completed");

    assertThat(clock.startUp()).isEqualTo(Duration.ofNanos(400));
    assertThat(printed.toString(StandardCharsets.UTF_8).lines())
        .containsExactly("Task 2 started", "Task 1 started", "Task 1 completed");
  }

  @Test
  void addSpans_afterStartedLine_splitsTheChildIntoStartUpAndTask() {
    clock.started("Task 1", 0);
    now.set(250);
    clock.stream.println("Task 1 started");

    clock.addSpans("lane", "Task 1", "task1", 900);

    assertThat(trace.spans())
        .containsExactly(new Span("lane", "JVM start", 0, 250), new Span("lane", "task1", 250, 900));
  }

  @Test
  void startUp_childNeverSaidStarted_failsNamingIt() {
    clock.started("Task 1", 0);

    assertThatThrownBy(clock::startUp).isInstanceOf(IllegalStateException.class).hasMessageContaining("Task 1 started");
  }
}
