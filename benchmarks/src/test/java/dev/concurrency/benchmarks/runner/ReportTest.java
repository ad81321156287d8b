package dev.concurrency.benchmarks.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.benchmarks.workload.Figure;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class ReportTest {

  static final Machine MACHINE = new Machine(2, "Test CPU", "Linux 6 amd64", "OpenJDK 25", "1.50",
      Instant.parse("2026-11-24T03:00:00Z"));

  private static Row row(String system, String workload, String metric, double value) {
    return new Row(system, workload, new Figure(metric, value, metric.endsWith("_ms") ? "ms" : "x"));
  }

  private static RunResult result(List<Row> rows, List<Note> notes) {
    Map<String, Availability> availability = new LinkedHashMap<>();
    availability.put("project", new Availability.Available("Java 25"));
    availability.put("jdk-cf", new Availability.Available("Java 25"));
    availability.put("python-uvloop", new Availability.Missing("no uvloop"));
    return new RunResult(rows, notes, availability);
  }

  private static final List<Row> ROWS = List.of(
      row("jdk-cf", "E6_call_soon", "callbacks_per_s", 2_000_000),
      row("project", "E1_spawn_gather", "tasks_per_s", 1_000_000),
      row("jdk-cf", "E1_spawn_gather", "tasks_per_s", 250_000),
      row("project", "E3_timers", "lateness_p99_ms", 2),
      row("jdk-cf", "E3_timers", "lateness_p99_ms", 5));

  @Test
  void figuresTable_putsSystemsSideBySideInWorkloadOrder() {
    String table = new Report(result(ROWS, List.of()), MACHINE, "cmd").figuresTable();

    assertThat(table.lines()).containsExactly(
        "| workload | metric | unit | better | `project` | `jdk-cf` |",
        "| --- | --- | --- | --- | ---: | ---: |",
        "| E1_spawn_gather | tasks_per_s | x | higher | 1,000,000 | 250,000 |",
        "| E3_timers | lateness_p99_ms | ms | lower | 2 | 5 |",
        "| E6_call_soon | callbacks_per_s | x | higher |  | 2,000,000 |");
  }

  @Test
  void figuresTable_oneTablePerFamily_withOnlyItsSystems() {
    List<Row> rows = List.of(
        row("jdk-cf", "E1_spawn_gather", "tasks_per_s", 10),
        row("jdk-lock", "S1_mutex", "ops_per_s", 20),
        row("python-threading", "S1_mutex", "ops_per_s", 5));

    String table = new Report(result(rows, List.of()), MACHINE, "cmd").figuresTable();

    assertThat(table.lines()).containsExactly(
        "| workload | metric | unit | better | `jdk-cf` |",
        "| --- | --- | --- | --- | ---: |",
        "| E1_spawn_gather | tasks_per_s | x | higher | 10 |",
        "",
        "| workload | metric | unit | better | `jdk-lock` | `python-threading` |",
        "| --- | --- | --- | --- | ---: | ---: |",
        "| S1_mutex | ops_per_s | x | higher | 20 | 5 |");
  }

  @Test
  void tables_metricWithoutDirection_isListedButNotCompared() {
    List<Row> rows = List.of(row("project", "T4_pool_throughput", "pool_vs_tpe", 0.6),
        row("jdk-tpe", "T4_pool_throughput", "pool_vs_tpe", 1));
    Report report = new Report(result(rows, List.of()), MACHINE, "cmd");

    assertThat(report.figuresTable()).contains("| T4_pool_throughput | pool_vs_tpe | x | ? | 0.6 | 1 |");
    assertThat(report.ratioTable()).contains("| T4_pool_throughput | pool_vs_tpe | ? | n/a |");
  }

  @Test
  void ratioTable_oneTablePerFamily_andOnlyWhereAPeerMeasuredToo() {
    List<Row> rows = List.of(
        row("project", "E2_yield_switch", "switches_per_s", 10),
        row("python-uvloop", "E2_yield_switch", "switches_per_s", 5),
        row("project", "S1_mutex", "ops_per_s", 30),
        row("jdk-lock", "S1_mutex", "ops_per_s", 60),
        row("project", "T9_alone", "tasks_per_s", 1));

    String table = new Report(result(rows, List.of()), MACHINE, "cmd").ratioTable();

    assertThat(table.lines()).containsSubsequence(
        "| workload | metric | better | vs `python-uvloop` |",
        "| E2_yield_switch | switches_per_s | higher | 2.00x |",
        "| workload | metric | better | vs `jdk-lock` |",
        "| S1_mutex | ops_per_s | higher | 0.50x |");
    assertThat(table).doesNotContain("T9_alone");
  }

  @Test
  void ratioTable_projectAlone_saysNoPeerMeasuredIt() {
    List<Row> rows = List.of(row("project", "T9_alone", "tasks_per_s", 1));

    assertThat(new Report(result(rows, List.of()), MACHINE, "cmd").ratioTable())
        .startsWith("No peer measured what `project` measured");
  }

  @Test
  void family_isTheNameUpToItsFirstDigit() {
    assertThat(Report.family("P3_pool_map")).isEqualTo("P");
    assertThat(Report.family("custom")).isEqualTo("custom");
  }

  @Test
  void ratioTable_aboveOneMeansProjectBetter_inBothDirections() {
    String table = new Report(result(ROWS, List.of()), MACHINE, "cmd").ratioTable();

    assertThat(table).contains("above 1: project better");
    assertThat(table.lines()).contains(
        "| workload | metric | better | vs `jdk-cf` |",
        "| E1_spawn_gather | tasks_per_s | higher | 4.00x |",
        "| E3_timers | lateness_p99_ms | lower | 2.50x |");
    assertThat(table).doesNotContain("E6_call_soon");
  }

  @Test
  void ratioTable_withoutProject_saysSo() {
    String table = new Report(result(ROWS.subList(2, 3), List.of()), MACHINE, "cmd").ratioTable();

    assertThat(table).startsWith("No figures from `project` in this run");
  }

  @Test
  void ratio_peerWithoutTheFigure_isEmpty_andZeroIsNotANumber() {
    Row project = row("project", "E1", "tasks_per_s", 5);

    assertThat(Report.ratio(Direction.HIGHER, project, null)).isEmpty();
    assertThat(Report.ratio(Direction.HIGHER, project, row("p", "E1", "tasks_per_s", 0))).isEqualTo("n/a");
  }

  @Test
  void markdown_hasMachineCommandSystemsAndNotes() {
    String md = new Report(result(ROWS, List.of(new Note.Missing("python-uvloop", "no uvloop"),
        new Note.Failed("jdk-cf", "E2_yield_switch", "exit status 1"))), MACHINE, "java -jar benchmarks.jar")
        .markdown();

    assertThat(md).contains(
        "## Benchmarks, 2026-11-24T03:00:00Z",
        "- Machine: 2 cores (Test CPU), Linux 6 amd64, OpenJDK 25, load average 1.50 at the start, "
            + "2026-11-24T03:00:00Z",
        "- Command: `java -jar benchmarks.jar`",
        "| `python-uvloop` | **missing**: no uvloop |",
        "| `project` | Java 25 |",
        "- missing: python-uvloop: no uvloop",
        "- failed: jdk-cf E2_yield_switch: exit status 1");
  }

  @Test
  void figuresTable_noRows_saysSo() {
    assertThat(new Report(result(List.of(), List.of()), MACHINE, "cmd").figuresTable())
        .isEqualTo("No figures in this run.\n");
  }

  @Test
  void human_groupsLargeNumbers_andKeepsThreeDigitsOfSmallOnes() {
    assertThat(Report.human(1234567.4)).isEqualTo("1,234,567");
    assertThat(Report.human(100)).isEqualTo("100");
    assertThat(Report.human(2.00049)).isEqualTo("2");
    assertThat(Report.human(0.012345)).isEqualTo("0.0123");
    assertThat(Report.human(Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
  }
}
