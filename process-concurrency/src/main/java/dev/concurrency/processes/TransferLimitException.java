package dev.concurrency.processes;

import static java.util.Objects.requireNonNull;

import java.io.Serial;

/**
 * Something that should cross to or from a child process is larger than one of the {@link TransferLimits}: the
 * message names the limit, its value and how to raise it.
 *
 * <p>Thrown by {@code submit} (and {@code map}, {@code ChildProcess.Builder.build}) for a task or argument too
 * large to send, before anything is sent; the cause of a task's failure when its result, or its payload once
 * decoded in the child, exceeds a limit. In the second case the worker survives and runs the next task.
 *
 * <p>Instances are immutable and safe to share between threads.
 *
 * <p><b>Python:</b> none; {@code multiprocessing} sends whatever pickles.
 */
public final class TransferLimitException extends IllegalArgumentException {

  @Serial private static final long serialVersionUID = 1L;

  /** The limit that was exceeded. */
  private final TransferLimits.Limit limit;

  /**
   * Creates one.
   *
   * @param limit the limit that was exceeded
   * @param message what was too large, naming the limit and how to raise it
   */
  public TransferLimitException(TransferLimits.Limit limit, String message) {
    super(message);
    this.limit = requireNonNull(limit, "limit");
  }

  /**
   * The limit that was exceeded.
   *
   * @return the limit
   */
  public TransferLimits.Limit limit() {
    return limit;
  }
}
