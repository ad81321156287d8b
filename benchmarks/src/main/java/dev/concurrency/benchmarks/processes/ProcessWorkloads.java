package dev.concurrency.benchmarks.processes;

import static dev.concurrency.benchmarks.workload.Workload.check;

import dev.concurrency.benchmarks.workload.Burn;
import dev.concurrency.benchmarks.workload.Figure;
import dev.concurrency.benchmarks.workload.Scale;
import dev.concurrency.benchmarks.workload.Workload;
import dev.concurrency.processes.ChildProcess;
import dev.concurrency.processes.ProcessPool;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The workloads this project's {@code process-concurrency} module runs, as the system named {@code project}.
 *
 * <ul>
 *   <li>{@code P1_seed_process}: the seed's two child processes started and joined ({@code wall_s});
 *   <li>{@code P2_spawn_latency}: start and join of a no-op child, 20 times ({@code median_ms}), cold and with a
 *       warm spare ({@code warm_median_ms}, the {@code forkserver} analogue);
 *   <li>{@code P3_pool_map}: a two-worker pool: start-up ({@code pool_start_ms}), 100,000 tiny tasks
 *       ({@code tiny_tasks_per_s}), 200 tasks of about 5 ms CPU ({@code burn_wall_s}, {@code burn_efficiency}:
 *       the tasks' own CPU time over two workers' wall time).
 * </ul>
 *
 * <p>Each verifies its result and throws {@link IllegalStateException} if it is wrong.
 */
public final class ProcessWorkloads {

  /** Child JVM options for spawn latency: C1 only, serial GC, no perf-data file (see the module README). */
  static final List<String> FAST_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData");

  /**
   * Where P2's children keep their class-data-sharing archive: one directory for every run on this machine, so
   * that only the first child of the first run writes it (archives are named after the jar and options).
   */
  static final Path ARCHIVES = Path.of(System.getProperty("java.io.tmpdir"), "process-concurrency-cds");

  private static final Duration LIMIT = Duration.ofMinutes(2);

  private ProcessWorkloads() {}

  /** Every workload of this module. */
  public static List<Workload> all() {
    return List.of(
        Workload.of("P1_seed_process", scale -> seedProcess()),
        Workload.of("P2_spawn_latency", ProcessWorkloads::spawnLatency),
        Workload.of("P3_pool_map", ProcessWorkloads::poolMap));
  }

  static void task1() {
    System.out.println("Task 1 started");
    System.out.println("Task 1 completed");
  }

  static void task2() {
    System.out.println("Task 2 started");
    System.out.println("Task 2 completed");
  }

  static void noop() {}

  private static List<Figure> seedProcess() throws InterruptedException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream lines = new PrintStream(bytes, /* autoFlush= */ true, StandardCharsets.UTF_8);
    long start = System.nanoTime();
    ChildProcess p1 = ChildProcess.builder(ProcessWorkloads::task1).output(lines).build();
    ChildProcess p2 = ChildProcess.builder(ProcessWorkloads::task2).output(lines).build();
    p1.start();
    p2.start();
    joinOk(p1);
    joinOk(p2);
    double wall = (System.nanoTime() - start) / 1e9;
    List<String> sorted = bytes.toString(StandardCharsets.UTF_8).lines().sorted().toList();
    check(
        sorted.equals(List.of("Task 1 completed", "Task 1 started", "Task 2 completed", "Task 2 started")),
        "the seed's four lines, got " + sorted);
    return List.of(new Figure("wall_s", wall, "s"));
  }

  private static List<Figure> spawnLatency(Scale scale) throws InterruptedException {
    int runs = scale.pick(20, 5);
    PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
    double[] cold = new double[runs];
    double[] warm = new double[runs];
    for (int i = 0; i < runs; i++) {
      cold[i] = startAndJoinMillis(noopChild().output(sink));
    }
    ChildProcess.prewarm(noopChild());
    for (int i = 0; i < runs; i++) {
      awaitSpareBooted();
      warm[i] = startAndJoinMillis(noopChild().warmSpare(true).output(sink));
    }
    return List.of(new Figure("median_ms", median(cold), "ms"), new Figure("warm_median_ms", median(warm), "ms"));
  }

  /** P2's child: the start-up flags and a class-data-sharing archive (see the module README). */
  private static ChildProcess.Builder noopChild() {
    return ChildProcess.builder(ProcessWorkloads::noop).jvmOptions(FAST_START).classDataSharing(ARCHIVES);
  }

  /** Waits until the background spare has booted, as a forkserver is up before it is asked; not timed. */
  private static void awaitSpareBooted() throws InterruptedException {
    check(ChildProcess.awaitPrewarmed(noopChild(), LIMIT), "a warm spare booted within " + LIMIT);
  }

  private static double startAndJoinMillis(ChildProcess.Builder builder) throws InterruptedException {
    ChildProcess process = builder.build();
    long start = System.nanoTime();
    process.start();
    joinOk(process);
    return (System.nanoTime() - start) / 1e6;
  }

  private static List<Figure> poolMap(Scale scale) {
    int tiny = scale.pick(100_000, 2_000);
    int burns = scale.pick(200, 20);
    int workers = 2;
    long iterations = Burn.iterationsFor(Duration.ofMillis(5));
    long start = System.nanoTime();
    try (ProcessPool pool = ProcessPool.builder().maxWorkers(workers).prestart(true).build()) {
      pool.map(x -> x, List.of(0, 1), 1);
      double poolStart = (System.nanoTime() - start) / 1e6;

      List<Long> items = IntStream.range(0, tiny).mapToObj(i -> (long) i).toList();
      start = System.nanoTime();
      // Python's peer calls pool.map(square, range(n)) and lets Pool.map pick the chunk size; so does this one.
      long sum = pool.map(x -> x * x, items).stream().mapToLong(Long::longValue).sum();
      double tinyTook = (System.nanoTime() - start) / 1e9;
      check(sum == (long) (tiny - 1) * tiny * (2L * tiny - 1) / 6, "the squares sum, got " + sum);

      long expected = Burn.chain(0, iterations);
      start = System.nanoTime();
      List<long[]> results = pool.map(Burn::task, java.util.Collections.nCopies(burns, iterations), 1);
      double burnWall = (System.nanoTime() - start) / 1e9;
      check(results.stream().allMatch(r -> r[0] == expected), "every CPU task's result");
      double cpu = results.stream().mapToLong(r -> r[1]).sum() / 1e9;
      return List.of(
          new Figure("pool_start_ms", poolStart, "ms"),
          new Figure("tiny_tasks_per_s", tiny / tinyTook, "tasks/s"),
          new Figure("burn_wall_s", burnWall, "s"),
          new Figure("burn_efficiency", cpu / (workers * burnWall), "ratio"));
    }
  }

  private static void joinOk(ChildProcess process) throws InterruptedException {
    if (!process.join(LIMIT)) {
      process.kill();
      throw new IllegalStateException(process.name() + " did not finish within " + LIMIT);
    }
    check(process.exitCode().orElse(-1) == 0, process.name() + " exited with " + process.exitCode());
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

}
