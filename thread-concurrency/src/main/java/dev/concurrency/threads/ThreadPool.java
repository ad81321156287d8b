package dev.concurrency.threads;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import dev.concurrency.threads.internal.SaturationHandler;
import dev.concurrency.threads.internal.ThreadFactories;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A pool of named worker threads that runs submitted tasks and hands back their results as {@link TaskFuture}s:
 * Python's {@code concurrent.futures.ThreadPoolExecutor}, as a {@link java.util.concurrent.ExecutorService}.
 *
 * <pre>{@code
 * try (ThreadPool pool = ThreadPool.builder().workers(2).queueCapacity(100).name("fetch").build()) {
 *   TaskFuture<String> page = pool.submit(() -> fetch(url));
 *   List<Integer> lengths = pool.map(String::length, List.of("a", "bb", "ccc"));   // [1, 2, 3], in order
 * }   // close() waits for every task, like Python's "with" block
 * }</pre>
 *
 * <p><b>Workers and queue.</b> A fixed pool starts its {@code workers} threads at once; they take tasks from a
 * FIFO queue of {@code queueCapacity} entries (unbounded by default, as in Python). When every worker is busy
 * and a bounded queue is full, the {@link Saturation} policy applies: by default {@link Saturation#BLOCK}, the
 * submitter waits for room. The {@linkplain #virtualPerTask virtual-thread-per-task} variant has no queue and no
 * limit: each task gets a new virtual thread at once.
 *
 * <p><b>Failures and cancellation.</b> A task's exception completes its future exceptionally; nothing is printed.
 * {@link TaskFuture#cancel} succeeds only while a task is queued. {@link #shutdown(boolean, boolean)} is
 * Python's {@code shutdown(wait, cancel_futures)}; {@link #shutdownNow()} also interrupts running tasks. A task
 * given to {@link #execute} has no future: what it throws goes to the worker thread's uncaught-exception handler
 * (see {@link Builder#uncaughtExceptionHandler}).
 *
 * <p>This class is thread-safe: any thread may submit, map or shut down. Memory consistency effects: see the
 * <a href="package-summary.html#MemoryVisibility">package summary</a>; actions before {@code submit} happen-before
 * the task runs, and the task's actions happen-before a successful {@code get()} of its future.
 *
 * <p><b>Python:</b> {@code concurrent.futures.ThreadPoolExecutor(max_workers, thread_name_prefix)}. Differences:
 * workers start eagerly rather than on demand; the queue can be bounded; {@code map} returns a list once every
 * result is in, rather than a lazy iterator; and the module-level {@code wait} and {@code as_completed} live in
 * {@link ConcurrentFutures}. Unlike CPython's, these workers run Java code in parallel on all cores.
 */
public final class ThreadPool extends TaskExecutorBase {

  private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

  private ThreadPool(ExecutorService delegate, @Nullable BlockingQueue<Runnable> queue, String name) {
    super(delegate, queue, name);
  }

  /** A pool of {@code workers} platform threads with an unbounded queue, like Python's default. */
  public static ThreadPool fixed(int workers) {
    return builder().workers(workers).build();
  }

  /**
   * A pool that runs each task on a new virtual thread named {@code name0}, {@code name1}, ...: no queue, no
   * limit on concurrency, cheap for tasks that mostly wait. Its {@code shutdown(wait, true)} cancels nothing,
   * since no task is ever queued.
   */
  public static ThreadPool virtualPerTask(String name) {
    requireNonNull(name, "name");
    return new ThreadPool(
        Executors.newThreadPerTaskExecutor(ThreadFactories.virtual(name, null)), null, name);
  }

  /** A builder with the defaults: one worker per core, unbounded queue, {@link Saturation#BLOCK}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs {@code task} on a worker with no future: what it throws goes to the worker's uncaught-exception
   * handler. Prefer {@link #submit(java.util.concurrent.Callable)}.
   *
   * @throws NullPointerException if {@code task} is null
   * @throws RejectedExecutionException if the pool is shut down, or saturated under {@link Saturation#REJECT}
   */
  @Override
  public void execute(Runnable task) {
    requireNonNull(task, "task: pass the Runnable to run");
    try {
      delegate.execute(task);
    } catch (RejectedExecutionException e) {
      // the virtual-thread delegate rejects with the JDK's terse message; say what to do instead
      throw isShutdown() && !(e.getCause() instanceof InterruptedException) ? SaturationHandler.shutDown(name) : e;
    }
  }

  /**
   * Applies {@code fn} to every item on the pool's workers and returns the results in the items' order, as
   * Python's {@code Executor.map}. Every item is submitted first (blocking under {@link Saturation#BLOCK} while
   * the queue is full), then the results are collected in order.
   *
   * @throws ExecutionException if {@code fn} threw for some item: the first such item in input order; the tasks
   *     not yet started are cancelled
   * @throws InterruptedException if interrupted while waiting; the tasks not yet started are cancelled
   */
  public <T, R> List<R> map(Function<? super T, ? extends R> fn, Iterable<? extends T> items)
      throws InterruptedException, ExecutionException {
    try {
      return collect(fn, items, null);
    } catch (TimeoutException impossible) {
      throw new AssertionError("no deadline was given", impossible);
    }
  }

  /**
   * {@link #map(Function, Iterable)} with a deadline of {@code timeout} from this call for all the results.
   *
   * @throws TimeoutException if some result is not in by the deadline; the tasks not yet started are cancelled
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public <T, R> List<R> map(Function<? super T, ? extends R> fn, Iterable<? extends T> items, Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    requireNonNull(timeout, "timeout");
    checkArgument(!timeout.isNegative(), "timeout must not be negative, got %s; use Duration.ZERO to poll", timeout);
    return collect(fn, items, timeout);
  }

  private <T, R> List<R> collect(
      Function<? super T, ? extends R> fn, Iterable<? extends T> items, @Nullable Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    requireNonNull(fn, "fn: pass the function to apply");
    requireNonNull(items, "items");
    long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
    List<TaskFuture<R>> futures = new ArrayList<>();
    try {
      for (T item : items) {
        futures.add(submit(() -> fn.apply(item)));
      }
      List<R> results = new ArrayList<>(futures.size());
      for (TaskFuture<R> future : futures) {
        results.add(
            timeout == null
                ? future.get()
                : future.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS));
      }
      return results;
    } finally {
      for (TaskFuture<R> future : futures) {
        future.cancel(/* mayInterruptIfRunning= */ false); // a no-op on finished ones
      }
    }
  }

  /**
   * Configuration for a fixed {@link ThreadPool}. Not thread-safe; {@link #build()} may be called more than
   * once, each time making a new pool.
   */
  public static final class Builder {
    private int workers = Runtime.getRuntime().availableProcessors();
    private int queueCapacity = Integer.MAX_VALUE;
    private Saturation saturation = Saturation.BLOCK;
    private @Nullable String name;
    private boolean daemon;
    private Thread.@Nullable UncaughtExceptionHandler handler;

    private Builder() {}

    /** The number of worker threads, at least 1; default one per core. */
    public Builder workers(int workers) {
      checkArgument(workers >= 1, "workers must be at least 1, got %s", workers);
      this.workers = workers;
      return this;
    }

    /** The most tasks that wait for a worker, at least 1; default unbounded ({@code Integer.MAX_VALUE}). */
    public Builder queueCapacity(int queueCapacity) {
      checkArgument(queueCapacity >= 1, "queueCapacity must be at least 1, got %s", queueCapacity);
      this.queueCapacity = queueCapacity;
      return this;
    }

    /** What {@code submit} does when the queue is full; default {@link Saturation#BLOCK}. */
    public Builder saturation(Saturation saturation) {
      this.saturation = requireNonNull(saturation, "saturation");
      return this;
    }

    /**
     * The pool's name; workers are named {@code name-worker-0}, {@code name-worker-1}, ... Default {@code
     * pool-N}, N counting pools made in this JVM.
     */
    public Builder name(String name) {
      this.name = requireNonNull(name, "name");
      return this;
    }

    /** Whether workers are daemon threads, which do not keep the JVM alive; default {@code false}. */
    public Builder daemon(boolean daemon) {
      this.daemon = daemon;
      return this;
    }

    /** Receives what tasks given to {@code execute} throw; default the JVM's handler, which prints it. */
    public Builder uncaughtExceptionHandler(Thread.UncaughtExceptionHandler handler) {
      this.handler = requireNonNull(handler, "handler");
      return this;
    }

    /** Starts the workers and returns the pool. */
    public ThreadPool build() {
      String poolName = name != null ? name : "pool-" + POOL_NUMBER.incrementAndGet();
      BlockingQueue<Runnable> queue =
          queueCapacity == Integer.MAX_VALUE
              ? new LinkedBlockingQueue<>()
              : queueCapacity <= 1 << 16 ? new ArrayBlockingQueue<>(queueCapacity)
              : new LinkedBlockingQueue<>(queueCapacity);
      ThreadPoolExecutor executor =
          new ThreadPoolExecutor(
              workers,
              workers,
              0,
              TimeUnit.MILLISECONDS,
              queue,
              ThreadFactories.platform(poolName + "-worker-", daemon, handler),
              new SaturationHandler(saturation, poolName));
      executor.prestartAllCoreThreads();
      return new ThreadPool(executor, queue, poolName);
    }
  }
}
