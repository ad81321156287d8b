package dev.concurrency.processes;

import java.io.Serial;
import java.util.OptionalInt;
import java.util.concurrent.RejectedExecutionException;

/**
 * A worker process of a {@link ProcessPool} died while it ran a task (a crash, {@code System.exit},
 * {@code kill -9}), or the pool itself is broken. The task's future fails with this exception as the cause of its
 * {@link java.util.concurrent.ExecutionException} as soon as the death is seen; once a pool is broken (see
 * {@link ProcessPool.FaultPolicy}), {@code submit} throws it too, which is why it is a
 * {@link RejectedExecutionException}.
 *
 * <p>Instances are immutable and safe to share between threads.
 *
 * <p><b>Python:</b> {@code concurrent.futures.process.BrokenProcessPool}.
 */
public final class BrokenPoolException extends RejectedExecutionException {

  @Serial private static final long serialVersionUID = 1L;

  /** The dead worker's exit status in Python's convention; meaningful only if {@link #hasExitCode}. */
  private final int exitCode;

  /** Whether an exit status is known. */
  private final boolean hasExitCode;

  /**
   * Creates one.
   *
   * @param message what happened, naming the worker and the exit code
   * @param exitCode the dead worker's exit status in Python's convention, or {@code null} if none is known
   */
  public BrokenPoolException(String message, @org.jspecify.annotations.Nullable Integer exitCode) {
    super(message);
    this.hasExitCode = exitCode != null;
    this.exitCode = exitCode == null ? 0 : exitCode;
  }

  /**
   * The dead worker's exit status in Python's convention ({@code -9} after {@code kill -9}), if known.
   *
   * @return the status, or empty
   */
  public OptionalInt exitCode() {
    return hasExitCode ? OptionalInt.of(exitCode) : OptionalInt.empty();
  }
}
