package dev.concurrency.benchmarks.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class MachineTest {

  @Test
  void cpuModel_readsTheFirstModelName(@TempDir Path dir) throws Exception {
    Path cpuinfo = Files.writeString(dir.resolve("cpuinfo"),
        "processor\t: 0\nmodel name\t: AMD EPYC 7B13\nprocessor\t: 1\nmodel name\t: AMD EPYC 7B13\n");

    assertThat(Machine.cpuModel(cpuinfo)).isEqualTo("AMD EPYC 7B13");
  }

  @Test
  void cpuModel_withoutTheFile_isUnknown(@TempDir Path dir) {
    assertThat(Machine.cpuModel(dir.resolve("absent"))).isEqualTo("unknown CPU");
  }

  @Test
  void cpuModel_withoutAModelLine_isUnknown(@TempDir Path dir) throws Exception {
    assertThat(Machine.cpuModel(Files.writeString(dir.resolve("cpuinfo"), "processor\t: 0\n")))
        .isEqualTo("unknown CPU");
  }

  @Test
  void loadAverage_isTheFirstField_orUnknown(@TempDir Path dir) throws Exception {
    assertThat(Machine.loadAverage(Files.writeString(dir.resolve("loadavg"), "15.20 16.10 13.17 3/812 9\n")))
        .isEqualTo("15.20");
    assertThat(Machine.loadAverage(dir.resolve("absent"))).isEqualTo("unknown");
  }

  @Test
  void current_describesThisMachine() {
    Machine machine = Machine.current();

    assertThat(machine.cores()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(machine.describe()).startsWith(machine.cores() + " cores (").contains(machine.java());
  }
}
