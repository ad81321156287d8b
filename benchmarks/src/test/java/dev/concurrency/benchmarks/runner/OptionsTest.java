package dev.concurrency.benchmarks.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.benchmarks.workload.Scale;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

final class OptionsTest {

  @Test
  void parse_noArguments_runsEverythingAtFullScale() {
    Options options = Options.parse();

    assertThat(options.mode()).isEqualTo(Options.Mode.RUN_ALL);
    assertThat(options.scale()).isEqualTo(Scale.FULL);
    assertThat(options.systems()).isEmpty();
    assertThat(options.workloads()).isEmpty();
    assertThat(options.resultsDir()).isEqualTo(Options.DEFAULT_RESULTS);
    assertThat(options.timeout()).isEqualTo(Options.DEFAULT_TIMEOUT);
  }

  @Test
  void parse_quickWithFilters_keepsThemInOrder() {
    Options options = Options.parse("--quick", "--system", "jdk-cf,python-asyncio", "--systems", "jdk-lock",
        "--workload", "E1_spawn_gather", "--results", "out", "--timeout", "7");

    assertThat(options.scale()).isEqualTo(Scale.QUICK);
    assertThat(options.systems()).containsExactly("jdk-cf", "python-asyncio", "jdk-lock");
    assertThat(options.workloads()).containsExactly("E1_spawn_gather");
    assertThat(options.resultsDir()).isEqualTo(Path.of("out"));
    assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void parse_quickWithoutTimeout_usesAShorterTimeout() {
    assertThat(Options.parse("--quick").timeout()).isLessThan(Options.DEFAULT_TIMEOUT);
  }

  @Test
  void parse_onlyWithOneSystem_isOnlyMode() {
    Options options = Options.parse("--only", "E2_yield_switch", "--system", "jdk-cf", "--quick");

    assertThat(options.mode()).isEqualTo(Options.Mode.ONLY);
    assertThat(options.only()).isEqualTo("E2_yield_switch");
    assertThat(options.systems()).containsExactly("jdk-cf");
  }

  @Test
  void parse_onlyWithoutSystem_saysWhatIsMissing() {
    assertThatThrownBy(() -> Options.parse("--only", "E1_spawn_gather"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs exactly one --system");
  }

  @Test
  void parse_onlyWithTwoSystems_isRejected() {
    assertThatThrownBy(() -> Options.parse("--only", "E1_spawn_gather", "--system", "a,b"))
        .hasMessageContaining("exactly one --system");
  }

  @Test
  void parse_onlyWithWorkloadFilter_isRejected() {
    assertThatThrownBy(() -> Options.parse("--only", "E1_spawn_gather", "--system", "a", "--workload", "E2"))
        .hasMessageContaining("do not go together");
  }

  @Test
  void parse_unknownArgument_namesItAndShowsUsage() {
    assertThatThrownBy(() -> Options.parse("--fast"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown argument '--fast'")
        .hasMessageContaining("usage:");
  }

  @Test
  void parse_optionWithoutValue_isRejected() {
    assertThatThrownBy(() -> Options.parse("--system")).hasMessageContaining("--system needs a value");
    assertThatThrownBy(() -> Options.parse("--system", "--quick")).hasMessageContaining("--system needs a value");
  }

  @Test
  void parse_emptyNameInList_isRejected() {
    assertThatThrownBy(() -> Options.parse("--system", "a,,b")).hasMessageContaining("empty name");
  }

  @Test
  void parse_badTimeouts_areRejected() {
    assertThatThrownBy(() -> Options.parse("--timeout", "soon")).hasMessageContaining("whole seconds");
    assertThatThrownBy(() -> Options.parse("--timeout", "0")).hasMessageContaining("must be positive");
  }

  @Test
  void parse_listAndHelp_selectTheirModes() {
    assertThat(Options.parse("--list").mode()).isEqualTo(Options.Mode.LIST);
    assertThat(Options.parse("--help").mode()).isEqualTo(Options.Mode.HELP);
    assertThat(Options.parse("-h").mode()).isEqualTo(Options.Mode.HELP);
  }

  @Test
  void parse_jmhFirst_handsTheRestToJmh() {
    Options options = Options.parse("jmh", "-l", "--quick");

    assertThat(options.mode()).isEqualTo(Options.Mode.JMH);
    assertThat(options.jmhArgs()).containsExactly("-l", "--quick");
  }

  @Test
  void constructor_copiesLists() {
    List<String> systems = new java.util.ArrayList<>(List.of("a"));
    Options options = new Options(Options.Mode.RUN_ALL, Scale.FULL, null, systems, List.of(), Path.of("r"),
        Duration.ofSeconds(1), List.of());
    systems.add("b");

    assertThat(options.systems()).containsExactly("a");
  }
}
