package dev.concurrency.processes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class ExitCodesTest {

  @Test
  void toPython_signalStatuses_becomeNegativeSignalNumbers() {
    assertThat(ExitCodes.toPython(137)).isEqualTo(-9);
    assertThat(ExitCodes.toPython(143)).isEqualTo(-15);
    assertThat(ExitCodes.toPython(159)).isEqualTo(-31);
  }

  @Test
  void toPython_ordinaryStatuses_unchanged() {
    assertThat(ExitCodes.toPython(0)).isZero();
    assertThat(ExitCodes.toPython(1)).isEqualTo(1);
    assertThat(ExitCodes.toPython(128)).isEqualTo(128);
    assertThat(ExitCodes.toPython(160)).isEqualTo(160);
  }

  @Test
  void describe_namesTheSignal() {
    assertThat(ExitCodes.describe(-9)).isEqualTo("exit code -9 (killed by SIGKILL)");
    assertThat(ExitCodes.describe(-15)).contains("SIGTERM");
    assertThat(ExitCodes.describe(-6)).isEqualTo("exit code -6 (killed by SIGABRT)");
    assertThat(ExitCodes.describe(-10)).as("numbered differently on Linux and macOS").isEqualTo("exit code -10 (killed by signal 10)");
    assertThat(ExitCodes.describe(3)).isEqualTo("exit code 3");
  }
}
