package dev.concurrency.benchmarks.model;

import dev.concurrency.benchmarks.workload.LatencyBenchmark;
import dev.concurrency.model.trace.Span;
import dev.concurrency.model.trace.Trace;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Threads;

/**
 * The cost of recording one span in a {@link Trace}, alone and with two threads recording at once: what a
 * traced example or benchmark pays per traced piece of work.
 *
 * <p>Run: {@code java -cp benchmarks/target/classes:... org.openjdk.jmh.Main TraceBenchmark}. The trace is
 * replaced every iteration so that its queue does not grow without bound.
 */
public class TraceBenchmark extends LatencyBenchmark {

  private Trace trace = Trace.start();

  /** A fresh trace per iteration. */
  @Setup(Level.Iteration)
  public void newTrace() {
    trace = Trace.start();
  }

  /** Open and close one recording: two clock reads, two small allocations, one lock-free enqueue. */
  @Benchmark
  @Threads(1)
  public Trace.Recording openClose() {
    return record();
  }

  /** The same, two threads recording into one trace. */
  @Benchmark
  @Threads(2)
  public Trace.Recording openCloseContended() {
    return record();
  }

  private Trace.Recording record() {
    Trace.Recording r = trace.open("lane", "span");
    r.close();
    return r;
  }

  /** Adding a span measured elsewhere. */
  @Benchmark
  @Threads(1)
  public Trace add() {
    trace.add(new Span("lane", "span", 0, 1));
    return trace;
  }
}
