package dev.concurrency.processes.internal;

import java.util.concurrent.CompletableFuture;

/**
 * The future of a pool's task: a {@link CompletableFuture} whose {@link #cancel} is the pool's, so that it means
 * what it says for a task in another process.
 *
 * <p>{@code cancel(false)} cancels a task that waits in the pool's queue (it never runs) and returns {@code false}
 * for one already handed to a worker, which Python counts as running. {@code cancel(true)} also stops a task a
 * worker holds: one that has not started is skipped by the worker, and one that has started (or starts before the
 * worker reads the request) is stopped by killing its worker, which the pool replaces. It never returns
 * {@code true} for a task that is left to run on. Completing the future by hand ({@link #complete},
 * {@link #completeExceptionally}) does not stop the task; its result is then dropped.
 *
 * <p>Thread-safe, as {@code CompletableFuture} is. Dependent stages ({@code thenApply} and friends) are plain
 * {@code CompletableFuture}s: cancelling one of them does not cancel the task.
 */
final class PoolFuture extends CompletableFuture<Object> {

  private final PoolCore core;
  private final Job job;

  PoolFuture(PoolCore core, Job job) {
    this.core = core;
    this.job = job;
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    return core.cancel(job, mayInterruptIfRunning);
  }

  /** The task this future stands for. */
  Job job() {
    return job;
  }

  /** Completes this future as cancelled, without asking the pool: the pool's own step once it decided. */
  boolean markCancelled() {
    return super.cancel(/* mayInterruptIfRunning= */ false);
  }

  @Override
  public <U> CompletableFuture<U> newIncompleteFuture() {
    return new CompletableFuture<>(); // dependents are plain futures: only this one stands for the task
  }

  @Override
  public String toString() {
    return super.toString().replaceFirst("^[^\\[]*", "PoolFuture(" + job + ")");
  }
}
