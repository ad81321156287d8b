package dev.concurrency.benchmarks.runner;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Starts a fresh process and waits for it: the seam between the runner and the operating system, so tests can
 * replace it.
 *
 * <p>Implementations must be safe to call from one thread at a time; the runner never calls one concurrently.
 */
@FunctionalInterface
public interface Launcher {

  /**
   * Runs the command to its end, or kills it (and its descendants) once the timeout has passed.
   *
   * @throws IOException if the program cannot be started (not installed, not executable)
   * @throws InterruptedException if the calling thread is interrupted while waiting; the child is killed first
   */
  Outcome run(List<String> command, Duration timeout) throws IOException, InterruptedException;

  /**
   * How a child process ended.
   *
   * @param exitCode its exit status (meaningless when {@code timedOut})
   * @param stdout its standard output, line by line
   * @param stderr its standard error, whole
   * @param timedOut whether it was killed for running past the timeout
   */
  record Outcome(int exitCode, List<String> stdout, String stderr, boolean timedOut) {
    private static final String FAILED_PREFIX = "# failed: ";

    /** Copies the lines. */
    public Outcome {
      stdout = ImmutableList.copyOf(stdout);
    }

    /** Whether it ended by itself with status 0. */
    public boolean succeeded() {
      return !timedOut && exitCode == 0;
    }

    /**
     * Why a child failed, from its standard error: its own {@code # failed: } line when it printed one (the
     * runner's children and the Python peers do), else the last few lines.
     */
    public String reason() {
      return stderr.lines()
          .filter(line -> line.startsWith(FAILED_PREFIX))
          .map(line -> line.substring(FAILED_PREFIX.length()))
          .findFirst()
          .orElseGet(this::stderrTail);
    }

    /** The last few lines of standard error. */
    public String stderrTail() {
      List<String> lines = stderr.lines().toList();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
    }
  }
}
