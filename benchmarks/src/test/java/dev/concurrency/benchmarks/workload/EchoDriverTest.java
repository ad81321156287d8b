package dev.concurrency.benchmarks.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the server's side starts the shared E8 client and reads what it printed. */
final class EchoDriverTest {

  private static final EchoLoad.Sizes SIZES = new EchoLoad.Sizes(2, 10, 5, 100); // 3,000 bytes in all

  @Test
  void command_isThisJvmsJavaWithAnAbsoluteClassPath_thenTheSizes() {
    List<String> command = EchoDriver.command(4242, SIZES);

    assertThat(Path.of(command.get(0))).isAbsolute().startsWith(Path.of(System.getProperty("java.home")));
    assertThat(command.get(1)).isEqualTo("-cp");
    assertThat(command.get(2).split(java.io.File.pathSeparator)).allSatisfy(e -> assertThat(Path.of(e)).isAbsolute());
    assertThat(command.subList(3, command.size()))
        .containsExactly(EchoLoad.class.getName(), "4242", "2", "10", "5", "100");
  }

  @Test
  void figures_everyByteVerified_giveTheRateAndTheServersCpuPerRoundTrip() {
    List<Figure> figures = EchoDriver.figures("requests_per_s\t1234.5\nrequests\t20\nbytes_verified\t3000\n",
        SIZES, /* serverCpuSeconds= */ 0.003);

    assertThat(figures).containsExactly(
        new Figure("requests_per_s", 1234.5, "requests/s"),
        new Figure(EchoDriver.SERVER_CPU, 100.0, "us")); // 3 ms over 30 round trips
  }

  @Test
  void figures_missingBytes_failTheRun() {
    assertThatThrownBy(() -> EchoDriver.figures("requests_per_s\t1.0\nbytes_verified\t2999\n", SIZES, 1))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("verified 2999 bytes of 3000");
  }

  @Test
  void figures_noFigures_failTheRunQuotingTheOutput() {
    assertThatThrownBy(() -> EchoDriver.figures("something else\n", SIZES, 1))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("printed no figures: 'something else'");
  }
}
