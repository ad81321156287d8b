package dev.concurrency.benchmarks.jdk;

import static dev.concurrency.benchmarks.workload.Workload.check;

import dev.concurrency.benchmarks.workload.Figure;
import dev.concurrency.benchmarks.workload.Scale;
import dev.concurrency.benchmarks.workload.ThisJvm;
import dev.concurrency.benchmarks.workload.Workload;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The process workloads with {@link ProcessBuilder} starting plain JVM children (default flags, this JVM's class
 * path): what a Java program pays for a child process without a pool or a warm spare. System {@code jdk-process}.
 */
public final class JvmChildWorkloads {

  private JvmChildWorkloads() {}

  /** P1 and P2. */
  public static List<Workload> all() {
    return List.of(
        Workload.of("P1_seed_process", JvmChildWorkloads::seedProcess),
        Workload.of("P2_spawn_latency", JvmChildWorkloads::spawnLatency));
  }

  /** P1: the seed's two processes, started together and joined; each must print its two lines. */
  static List<Figure> seedProcess(Scale scale) throws Exception {
    long start = System.nanoTime();
    Process p1 = child("task1").start();
    Process p2 = child("task2").start();
    String out1 = finish(p1);
    String out2 = finish(p2);
    long nanos = System.nanoTime() - start;
    check(out1.equals("Task 1 started\nTask 1 completed\n"), "child 1 printed '" + out1 + "'");
    check(out2.equals("Task 2 started\nTask 2 completed\n"), "child 2 printed '" + out2 + "'");
    return List.of(Measure.wallSeconds("wall_s", nanos));
  }

  /** P2: start and join of a no-op child, 20 times (5 when quick); the median. */
  static List<Figure> spawnLatency(Scale scale) throws Exception {
    long[] runs = new long[scale.pick(20, 5)];
    for (int i = 0; i < runs.length; i++) {
      long start = System.nanoTime();
      String out = finish(child("noop").start());
      runs[i] = System.nanoTime() - start;
      check(out.isEmpty(), "the no-op child printed '" + out + "'");
    }
    return List.of(new Figure("median_ms", Measure.millis(Measure.percentile(runs, 0.5)), "ms"));
  }

  /** The command of a child JVM in the given role, as data. */
  static ProcessBuilder child(String role) {
    return new ProcessBuilder(
            ThisJvm.java(), "-cp", ThisJvm.classPath(),
            JvmChild.class.getName(), role)
        .redirectError(ProcessBuilder.Redirect.INHERIT);
  }

  /** Reads the child's output to the end and waits for it; fails unless it exits 0 in time. */
  private static String finish(Process process) throws IOException, InterruptedException {
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(Measure.PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("a child JVM did not exit within " + Measure.PATIENCE);
    }
    check(process.exitValue() == 0, "a child JVM exited with " + process.exitValue());
    return out.replace("\r\n", "\n");
  }
}
