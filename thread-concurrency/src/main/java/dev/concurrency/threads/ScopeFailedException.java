package dev.concurrency.threads;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * Thrown by {@link TaskScope#join()} when subtasks failed: the first failure is the cause, and every later
 * failure that was not merely the scope's cancellation is {@linkplain #getSuppressed() suppressed} in it and
 * listed by {@link #failures()}.
 *
 * <p><b>Python:</b> the {@code ExceptionGroup} that {@code asyncio.TaskGroup} raises (with the first failure
 * first); JDK 25: {@code StructuredTaskScope.FailedException}, which carries the first failure only.
 */
public final class ScopeFailedException extends ExecutionException {

  private static final long serialVersionUID = 1L;

  /** The failures in the order they happened; transient: not serialized. */
  private final transient ImmutableList<Throwable> failures;

  ScopeFailedException(Throwable first, List<Throwable> later) {
    super(
        "subtask failed: " + first + (later.isEmpty() ? "" : " (and " + later.size() + " more, suppressed)"),
        first);
    later.forEach(this::addSuppressed);
    this.failures = ImmutableList.<Throwable>builder().add(first).addAll(later).build();
  }

  /**
   * Every failure, first first.
   *
   * @return the failures
   */
  public List<Throwable> failures() {
    return failures == null ? List.of(getCause()) : failures;
  }
}
