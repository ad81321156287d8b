package dev.concurrency.benchmarks.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The JMH state of the {@code eventsOn} benchmarks: a recording runs between its setup and its teardown. */
final class RecordedEventsTest {

  /** A state that records one JDK event. */
  static final class ThreadSleeps extends RecordedEvents {
    ThreadSleeps() {
      super(List.of("jdk.ThreadSleep"));
    }
  }

  private static long running() {
    return FlightRecorder.getFlightRecorder().getRecordings().stream()
        .map(Recording::getState).filter(RecordingState.RUNNING::equals).count();
  }

  @Test
  @Timeout(60)
  void start_opensARecording_stop_closesIt() {
    long before = running();
    ThreadSleeps state = new ThreadSleeps();

    state.start();
    assertThat(running()).isEqualTo(before + 1);
    state.stop();

    assertThat(running()).isEqualTo(before);
  }
}
