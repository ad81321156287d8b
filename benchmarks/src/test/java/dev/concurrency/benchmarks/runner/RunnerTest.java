package dev.concurrency.benchmarks.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.benchmarks.workload.Scale;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class RunnerTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

  private final List<BenchSystem> systems = List.of(
      Fakes.jvm("project", Fakes.rate("E1_spawn_gather", "tasks_per_s", 300)),
      Fakes.jvm("jdk-cf", Fakes.rate("E1_spawn_gather", "tasks_per_s", 100), Fakes.rate("E6_call_soon",
          "callbacks_per_s", 5)),
      Fakes.jvm("jdk-broken", Fakes.wrong("E1_spawn_gather")),
      new PythonSystem("python-uvloop", "asyncio on uvloop", List.of("E1_spawn_gather"), "uvloop",
          Fakes.noPython()));

  private RunResult run(Launcher launcher, String... args) throws InterruptedException {
    return new Runner(systems, launcher, print(out), print(progress)).run(Options.parse(args));
  }

  @Test
  void run_everything_printsOneTsvLinePerFigureInWorkloadOrder() throws Exception {
    RunResult result = run(new InProcessLauncher(systems));

    assertThat(lines(out)).containsSubsequence(
        "project\tE1_spawn_gather\ttasks_per_s\t300\tx/s",
        "jdk-cf\tE1_spawn_gather\ttasks_per_s\t100\tx/s",
        "jdk-cf\tE6_call_soon\tcallbacks_per_s\t5\tx/s");
    assertThat(result.rows()).hasSize(3);
  }

  @Test
  void run_missingPeer_isReportedAsMissingNotSkipped() throws Exception {
    RunResult result = run(new InProcessLauncher(systems));

    assertThat(lines(out)).contains("# missing: python-uvloop: no python3 that can import uvloop (tried "
        + "[python3-that-is-not-here]); on Debian: apt-get install python3-uvloop");
    assertThat(result.notes()).contains(new Note.Missing("python-uvloop",
        "no python3 that can import uvloop (tried [python3-that-is-not-here]); on Debian: apt-get install "
            + "python3-uvloop"));
    assertThat(result.availability().get("python-uvloop")).isInstanceOf(Availability.Missing.class);
  }

  @Test
  void run_workloadWhoseCheckFails_isReportedAsFailedWithTheReason() throws Exception {
    RunResult result = run(new InProcessLauncher(systems));

    assertThat(result.notes()).anySatisfy(note -> {
      assertThat(note).isInstanceOf(Note.Failed.class);
      assertThat(note.line()).startsWith("# failed: jdk-broken E1_spawn_gather: exit status 1")
          .contains("wrong result: 3 of 4 tasks ran");
    });
    assertThat(result.rows()).noneMatch(row -> row.system().equals("jdk-broken"));
  }

  @Test
  void run_writesAProgressLineBeforeAndAfterEachPair() throws Exception {
    run(new InProcessLauncher(systems), "--workload", "E6_call_soon");

    List<String> lines = lines(progress);
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("# missing: python-uvloop");
    assertThat(lines.get(1)).isEqualTo("[1/1] E6_call_soon on jdk-cf ...");
    assertThat(lines.get(2)).matches("\\[1/1] E6_call_soon on jdk-cf: 1 figures in \\d+\\.\\d s");
  }

  @Test
  void run_eachPairGetsItsOwnFreshProcessCommand() throws Exception {
    InProcessLauncher launcher = new InProcessLauncher(systems);

    run(launcher, "--system", "jdk-cf", "--quick");

    assertThat(launcher.commands).hasSize(2).allSatisfy(command -> assertThat(command)
        .containsSubsequence(BenchMain.class.getName(), "--only").contains("--system", "jdk-cf", "--quick"));
  }

  @Test
  void run_systemFilter_runsOnlyThoseSystems() throws Exception {
    RunResult result = run(new InProcessLauncher(systems), "--system", "project");

    assertThat(result.rows()).extracting(Row::system).containsOnly("project");
    assertThat(result.availability()).containsOnlyKeys("project");
  }

  @Test
  void run_unknownSystem_listsTheKnownOnes() {
    assertThatThrownBy(() -> run(new InProcessLauncher(systems), "--system", "jdk-nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown system(s) [jdk-nope]")
        .hasMessageContaining("jdk-cf");
  }

  @Test
  void run_unknownWorkload_listsTheKnownOnes() {
    assertThatThrownBy(() -> run(new InProcessLauncher(systems), "--workload", "E9_nope"))
        .hasMessageContaining("unknown workload 'E9_nope'")
        .hasMessageContaining("E1_spawn_gather");
  }

  @Test
  void runOne_childThatCannotStart_isAFailure() throws Exception {
    List<Note> notes = new ArrayList<>();
    Launcher cannotStart = (command, timeout) -> {
      throw new IOException("no such program");
    };

    List<Row> rows = runner(cannotStart).runOne(systems.get(1), "E1_spawn_gather", Scale.QUICK,
        Duration.ofSeconds(1), notes);

    assertThat(rows).isEmpty();
    assertThat(notes).extracting(Note::line)
        .containsExactly("# failed: jdk-cf E1_spawn_gather: could not start: no such program");
  }

  @Test
  void runOne_childThatTimesOut_isAFailure() throws Exception {
    List<Note> notes = new ArrayList<>();
    Launcher slow = (command, timeout) -> new Launcher.Outcome(-1, List.of(), "", true);

    runner(slow).runOne(systems.get(1), "E1_spawn_gather", Scale.QUICK, Duration.ofSeconds(3), notes);

    assertThat(notes).extracting(Note::line).containsExactly("# failed: jdk-cf E1_spawn_gather: killed after 3 s");
  }

  @Test
  void runOne_garbageOutput_isAFailureNotAFigure() throws Exception {
    List<Note> notes = new ArrayList<>();
    Launcher chatty = (command, timeout) -> new Launcher.Outcome(0, List.of("Task 1 started"), "", false);

    List<Row> rows = runner(chatty).runOne(systems.get(1), "E1_spawn_gather", Scale.QUICK, Duration.ofSeconds(1),
        notes);

    assertThat(rows).isEmpty();
    assertThat(notes).singleElement().extracting(Note::line).asString()
        .contains("expected workload<TAB>metric<TAB>value<TAB>unit");
  }

  @Test
  void runOne_linesOfAnotherWorkload_areRejected() throws Exception {
    List<Note> notes = new ArrayList<>();
    Launcher confused = (command, timeout) -> new Launcher.Outcome(0,
        List.of("# a comment", "", "E2_yield_switch\tswitches_per_s\t1\ts"), "", false);

    runner(confused).runOne(systems.get(1), "E1_spawn_gather", Scale.QUICK, Duration.ofSeconds(1), notes);

    assertThat(notes).singleElement().extracting(Note::line).asString()
        .contains("asked for E1_spawn_gather, got a line for E2_yield_switch");
  }

  @Test
  void runOne_noFigures_isAFailure() throws Exception {
    List<Note> notes = new ArrayList<>();
    Launcher silent = (command, timeout) -> new Launcher.Outcome(0, List.of(), "", false);

    runner(silent).runOne(systems.get(1), "E1_spawn_gather", Scale.QUICK, Duration.ofSeconds(1), notes);

    assertThat(notes).extracting(Note::line).containsExactly("# failed: jdk-cf E1_spawn_gather: printed no figures");
  }

  private Runner runner(Launcher launcher) {
    return new Runner(systems, launcher, print(out), print(progress));
  }

  static PrintStream print(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }

  static List<String> lines(ByteArrayOutputStream bytes) {
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }
}
