package dev.concurrency.cluster.internal;

import static java.util.Objects.requireNonNull;

import java.io.Serial;
import java.io.Serializable;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Runnable} task as a {@link Callable} that returns null.
 *
 * @param runnable a serializable runnable
 */
public record RunnableCall(Runnable runnable) implements Callable<@Nullable Object>, Serializable {

  @Serial private static final long serialVersionUID = 1L;

  /** Checks the runnable. */
  public RunnableCall {
    requireNonNull(runnable, "runnable");
  }

  @Override
  public @Nullable Object call() {
    runnable.run();
    return null;
  }
}
