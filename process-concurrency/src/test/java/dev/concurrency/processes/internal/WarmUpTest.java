package dev.concurrency.processes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

final class WarmUpTest {

  private final Codec codec = Codec.allowing(List.of(), Frames.DEFAULT_MAX_PAYLOAD, 1000);

  @Test
  void run_bothModes_everyStepSucceeds() {
    // A step that throws would leave the child cold without a word: its success is what this checks.
    assertThat(WarmUp.run(codec, JvmCommand.Mode.PROCESS)).isTrue();
    assertThat(WarmUp.run(codec, JvmCommand.Mode.WORKER)).isTrue();
  }

  @Test
  void run_codecRefusingThisProjectsClasses_reportsTheFailure() {
    Codec narrow = Codec.allowing(List.of(), 16, 1000); // 16 bytes: every payload is over the limit

    assertThat(WarmUp.run(narrow, JvmCommand.Mode.WORKER)).isFalse();
  }
}
