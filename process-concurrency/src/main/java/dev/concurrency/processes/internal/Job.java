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

  private static final byte[] RELEASED = new byte[0];

  final long id;
  /** The encoded task; dropped once the future completes, as Python drops a finished work item. */
  volatile byte[] payload;
  /** The task as submitted; dropped once the future completes, so a kept future does not keep what it captured. */
  volatile @Nullable Object task;
  final Function<@Nullable Object, @Nullable Object> onResult;
  final PoolFuture future;
  @Nullable ScheduledFuture<?> timeout;
  /** The worker said STARTED: the task runs, or ran; if its worker dies now, the task fails rather than moves. */
  boolean started;
  /** {@code cancel(true)} was called before it started: its worker is told to skip it, or killed if it starts. */
  boolean cancelRequested;
  /**
   * The pool asked the worker it was sent ahead to for it back, for a worker that is free: it moves when the worker
   * answers SKIPPED, and stays where it is if the worker says STARTED first.
   */
  boolean revoking;
  /** Its event while a worker holds it, when a recording wants one ({@link ProcessPoolEvents}). */
  ProcessPoolEvents.@Nullable PoolTask event;

  Job(long id, byte[] payload, Object task, Function<@Nullable Object, @Nullable Object> onResult, PoolCore core) {
    this.id = id;
    this.payload = requireNonNull(payload, "payload");
    this.task = requireNonNull(task, "task");
    this.onResult = requireNonNull(onResult, "onResult");
    this.future = new PoolFuture(core, this);
    future.whenComplete(
        (value, failure) -> {
          release();
          core.counts.taskDone(failure);
        });
  }

  private void release() {
    payload = RELEASED;
    task = null;
  }

  /**
   * The task as it was submitted, or null once its future completed.
   *
   * @return the task, or {@code null}
   */
  public @Nullable Object task() {
    return task;
  }

  @Override
  public String toString() {
    return "task #" + id;
  }
}
