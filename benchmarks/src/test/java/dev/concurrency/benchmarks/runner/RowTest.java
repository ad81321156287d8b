package dev.concurrency.benchmarks.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.benchmarks.workload.Figure;
import org.junit.jupiter.api.Test;

final class RowTest {

  private static final Row ROW = new Row("jdk-cf", "E1_spawn_gather", new Figure("tasks_per_s", 1234567.89, "tasks/s"));

  @Test
  void tsvLine_hasFiveTabSeparatedFields() {
    assertThat(ROW.tsvLine()).isEqualTo("jdk-cf\tE1_spawn_gather\ttasks_per_s\t1234570\ttasks/s");
  }

  @Test
  void onlyLine_leavesOutTheSystem() {
    assertThat(ROW.onlyLine()).isEqualTo("E1_spawn_gather\ttasks_per_s\t1234570\ttasks/s");
  }

  @Test
  void parseOnlyLine_readsWhatOnlyLineWrote() {
    Row read = Row.parseOnlyLine("jdk-cf", ROW.onlyLine());

    assertThat(read.system()).isEqualTo("jdk-cf");
    assertThat(read.workload()).isEqualTo("E1_spawn_gather");
    assertThat(read.figure()).isEqualTo(new Figure("tasks_per_s", 1234570, "tasks/s"));
  }

  @Test
  void parseOnlyLine_acceptsPythonExponents() {
    assertThat(Row.parseOnlyLine("python-asyncio", "E2\tswitches_per_s\t1.5e+06\ts").figure().value())
        .isEqualTo(1_500_000);
  }

  @Test
  void parseOnlyLine_wrongFieldCount_saysWhatWasExpected() {
    assertThatThrownBy(() -> Row.parseOnlyLine("python-asyncio", "E1\ttasks_per_s\t12"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected workload<TAB>metric<TAB>value<TAB>unit from python-asyncio");
  }

  @Test
  void parseOnlyLine_nonNumericValue_isRejected() {
    assertThatThrownBy(() -> Row.parseOnlyLine("s", "E1\ttasks_per_s\tfast\ttasks/s"))
        .hasMessageContaining("'fast' from s is not a number");
  }

  @Test
  void constructor_namesWithSpacesOrTabs_areRejected() {
    Figure figure = new Figure("m", 1, "u");
    assertThatThrownBy(() -> new Row("jdk cf", "E1", figure)).hasMessageContaining("system 'jdk cf'");
    assertThatThrownBy(() -> new Row("s", "E\t1", figure)).hasMessageContaining("workload");
    assertThatThrownBy(() -> new Row("s", "E1", new Figure("m", 1, "a\tb"))).hasMessageContaining("tab");
  }

  @Test
  void format_isPlainWithSixSignificantDigits() {
    assertThat(Row.format(0.000123456789)).isEqualTo("0.000123457");
    assertThat(Row.format(2.0)).isEqualTo("2");
    assertThat(Row.format(98765432.1)).isEqualTo("98765400");
    assertThat(Row.format(Double.NaN)).isEqualTo("NaN");
  }
}
