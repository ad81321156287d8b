package dev.concurrency.processes.internal;

import static java.util.Objects.requireNonNull;

import dev.concurrency.processes.SerializableCallable;
import dev.concurrency.processes.SerializableRunnable;
import java.io.Serial;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SerializableRunnable} seen as a {@link SerializableCallable} that returns {@code null}, so that the
 * child runs one kind of task.
 *
 * @param runnable the task
 */
public record RunnableTask(SerializableRunnable runnable) implements SerializableCallable<@Nullable Object> {

  @Serial private static final long serialVersionUID = 1L;

  /** Checks the part. */
  public RunnableTask {
    requireNonNull(runnable, "runnable");
  }

  @Override
  public @Nullable Object call() {
    runnable.run();
    return null;
  }
}
