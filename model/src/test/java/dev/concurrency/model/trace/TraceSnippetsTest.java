package dev.concurrency.model.trace;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The code shown in the Javadoc of {@code dev.concurrency.model.trace} ({@code {@snippet class=... region=...}}),
 * run, with what its comments claim checked after each region.
 */
final class TraceSnippetsTest {

  private final FakeTicker ticker = new FakeTicker();

  private void download() {
    ticker.advance(40, MILLISECONDS);
  }

  private void task1() {
    ticker.advance(10, MILLISECONDS);
  }

  @Test
  @SuppressWarnings("try") // the recording is used only to be closed, as the documented code shows
  void recording_aroundWork_becomesASpanOnTheChart() {
    Trace trace = Trace.start(ticker);
    // @start region="record"
    try (Trace.Recording r = trace.open("worker-1", "download")) {
      download();
    }
    System.out.print(Gantt.ascii(trace.spans(), 60));
    // @end

    assertThat(trace.spans()).containsExactly(new Span("worker-1", "download", 0, 40_000_000L));
    assertThat(Gantt.ascii(trace.spans(), 60)).contains("worker-1: download");
  }

  @Test
  @Timeout(30)
  @SuppressWarnings("try") // the recording is used only to be closed, as the documented code shows
  void recording_onAnotherThread_isSeenAfterJoin() throws InterruptedException {
    // @start region="thread"
    Trace trace = Trace.start();
    Thread worker = Thread.ofPlatform().name("worker").start(() -> {
      try (Trace.Recording r = trace.open("worker", "task1")) {
        task1();
      }
    });
    worker.join();
    System.out.print(Gantt.ascii(trace.spans(), 60));
    // @end

    assertThat(trace.spans()).extracting(Span::lane, Span::name).containsExactly(tuple("worker", "task1"));
  }

  /** A library that must not depend on this module: it traces through JDK types only. */
  static final class Library {
    // @start region="hook-library"
    // in a library, with no dependency on model:
    private volatile BiFunction<String, String, Runnable> tracer = (lane, name) -> () -> {};

    void run(Runnable task1) {
      Runnable end = tracer.apply(Thread.currentThread().getName(), "task1");
      try {
        task1.run();
      } finally {
        end.run();
      }
    }
    // @end

    void setTracer(BiFunction<String, String, Runnable> tracer) {
      this.tracer = tracer;
    }
  }

  @Test
  void hook_handedToALibrary_recordsItsSpans() {
    Library library = new Library();
    Trace trace = Trace.start(ticker);
    // @start region="hook-example"
    library.setTracer(trace.hook());
    // @end
    library.run(this::task1);

    assertThat(trace.spans()).extracting(Span::name).containsExactly("task1");
  }

  @Test
  void gantt_ascii_drawsEachSpanToScale() {
    Trace trace = Trace.start(ticker);
    trace.add(new Span("main", "task1", 0, 1_000_000_000L));
    trace.add(new Span("main", "task2", 0, 2_000_000_000L));
    // @start region="gantt"
    System.out.print(Gantt.ascii(trace.spans(), 40));
    // @end

    assertThat(Gantt.ascii(trace.spans(), 40).lines().toList()).containsExactly(
        "main: task1  |####################....................|  0 .. 1.000 s",
        "main: task2  |########################################|  0 .. 2.000 s",
        "              0                                2.000 s");
  }

  @Test
  void svgTimeline_write_makesAFileABrowserOpens(@TempDir Path dir) throws Exception {
    Trace trace = Trace.start(ticker);
    task1();
    trace.add(new Span("main", "task1", 0, 10_000_000L));
    // @start region="svg"
    SvgTimeline.write(trace.spans(), dir.resolve("timeline.svg"));   // @replace regex='dir.resolve\((.*)\)' replacement='Path.of($1)'
    // open it in a browser
    // @end

    assertThat(Files.readString(dir.resolve("timeline.svg"))).startsWith("<?xml").contains("<svg", "task1");
  }
}
