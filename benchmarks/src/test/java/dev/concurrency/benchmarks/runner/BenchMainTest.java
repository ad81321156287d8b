package dev.concurrency.benchmarks.runner;

import static dev.concurrency.benchmarks.runner.RunnerTest.lines;
import static dev.concurrency.benchmarks.runner.RunnerTest.print;
import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.benchmarks.workload.Figure;
import dev.concurrency.benchmarks.workload.Workload;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class BenchMainTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private final List<BenchSystem> systems = List.of(
      Fakes.jvm("project", Fakes.rate("E1_spawn_gather", "tasks_per_s", 300)),
      Fakes.jvm("jdk-cf", Fakes.rate("E1_spawn_gather", "tasks_per_s", 100)),
      Fakes.jvm("jdk-broken", Fakes.wrong("E1_spawn_gather")),
      new PythonSystem("python-asyncio", "asyncio", List.of("E1_spawn_gather"), null, Fakes.noPython()));

  private int run(String... args) throws Exception {
    return new BenchMain(systems, new InProcessLauncher(systems), print(out), print(err)).run(args);
  }

  @Test
  void only_jvmSystem_printsJustWorkloadMetricValueUnit() throws Exception {
    int status = run("--only", "E1_spawn_gather", "--system", "jdk-cf");

    assertThat(status).isZero();
    assertThat(lines(out)).containsExactly("E1_spawn_gather\ttasks_per_s\t100\tx/s");
    assertThat(lines(err)).isEmpty();
  }

  /**
   * A throughput workload warms up (an instant one hits the cap of 20 runs) and reports the median of three
   * measured runs; a start-up workload runs once, cold.
   */
  @Test
  void only_warmsUpThroughputWorkloads_butMeasuresStartUpCold() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    Workload.Body counted = scale -> List.of(new Figure("n", runs.incrementAndGet(), "runs"));
    List<BenchSystem> counting = List.of(
        Fakes.jvm("counting", Workload.of("E1_spawn_gather", counted), Workload.of("E7_seed_gather", counted)));
    BenchMain main = new BenchMain(counting, new InProcessLauncher(counting), print(out), print(err));

    main.run("--only", "E1_spawn_gather", "--system", "counting");
    main.run("--only", "E7_seed_gather", "--system", "counting");

    int warm = Repetitions.WARM_UP_MAX_RUNS;
    int median = warm + 2; // the three measured runs report warm + 1, warm + 2, warm + 3
    assertThat(lines(out)).containsExactly(
        "E1_spawn_gather\tn\t" + median + "\truns", "E7_seed_gather\tn\t" + (warm + 4) + "\truns");
  }

  /** At quick scale a smoke test measures nothing: one warm-up run, one measured. */
  @Test
  void only_quick_warmsUpOnce() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    Workload.Body counted = scale -> List.of(new Figure("n", runs.incrementAndGet(), "runs"));
    List<BenchSystem> counting = List.of(Fakes.jvm("counting", Workload.of("E1_spawn_gather", counted)));
    BenchMain main = new BenchMain(counting, new InProcessLauncher(counting), print(out), print(err));

    main.run("--only", "E1_spawn_gather", "--system", "counting", "--quick");

    assertThat(lines(out)).containsExactly("E1_spawn_gather\tn\t2\truns");
  }

  @Test
  void only_realBaseline_printsItsFigures() throws Exception {
    List<BenchSystem> real = Systems.all(Fakes.noPython());
    int status = new BenchMain(real, new InProcessLauncher(real), print(out), print(err))
        .run("--only", "E6_call_soon", "--system", "jdk-cf", "--quick");

    assertThat(status).isZero();
    assertThat(lines(out)).singleElement().asString().matches("E6_call_soon\tcallbacks_per_s\t[0-9.]+\tcallbacks/s");
  }

  @Test
  void only_failingWorkload_exitsOneAndSaysWhy() throws Exception {
    int status = run("--only", "E1_spawn_gather", "--system", "jdk-broken");

    assertThat(status).isEqualTo(BenchMain.FAILED);
    assertThat(lines(out)).isEmpty();
    assertThat(lines(err).get(0)).isEqualTo("# failed: jdk-broken E1_spawn_gather: "
        + "java.lang.IllegalStateException: wrong result: 3 of 4 tasks ran");
  }

  @Test
  void only_missingPeer_exitsThreeAndSaysItIsMissing() throws Exception {
    int status = run("--only", "E1_spawn_gather", "--system", "python-asyncio");

    assertThat(status).isEqualTo(BenchMain.MISSING);
    assertThat(lines(err)).containsExactly(
        "# missing: python-asyncio: no python3 found (tried [python3-that-is-not-here]); install python3");
  }

  @Test
  void only_unknownSystemOrWorkload_isAUsageError() throws Exception {
    assertThat(run("--only", "E1_spawn_gather", "--system", "jdk-nope")).isEqualTo(BenchMain.USAGE_ERROR);
    assertThat(run("--only", "E7_seed_gather", "--system", "jdk-cf")).isEqualTo(BenchMain.USAGE_ERROR);

    assertThat(lines(err)).containsExactly(
        "unknown system 'jdk-nope'; the systems are [project, jdk-cf, jdk-broken, python-asyncio]",
        "system jdk-cf has no workload 'E7_seed_gather'; it has [E1_spawn_gather]");
  }

  @Test
  void badArguments_exitTwoWithUsage() throws Exception {
    assertThat(run("--bogus")).isEqualTo(BenchMain.USAGE_ERROR);
    assertThat(err.toString()).contains("unknown argument '--bogus'", "usage:");
  }

  @Test
  void help_printsUsage() throws Exception {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).isEqualTo(Options.USAGE);
  }

  @Test
  void list_showsEverySystemWithItsStateAndWorkloads() throws Exception {
    assertThat(run("--list")).isZero();

    assertThat(lines(out)).contains(
        "jdk-cf\tfake jdk-cf\tJava " + Runtime.version(),
        "\tE1_spawn_gather",
        "python-asyncio\tasyncio\tMISSING: no python3 found (tried [python3-that-is-not-here]); install python3");
  }

  @Test
  void runAll_printsTsvThenTablesAndWritesTheFiles(@TempDir Path dir) throws Exception {
    int status = run("--system", "project,jdk-cf,python-asyncio", "--results", dir.toString());

    assertThat(status).isZero();
    String printed = out.toString();
    assertThat(printed).contains(
        "project\tE1_spawn_gather\ttasks_per_s\t300\tx/s",
        "# missing: python-asyncio",
        "### Project against each peer",
        "| E1_spawn_gather | tasks_per_s | higher | 3.00x |",
        "# wrote ");
    assertThat(Files.readString(dir.resolve("latest.tsv"))).startsWith(ResultsWriter.HEADER);
    assertThat(Files.readString(dir.resolve("latest.md"))).contains("| `python-asyncio` | **missing**");
  }

  @Test
  void runAll_withAFailure_exitsOne(@TempDir Path dir) throws Exception {
    assertThat(run("--system", "jdk-broken", "--results", dir.toString())).isEqualTo(BenchMain.FAILED);
    assertThat(Files.readString(dir.resolve("latest.tsv"))).contains("# failed: jdk-broken E1_spawn_gather");
  }

  @Test
  void jmh_list_showsTheBaselineBenchmarks() throws Exception {
    java.io.PrintStream saved = System.out;
    ByteArrayOutputStream jmhOut = new ByteArrayOutputStream();
    System.setOut(print(jmhOut));
    try {
      assertThat(run("jmh", "-l")).isZero();
    } finally {
      System.setOut(saved);
    }
    assertThat(jmhOut.toString()).contains(
        "dev.concurrency.benchmarks.jdk.LockBenchmark.reentrantLockContended2",
        "dev.concurrency.benchmarks.jdk.CompletableFutureBenchmark.callbackChain",
        "dev.concurrency.benchmarks.jdk.PoolBenchmark.submitAndGet");
  }
}
