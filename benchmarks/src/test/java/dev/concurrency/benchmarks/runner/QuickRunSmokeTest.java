package dev.concurrency.benchmarks.runner;

import static dev.concurrency.benchmarks.runner.RunnerTest.lines;
import static dev.concurrency.benchmarks.runner.RunnerTest.print;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real thing at {@code --quick} size: fresh JVMs for every JDK baseline, a real {@code python3} for one peer.
 * Checks the plumbing (processes, parsing, files), not speed.
 */
final class QuickRunSmokeTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Launcher launcher = new ProcessLauncher();
  private final PythonEnvironment python = new PythonEnvironment(PythonEnvironment.DEFAULT_CANDIDATES, launcher);
  private final List<BenchSystem> systems = Systems.all(python);

  private List<String> jdkSystems() {
    return systems.stream().map(BenchSystem::name).filter(name -> name.startsWith("jdk-")).toList();
  }

  @Test
  @Timeout(300)
  void quickRun_everyJdkBaseline_measuresEveryWorkloadInFreshJvms(@TempDir Path dir) throws Exception {
    int status = new BenchMain(systems, launcher, print(out), print(err))
        .run("--quick", "--system", String.join(",", jdkSystems()), "--results", dir.toString());

    assertThat(status).as("stderr:%n%s", err).isZero();
    Set<String> measured = new TreeSet<>();
    for (String line : lines(out)) {
      String[] fields = line.split("\t");
      if (fields.length == 5) {
        measured.add(fields[0] + " " + fields[1]);
        assertThat(Double.parseDouble(fields[3])).as(line).isPositive();
      }
    }
    Set<String> expected = new TreeSet<>();
    for (BenchSystem system : systems) {
      if (system.name().startsWith("jdk-")) {
        system.workloads().forEach(workload -> expected.add(system.name() + " " + workload));
      }
    }
    assertThat(measured).isEqualTo(expected);
    assertThat(lines(err)).anyMatch(line -> line.matches("\\[\\d+/\\d+] .* figures in .*"));
    assertThat(Files.readString(dir.resolve("latest.md"))).contains("### Figures", "`jdk-vthreads`");
  }

  @Test
  @Timeout(300)
  void quickRun_pythonAsyncio_measuresEveryWorkload(@TempDir Path dir) throws Exception {
    assumeTrue(python.interpreterWith(null).isPresent(),
        "python3 is not installed: the Python peer smoke test is skipped (the runner reports it as missing)");

    int status = new BenchMain(systems, launcher, print(out), print(err))
        .run("--quick", "--system", "python-asyncio", "--results", dir.toString());

    assertThat(status).as("stderr:%n%s", err).isZero();
    List<String> workloads = new ArrayList<>();
    lines(out).stream().map(line -> line.split("\t")).filter(f -> f.length == 5).map(f -> f[1]).distinct()
        .forEach(workloads::add);
    assertThat(workloads).containsExactlyElementsOf(Systems.ASYNC);
  }

  @Test
  @Timeout(60)
  void peerScript_listsExactlyTheWorkloadsTheRunnerExpects() throws Exception {
    var interpreter = python.interpreterWith(null);
    assumeTrue(interpreter.isPresent(), "python3 is not installed: the peer list cannot be checked");

    Launcher.Outcome outcome = launcher.run(
        List.of(interpreter.get().path(), python.peerScript().toString(), "--list"), Duration.ofSeconds(50));

    assertThat(outcome.succeeded()).as(outcome.stderr()).isTrue();
    Set<String> expected = new TreeSet<>();
    for (BenchSystem system : systems) {
      if (system instanceof PythonSystem) {
        system.workloads().forEach(workload -> expected.add(system.name() + "\t" + workload));
      }
    }
    assertThat(new TreeSet<>(outcome.stdout())).isEqualTo(expected);
  }
}
