package dev.concurrency.benchmarks.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.benchmarks.workload.Figure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ResultsWriterTest {

  private static final RunResult RESULT = new RunResult(
      List.of(new Row("jdk-cf", "E2_yield_switch", new Figure("switches_per_s", 2.5e6, "switches/s"))),
      List.of(new Note.Missing("python-uvloop", "no uvloop")),
      Map.of("jdk-cf", new Availability.Available("Java 25")));

  @Test
  void tsv_isHeaderRowsThenNotes() {
    assertThat(ResultsWriter.tsv(RESULT).lines()).containsExactly(
        "system\tworkload\tmetric\tvalue\tunit",
        "jdk-cf\tE2_yield_switch\tswitches_per_s\t2500000\tswitches/s",
        "# missing: python-uvloop: no uvloop");
  }

  @Test
  void write_createsStampedFilesAndLatestCopies(@TempDir Path dir) throws Exception {
    Report report = new Report(RESULT, ReportTest.MACHINE, "cmd");

    List<Path> written = ResultsWriter.write(dir.resolve("results"), RESULT, report, ReportTest.MACHINE);

    assertThat(written).extracting(path -> path.getFileName().toString())
        .containsExactly("20261124T030000Z.tsv", "20261124T030000Z.md");
    assertThat(Files.readString(dir.resolve("results/latest.tsv"))).isEqualTo(ResultsWriter.tsv(RESULT));
    assertThat(Files.readString(dir.resolve("results/latest.md"))).isEqualTo(report.markdown());
  }
}
