package dev.concurrency.benchmarks.workload;

import java.util.List;
import jdk.jfr.Recording;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A JMH state that keeps a JDK Flight Recorder recording open for a whole trial, in memory, with the events its
 * subclass names enabled: what a benchmark method takes as a parameter to measure a module's JFR hooks while they
 * record (the {@code eventsOn} half of the {@code JfrHooksBenchmark} and {@code ProcessPoolObservabilityBenchmark}
 * pairs). The recording is discarded at the end.
 */
@State(Scope.Benchmark)
public abstract class RecordedEvents {

  private final List<String> events;
  private Recording recording;

  /**
   * Names the events to enable.
   *
   * @param events the events' full names, {@code dev.concurrency.async.TaskStep} and the like
   */
  protected RecordedEvents(List<String> events) {
    this.events = List.copyOf(events);
  }

  /** Starts the recording. */
  @Setup(Level.Trial)
  public void start() {
    recording = new Recording();
    events.forEach(recording::enable);
    recording.setToDisk(false);
    recording.start();
  }

  /** Stops and discards it. */
  @TearDown(Level.Trial)
  public void stop() {
    recording.close();
  }
}
