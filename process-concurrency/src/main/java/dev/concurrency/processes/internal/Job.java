package dev.concurrency.processes.internal;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.ScheduledFuture;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One submitted task: its request id, its encoded form, the task as submitted (for {@code shutdownNow}), what its
 * result becomes, and the future its caller holds. The mutable fields are guarded by the pool's lock.
 */
public final class Job {

  final long id;
  final byte[] payload;
  final Object task;
  final Function<@Nullable Object, @Nullable Object> onResult;
  final PoolFuture future;
  @Nullable ScheduledFuture<?> timeout;
  /** The worker said STARTED: the task runs, or ran; if its worker dies now, the task fails rather than moves. */
  boolean started;
  /** {@code cancel(true)} was called before it started: its worker is told to skip it, or killed if it starts. */
  boolean cancelRequested;

  Job(long id, byte[] payload, Object task, Function<@Nullable Object, @Nullable Object> onResult, PoolCore core) {
    this.id = id;
    this.payload = requireNonNull(payload, "payload");
    this.task = requireNonNull(task, "task");
    this.onResult = requireNonNull(onResult, "onResult");
    this.future = new PoolFuture(core, this);
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
