package dev.concurrency.threads;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.base.Ticker;
import com.google.common.math.LongMath;
import dev.concurrency.threads.internal.PrioritizedTask;
import dev.concurrency.threads.internal.SaturationHandler;
import dev.concurrency.threads.internal.ThreadFactories;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * An executor whose waiting tasks run highest priority first, first-come first-served among equal priorities,
 * with optional aging so that a low-priority task cannot wait forever: the seed's FAQ Q2 "priority scheduling".
 *
 * {@snippet class=dev.concurrency.threads.ThreadsJavadocSnippetsTest region=priority}
 *
 * <p><b>Why not a ThreadPoolExecutor over a PriorityBlockingQueue?</b> Because its {@code submit} wraps the task
 * in a {@code FutureTask}, which is not {@code Comparable}, so the queue throws {@code ClassCastException} as
 * soon as a task has to wait; and because its first {@code corePoolSize} tasks bypass the queue altogether. Here
 * every queued entry is a comparable {@link PrioritizedTask} and the workers are started up front.
 *
 * <p><b>Order.</b> A larger {@code int} priority runs earlier; {@link #DEFAULT_PRIORITY} is 0; equal priorities
 * run in submission order. Priorities decide only among <i>waiting</i> tasks: a running task is never
 * preempted. <b>Aging.</b> With an {@linkplain Builder#agingStep aging step} {@code A}, a task that has waited
 * for time {@code w} competes as if its priority were {@code priority + w / A}. Because every waiting task ages
 * at the same rate, that order never changes while tasks wait: it equals the order of the fixed key {@code
 * arrival - priority * A}, so a plain heap keeps it exact. A task of priority {@code p} waits behind a task of
 * priority {@code p + k} that arrives later only while that one arrives less than {@code k * A} after it.
 *
 * <p>This class is thread-safe. Memory consistency effects: as in the <a
 * href="package-summary.html#MemoryVisibility">package summary</a>.
 *
 * <p><b>Python:</b> no executor of the standard library has priorities; the usual recipe is a {@code
 * queue.PriorityQueue} of {@code (priority, count, task)} tuples fed to worker threads, smaller first, which is
 * this class without aging and with the sign reversed.
 */
public final class PriorityExecutor extends TaskExecutorBase {

  /** The priority of tasks given without one ({@code execute}, {@code submit(Callable)}, {@code invokeAll}). */
  public static final int DEFAULT_PRIORITY = 0;

  private final AtomicLong arrivals = new AtomicLong();
  private final Ticker ticker;
  private final long origin;
  private final long agingNanos;

  private PriorityExecutor(ThreadPoolExecutor delegate, String name, Ticker ticker, long agingNanos) {
    super(delegate, delegate.getQueue(), name);
    this.ticker = ticker;
    this.origin = ticker.read();
    this.agingNanos = agingNanos;
  }

  /**
   * A builder with the defaults: one worker, no aging, the system ticker.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Queues {@code task} with the given priority; larger runs earlier.
   *
   * @param priority the priority; larger runs earlier
   * @param task the task
   * @param <T> the result type
   * @return the task's future
   * @throws NullPointerException if {@code task} is null
   * @throws java.util.concurrent.RejectedExecutionException if the executor is shut down
   */
  public <T> TaskFuture<T> submit(int priority, Callable<T> task) {
    TaskFuture<T> future = new TaskFuture<>(requireNonNull(task, "task: pass the Callable to run"));
    delegate.execute(entry(priority, future));
    return future;
  }

  /** Runs {@code task} at {@link #DEFAULT_PRIORITY}; what it throws goes to the worker's handler. */
  @Override
  public void execute(Runnable task) {
    requireNonNull(task, "task: pass the Runnable to run");
    delegate.execute(task instanceof PrioritizedTask p ? p : entry(DEFAULT_PRIORITY, task));
  }

  private PrioritizedTask entry(int priority, Runnable task) {
    long key =
        agingNanos == 0
            ? -(long) priority
            : LongMath.saturatedSubtract(
                ticker.read() - origin, LongMath.saturatedMultiply(priority, agingNanos));
    return new PrioritizedTask(key, arrivals.getAndIncrement(), task);
  }

  @Override
  protected Runnable unwrap(Runnable queued) {
    return queued instanceof PrioritizedTask p ? p.task() : queued;
  }

  /** Configuration for a {@link PriorityExecutor}. Not thread-safe. */
  public static final class Builder {
    private int workers = 1;
    private @Nullable Duration agingStep;
    private Ticker ticker = Ticker.systemTicker();
    private String name = "priority";

    private Builder() {}

    /**
     * The number of worker threads, at least 1; default 1, which makes the order easiest to see.
     *
     * @param workers the number of worker threads, at least 1
     * @return this builder
     */
    public Builder workers(int workers) {
      checkArgument(workers >= 1, "workers must be at least 1, got %s", workers);
      this.workers = workers;
      return this;
    }

    /**
     * Turns aging on: waiting for {@code step} counts as one priority level. Default off (strict priority; a
     * steady stream of high-priority work then starves the rest).
     *
     * @param step the waiting time worth one priority level, positive
     * @return this builder
     * @throws IllegalArgumentException if {@code step} is not positive
     */
    public Builder agingStep(Duration step) {
      requireNonNull(step, "step");
      checkArgument(step.isPositive(), "agingStep must be positive, got %s", step);
      this.agingStep = step;
      return this;
    }

    /**
     * The clock aging reads; tests pass a fake one. Default {@link Ticker#systemTicker()}.
     *
     * @param ticker the clock aging reads
     * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * The name of the executor; workers are {@code name-worker-0}, ... Default {@code priority}.
     *
     * @param name the executor's name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = requireNonNull(name, "name");
      return this;
    }

    /**
     * Starts the workers and returns the executor.
     *
     * @return the started executor
     */
    public PriorityExecutor build() {
      ThreadPoolExecutor executor =
          new ThreadPoolExecutor(
              workers,
              workers,
              0,
              TimeUnit.MILLISECONDS,
              new PriorityBlockingQueue<>(16, PrioritizedTask.ORDER),
              ThreadFactories.platform(name + "-worker-", /* daemon= */ false, null),
              new SaturationHandler(Saturation.REJECT, name));
      // started now, so that no task bypasses the queue as a new worker's first task
      executor.prestartAllCoreThreads();
      long aging = agingStep == null ? 0 : Math.max(1, agingStep.toNanos());
      return new PriorityExecutor(executor, name, ticker, aging);
    }
  }
}
