package dev.concurrency.benchmarks.runner;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * Something the runner has to say about a run besides figures: a system that is missing, or a workload that
 * failed. Printed as a {@code #} comment line among the TSV lines and listed under the Markdown tables, so
 * nothing is skipped silently.
 */
public sealed interface Note {

  /** The system concerned. */
  String system();

  /** The line printed among the TSV lines, starting with {@code #} so TSV readers pass over it. */
  String line();

  /**
   * A system that cannot run here, so none of its workloads ran.
   *
   * @param system the system
   * @param reason why, and what to install
   */
  record Missing(String system, String reason) implements Note {
    /** Checks the parts. */
    public Missing {
      requireNonNull(system, "system");
      requireNonNull(reason, "reason");
    }

    @Override
    public String line() {
      return "# missing: " + system + ": " + reason;
    }
  }

  /**
   * A workload that ran but gave no valid figures: it threw (its own check failed), crashed, or timed out.
   *
   * @param system the system
   * @param workload the workload, or null when the failure is not about one workload
   * @param reason what went wrong
   */
  record Failed(String system, @Nullable String workload, String reason) implements Note {
    /** Checks the parts. */
    public Failed {
      requireNonNull(system, "system");
      requireNonNull(reason, "reason");
    }

    @Override
    public String line() {
      return "# failed: " + system + (workload == null ? "" : " " + workload) + ": "
          + reason.replace('\n', ' ').strip();
    }
  }
}
