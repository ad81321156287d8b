package dev.concurrency.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The seed parity harness: runs one of the seed's Python samples with {@code python3} and the Java port in the
 * same test, so that the two can be compared line for line and in timing shape.
 *
 * <p>The Python programs are this repository's own, in {@code examples/src/test/python/}: written for the project
 * after the seed's samples, printing what they print (the build passes the folder as the {@code seed.python.dir}
 * system property). Only a missing {@code python3} makes {@link #runPython} skip the calling test, with a message
 * saying so: a skipped parity test is reported as skipped, never as passed. A missing program fails the test.
 */
public final class SeedParity {

  private static final Duration PYTHON_LIMIT = Duration.ofSeconds(60);

  /** How many times to run a Python sample whose output came out torn (see {@link #torn}). */
  private static final int TEAR_ATTEMPTS = 3;

  private SeedParity() {}

  /**
   * Runs {@code python3 <seed.python.dir>/<file>} and captures its standard output.
   *
   * <p>Skips the calling test (a JUnit assumption) when {@code python3} is missing; fails it when the program is.
   * Runs the sample again, up to three times in all, when two of its threads or processes tore a line.
   */
  public static ExampleRun runPython(String file) throws IOException, InterruptedException {
    ExampleRun run = runPythonOnce(file);
    for (int attempt = 1; attempt < TEAR_ATTEMPTS && torn(run); attempt++) {
      run = runPythonOnce(file);
    }
    return run;
  }

  /**
   * Whether two writers tore each other's lines. Unbuffered, CPython's {@code print} writes the text and the
   * newline in two calls, so two threads or processes sharing stdout sometimes print {@code "Task 1 startedTask 2
   * started"} followed by an empty line. The sample runs buffered to prevent that; should a tear still happen (a
   * {@code PYTHONUNBUFFERED} the harness did not see), it is the Python sample racing on its stdout, not a
   * difference in what the programs print, so the harness runs the sample again, a few times at most.
   */
  private static boolean torn(ExampleRun run) {
    return run.lines().contains("");
  }

  private static ExampleRun runPythonOnce(String file) throws IOException, InterruptedException {
    String dir = System.getProperty("seed.python.dir", "src/test/python"); // Surefire's working folder: examples/
    Path script = Path.of(dir).resolve(file).normalize();
    assertThat(script).as("the Python reference program (examples/src/test/python/%s)", file).isRegularFile();
    assumeTrue(python3Available(), "seed parity skipped: python3 is not on the PATH");

    // Buffered output, not -u: each of the sample's processes then writes its few lines in one write, when it
    // flushes at exit, and a pipe keeps a write that small whole. Unbuffered, print writes the text and the newline
    // in two calls, and two processes printing at once tear each other's lines (CI saw it three times in a row).
    ProcessBuilder builder = new ProcessBuilder("python3", script.toString()).redirectErrorStream(true);
    builder.environment().put("PYTHONIOENCODING", "utf-8");
    builder.environment().remove("PYTHONUNBUFFERED");
    long start = System.nanoTime();
    Process process = builder.start();
    List<String> lines;
    try (var reader = process.inputReader(StandardCharsets.UTF_8)) {
      lines = reader.lines().toList();
    }
    boolean exited = process.waitFor(PYTHON_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    Duration wall = Duration.ofNanos(System.nanoTime() - start);
    if (!exited) {
      process.destroyForcibly();
      throw new AssertionError("python3 " + file + " did not finish within " + PYTHON_LIMIT);
    }
    assertThat(process.exitValue()).as("exit status of python3 %s; output: %s", file, lines).isZero();
    return new ExampleRun(lines, wall);
  }

  /**
   * The parity check shared by the seed's two concurrent samples (threads, processes): the Python sample and the
   * Java port print the same lines, and in each run every task's "started" line precedes its "completed" line,
   * the only ordering both guarantee. Skips as {@link #runPython} does.
   */
  public static void assertParity(String pythonFile, String example, int tasks) throws Exception {
    ExampleRun python = runPython(pythonFile);
    ExampleRun java = ExampleRun.of(example);

    assertSameLines(python, java);
    assertStartedBeforeCompleted(python, tasks);
    assertStartedBeforeCompleted(java, tasks);
  }

  /** Asserts that both runs printed the same lines, ignoring order. */
  public static void assertSameLines(ExampleRun python, ExampleRun java) {
    assertThat(java.lines()).as("the Java port prints what the Python sample prints").containsExactlyInAnyOrderElementsOf(python.lines());
  }

  /** Asserts that, in one run, each task's "started" line comes before its "completed" line. */
  public static void assertStartedBeforeCompleted(ExampleRun run, int tasks) {
    List<String> lines = new ArrayList<>(run.lines());
    for (int task = 1; task <= tasks; task++) {
      int started = lines.indexOf("Task " + task + " started");
      int completed = lines.indexOf("Task " + task + " completed");
      assertThat(started).as("task %d started in %s", task, lines).isNotNegative();
      assertThat(completed).as("task %d completed after it started, in %s", task, lines).isGreaterThan(started);
    }
  }

  private static boolean python3Available() {
    try {
      Process probe = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
      probe.getInputStream().readAllBytes();
      return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
