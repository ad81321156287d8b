package dev.concurrency.model.trace;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

final class TraceTest {

  private final FakeTicker ticker = new FakeTicker();

  @Test
  void open_closedAfterOneSecond_recordsSpanRelativeToStart() {
    Trace trace = Trace.start(ticker.advance(5, MILLISECONDS));
    ticker.advance(250, MILLISECONDS);

    try (Trace.Recording recording = trace.open("main", "task1")) {
      assertThat(recording.lane()).isEqualTo("main");
      assertThat(recording.name()).isEqualTo("task1");
      assertThat(recording.startNanos()).isEqualTo(250_000_000L);
      ticker.advance(1_000, MILLISECONDS);
    }

    assertThat(trace.spans()).containsExactly(new Span("main", "task1", 250_000_000L, 1_250_000_000L));
  }

  @Test
  void close_calledTwice_recordsOnce() {
    Trace trace = Trace.start(ticker);
    Trace.Recording recording = trace.open("main", "once");
    ticker.advance(1, MILLISECONDS);
    recording.close();
    ticker.advance(1, MILLISECONDS);
    recording.close();

    assertThat(trace.spans()).containsExactly(new Span("main", "once", 0, 1_000_000L));
  }

  @Test
  void open_withoutLane_usesCurrentThreadName() {
    Trace trace = Trace.start(ticker);
    try (Trace.Recording recording = trace.open("work")) {
      assertThat(recording.name()).isEqualTo("work");
      ticker.advance(3, MILLISECONDS);
    }

    assertThat(trace.spans()).singleElement().extracting(Span::lane).isEqualTo(Thread.currentThread().getName());
  }

  @Test
  void hook_startsAndEndsSpanThroughJdkTypesOnly() {
    Trace trace = Trace.start(ticker);
    java.util.function.BiFunction<String, String, Runnable> hook = trace.hook();
    ticker.advance(2, MILLISECONDS);
    Runnable end = hook.apply("lib-thread", "work");
    ticker.advance(5, MILLISECONDS);
    end.run();
    end.run();

    assertThat(trace.spans()).containsExactly(new Span("lib-thread", "work", 2_000_000L, 7_000_000L));
  }

  @Test
  void spans_addedOutOfOrder_sortedByStartThenEndThenLaneThenName() {
    Trace trace = Trace.start(ticker);
    Span late = new Span("b", "late", 50, 60);
    Span longer = new Span("a", "x", 10, 40);
    Span shorterB = new Span("b", "x", 10, 20);
    Span shorterA = new Span("a", "y", 10, 20);
    trace.add(late);
    trace.add(longer);
    trace.add(shorterB);
    trace.add(shorterA);

    assertThat(trace.spans()).containsExactly(shorterA, shorterB, longer, late);
  }

  @Test
  void spans_isSnapshot_laterRecordingsNotVisibleAndListImmutable() {
    Trace trace = Trace.start(ticker);
    trace.add(new Span("a", "first", 0, 1));
    List<Span> snapshot = trace.spans();
    trace.add(new Span("a", "second", 1, 2));

    assertThat(snapshot).hasSize(1);
    assertThatThrownBy(() -> snapshot.add(new Span("a", "x", 0, 0))).isInstanceOf(UnsupportedOperationException.class);
    assertThat(trace.spans()).hasSize(2);
  }

  @Test
  void elapsed_followsTicker() {
    Trace trace = Trace.start(ticker);
    ticker.advance(1_500, MILLISECONDS);

    assertThat(trace.elapsed()).isEqualTo(Duration.ofMillis(1_500));
    assertThat(trace.nanos()).isEqualTo(1_500_000_000L);
  }

  @Test
  void start_systemTicker_elapsedIsNonNegativeAndGrows() {
    Trace trace = Trace.start();
    Duration first = trace.elapsed();

    assertThat(first.isNegative()).isFalse();
    assertThat(trace.elapsed()).isGreaterThanOrEqualTo(first);
  }

  @Test
  void nullArguments_rejectedWithName() {
    Trace trace = Trace.start(ticker);

    assertThatThrownBy(() -> Trace.start(null)).isInstanceOf(NullPointerException.class).hasMessage("ticker");
    assertThatThrownBy(() -> trace.open(null, "x")).isInstanceOf(NullPointerException.class).hasMessage("lane");
    assertThatThrownBy(() -> trace.open("x", null)).isInstanceOf(NullPointerException.class).hasMessage("name");
    assertThatThrownBy(() -> trace.add(null)).isInstanceOf(NullPointerException.class).hasMessage("span");
  }

  @Test
  @Timeout(30)
  @SuppressWarnings("try") // the recordings' bodies are empty on purpose
  void open_fromManyThreadsAtOnce_keepsEverySpan() throws Exception {
    int threads = 8;
    int perThread = 2_000;
    Trace trace = Trace.start();
    CyclicBarrier go = new CyclicBarrier(threads);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String lane = "worker-" + t;
      workers.add(
          Thread.ofPlatform()
              .name(lane)
              .start(
                  () -> {
                    try {
                      go.await(10, TimeUnit.SECONDS);
                      for (int i = 0; i < perThread; i++) {
                        try (Trace.Recording r = trace.open(lane, "step-" + i)) {
                          // an empty span: the recorder's own cost is what is contended here
                        }
                      }
                    } catch (InterruptedException | BrokenBarrierException | TimeoutException | RuntimeException e) {
                      failure.compareAndSet(null, e);
                    }
                  }));
    }
    for (Thread worker : workers) {
      worker.join();
    }

    assertThat(failure.get()).isNull();
    List<Span> spans = trace.spans();
    assertThat(spans).hasSize(threads * perThread);
    for (int t = 0; t < threads; t++) {
      String lane = "worker-" + t;
      assertThat(spans.stream().filter(s -> s.lane().equals(lane)).map(Span::name).distinct().count())
          .as("distinct spans of %s", lane)
          .isEqualTo(perThread);
    }
    for (int i = 1; i < spans.size(); i++) {
      assertThat(spans.get(i).startNanos()).isGreaterThanOrEqualTo(spans.get(i - 1).startNanos());
    }
  }
}
