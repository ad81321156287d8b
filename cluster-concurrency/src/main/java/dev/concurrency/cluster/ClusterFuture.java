package dev.concurrency.cluster;

import static java.util.Objects.requireNonNull;

import dev.concurrency.cluster.internal.Dispatcher;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The future of a task sent to a cluster member by a {@link ClusterPool}: a {@link CompletableFuture} that also
 * says where the task was sent and, once it is done, where it ran.
 *
 * <p>It completes with the task's result, or exceptionally with a {@link RemoteException} (the task threw), a
 * {@link TaskLostException} (its member left), a {@link ClassNotAllowedException} (an allowlist refused a class),
 * an {@link IllegalArgumentException} (the result could not be serialized), or a
 * {@link java.util.concurrent.CancellationException}. {@link #cancel(boolean)} also cancels the task on its member
 * (interrupting it there if asked and it runs) for an at-most-once pool; for an at-least-once pool it only stops
 * the waiting: the stored task still runs.
 *
 * <p>Dependent stages added without an executor ({@code thenApply}, not {@code thenApplyAsync}) may run on a
 * Hazelcast thread that delivers responses: keep them short, or give them an executor.
 *
 * <p>This class is thread-safe, as {@link CompletableFuture} is. Memory consistency effects: as for
 * {@link CompletableFuture}, plus those of the <a href="package-summary.html#MemoryVisibility">package
 * documentation</a>.
 *
 * <p><b>Python:</b> {@code concurrent.futures.Future} as Dask's {@code ClientExecutor.submit} returns it; Ray's
 * {@code ObjectRef}.
 *
 * @param <T> the result type
 */
public final class ClusterFuture<T> extends CompletableFuture<T> {

  private final String task;
  private final MemberInfo sentTo;
  private final Dispatcher.Canceller remote;
  private volatile @Nullable MemberInfo ranOn;

  ClusterFuture(String task, MemberInfo sentTo, Dispatcher.Canceller remote) {
    this.task = requireNonNull(task, "task");
    this.sentTo = requireNonNull(sentTo, "sentTo");
    this.remote = requireNonNull(remote, "remote");
  }

  /**
   * The task's label, as in {@link TaskRun#task()}.
   *
   * @return such as {@code task 7}
   */
  public String task() {
    return task;
  }

  /**
   * The member the task was sent to.
   *
   * @return the member
   */
  public MemberInfo sentTo() {
    return sentTo;
  }

  /**
   * The member that ran the task, once its result or exception came back.
   *
   * @return the member, or empty while the task is in flight, after it was lost, or after it was cancelled
   */
  public Optional<MemberInfo> ranOn() {
    return Optional.ofNullable(ranOn);
  }

  void ranOn(MemberInfo member) {
    this.ranOn = member;
  }

  /**
   * Cancels the task: this future completes with a {@link java.util.concurrent.CancellationException}, and an
   * at-most-once task is cancelled on its member too (blocking for that round trip), interrupted there if
   * {@code mayInterruptIfRunning} and it is running.
   *
   * @param mayInterruptIfRunning whether to interrupt the task's thread on the member if it runs
   * @return whether this call cancelled the future
   */
  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    if (cancelled) {
      remote.cancel(mayInterruptIfRunning);
    }
    return cancelled;
  }

  /** The task, where it went, and the state, as {@link CompletableFuture#toString()} gives it. */
  @Override
  public String toString() {
    return "ClusterFuture[" + task + " sent to " + sentTo + ", " + super.toString() + "]";
  }
}
