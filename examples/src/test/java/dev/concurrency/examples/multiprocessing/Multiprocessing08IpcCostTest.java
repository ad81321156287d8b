package dev.concurrency.examples.multiprocessing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.examples.ExampleRun;
import dev.concurrency.examples.multiprocessing.Multiprocessing08IpcCost.Channel;
import dev.concurrency.examples.multiprocessing.Multiprocessing08IpcCost.Row;
import dev.concurrency.model.trace.Trace;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // opening a named pipe blocks in native code
final class Multiprocessing08IpcCostTest {

  @Test
  void run_printsOneRowPerChannel_withTheCountsMeasured() throws Exception {
    ExampleRun run = ExampleRun.of("ipc-cost");
    List<String> lines = run.lines();
    Channel[] channels = Channel.values();

    assertThat(lines.get(0)).matches("starting the worker JVM \\(once\\): \\d+\\.\\d ms");
    assertThat(lines.get(1)).startsWith("channel").contains("round trips").contains("us per round trip");
    for (int i = 0; i < channels.length; i++) {
      assertThat(lines.get(2 + i))
          .startsWith(channels[i].title)
          .matches(".*\\s" + channels[i].roundTrips + "\\s+\\d+\\.\\d{2}\\s+\\d+\\.\\d{3}");
    }
    assertThat(lines.get(2 + channels.length)).isEqualTo("Timeline:");
    assertThat(run.text()).contains("Pipe: round trips").contains("ProcessQueue: round trips").contains("ProcessPool: round trips").contains("worker JVM: start");
  }

  @Test
  void measure_checksEveryEcho_andCountsTheRoundTrips() throws Exception {
    Row row = Multiprocessing08IpcCost.measure(Trace.start(), Channel.THREAD, Multiprocessing08IpcCost::echo);

    assertThat(row.roundTrips()).isEqualTo(Channel.THREAD.roundTrips);
    assertThat(row.nanos()).isPositive();
  }

  @Test
  void measure_wrongEcho_failsNamingTheChannel() {
    assertThatThrownBy(() -> Multiprocessing08IpcCost.measure(Trace.start(), Channel.PIPE, value -> value + 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Pipe to a child process: sent 0 but received 1");
  }
}
