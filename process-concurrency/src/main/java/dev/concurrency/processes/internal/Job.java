package dev.concurrency.processes.internal;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * One submitted task: its request id, its serialized form, the original object (for {@code shutdownNow}), and
 * the future its caller holds. The mutable fields are guarded by the pool's lock.
 */
public final class Job {

  final long id;
  final byte[] payload;
  final Object task;
  final CompletableFuture<Object> future;
  @Nullable ScheduledFuture<?> timeout;

  Job(long id, byte[] payload, Object task, CompletableFuture<Object> future) {
    this.id = id;
    this.payload = requireNonNull(payload, "payload");
    this.task = requireNonNull(task, "task");
    this.future = requireNonNull(future, "future");
  }

  /** The task as it was submitted. */
  public Object task() {
    return task;
  }

  @Override
  public String toString() {
    return "task #" + id;
  }
}
