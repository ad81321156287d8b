package dev.concurrency.benchmarks.runner;

import static java.util.Objects.requireNonNull;

/**
 * Whether a system can run on this machine: available with its version, or missing with the reason and what to
 * install. A missing system is reported as missing in every output, never skipped silently.
 */
public sealed interface Availability {

  /** The system runs here. @param version what ran, for the tables ({@code Python 3.11.2, uvloop 0.17.0}) */
  record Available(String version) implements Availability {
    /** Checks the part. */
    public Available {
      requireNonNull(version, "version");
    }
  }

  /** The system cannot run here. @param reason why, and what to do about it */
  record Missing(String reason) implements Availability {
    /** Checks the part. */
    public Missing {
      requireNonNull(reason, "reason");
    }
  }
}
