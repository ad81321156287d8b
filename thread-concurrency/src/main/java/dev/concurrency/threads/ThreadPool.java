package dev.concurrency.threads;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import dev.concurrency.threads.internal.ObservedThreadPool;
import dev.concurrency.threads.internal.SaturationHandler;
import dev.concurrency.threads.internal.ThreadFactories;
import com.google.common.collect.AbstractIterator;
import java.time.Duration;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A pool of named worker threads that runs submitted tasks and hands back their results as {@link TaskFuture}s:
 * Python's {@code concurrent.futures.ThreadPoolExecutor}, as a {@link java.util.concurrent.ExecutorService}.
 *
 * {@snippet class=dev.concurrency.threads.ThreadsJavadocSnippetsTest region=thread-pool}
 *
 * <p><b>Workers and queue.</b> A fixed pool starts its {@code workers} threads at once; they take tasks from a
 * FIFO queue of {@code queueCapacity} entries (unbounded by default, as in Python). When every worker is busy
 * and a bounded queue is full, the {@link Saturation} policy applies: by default {@link Saturation#BLOCK}, the
 * submitter waits for room. The {@linkplain #virtualPerTask virtual-thread-per-task} variant has no queue and no
 * limit: each task gets a new virtual thread at once.
 *
 * <p><b>Failures and cancellation.</b> A task's exception completes its future exceptionally; nothing is printed.
 * {@code cancel(false)} on a {@link TaskFuture} succeeds only while the task is queued, {@code cancel(true)} also
 * interrupts it while it runs. {@link #shutdown(boolean, boolean)} is Python's {@code shutdown(wait,
 * cancel_futures)}; {@link #shutdownNow()} also interrupts running tasks. A task given to {@link #execute} has no
 * future: what it throws goes to the worker thread's uncaught-exception handler (see {@link
 * Builder#uncaughtExceptionHandler}).
 *
 * <p><b>Initializer and the broken state.</b> With {@link Builder#initializer}, each worker thread runs the
 * initializer when it starts, before it takes any task. If the initializer throws in any worker, the pool is
 * <i>broken</i>, as Python's: it shuts down, every task still waiting in the queue fails with a {@link
 * BrokenThreadPoolException} (whose cause is what the initializer threw), every later {@code submit} throws one,
 * and the initializer's exception also goes to that worker's uncaught-exception handler (Python logs it). Tasks
 * that other workers had already taken still run to their end.
 *
 * <p><b>Mapping.</b> {@link #imap} is Python's lazy {@code Executor.map} (several input iterables, {@code
 * timeout}, {@code chunksize}, 3.14's {@code buffersize}; see {@link MapIterator}); {@link #map} is {@code
 * list(executor.map(...))}: every result, in input order, once all are in.
 *
 * <p>This class is thread-safe: any thread may submit, map or shut down. Memory consistency effects: see the
 * <a href="package-summary.html#MemoryVisibility">package summary</a>; actions before {@code submit} happen-before
 * the task runs, and the task's actions happen-before a successful {@code get()} of its future.
 *
 * <p><b>Python:</b> {@code concurrent.futures.ThreadPoolExecutor(max_workers, thread_name_prefix, initializer,
 * initargs)}. Differences: workers start when the pool is built rather than one per submit, and their number
 * defaults to one per core rather than {@code min(32, cores + 4)}; the queue can be bounded; {@code chunkSize}
 * groups items into tasks (Python's thread pool ignores it); and the module-level {@code wait} and {@code
 * as_completed} live in {@link ConcurrentFutures}. A pool that is never shut down keeps the JVM alive (its
 * workers are not daemon threads unless {@link Builder#daemon} says so), where Python shuts it down at exit.
 * Unlike CPython's, these workers run Java code in parallel on all cores.
 */
public final class ThreadPool extends TaskExecutorBase {

  private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

  private final @Nullable WorkerInitializer initializer;

  private ThreadPool(
      ExecutorService delegate,
      @Nullable BlockingQueue<Runnable> queue,
      String name,
      @Nullable WorkerInitializer initializer) {
    super(delegate, queue, name);
    this.initializer = initializer;
  }

  /**
   * A pool of {@code workers} platform threads with an unbounded queue, like Python's default.
   *
   * @param workers the number of worker threads, at least 1
   * @return the started pool
   */
  public static ThreadPool fixed(int workers) {
    return builder().workers(workers).build();
  }

  /**
   * A pool that runs each task on a new virtual thread named {@code name0}, {@code name1}, ...: no queue, no
   * limit on concurrency, cheap for tasks that mostly wait. Its {@code shutdown(wait, true)} cancels nothing,
   * since no task is ever queued.
   *
   * @param name the prefix of the threads' names
   * @return the pool
   */
  public static ThreadPool virtualPerTask(String name) {
    requireNonNull(name, "name");
    return new ThreadPool(
        Executors.newThreadPerTaskExecutor(ThreadFactories.virtual(name, null)), null, name, null);
  }

  /**
   * A builder with the defaults: one worker per core, unbounded queue, {@link Saturation#BLOCK}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs {@code task} on a worker with no future: what it throws goes to the worker's uncaught-exception
   * handler. Prefer {@link #submit(java.util.concurrent.Callable)}.
   *
   * @throws NullPointerException if {@code task} is null
   * @throws BrokenThreadPoolException if the pool is broken (an initializer failed)
   * @throws RejectedExecutionException if the pool is shut down, or saturated under {@link Saturation#REJECT}
   */
  @Override
  public void execute(Runnable task) {
    requireNonNull(task, "task: pass the Runnable to run");
    throwIfBroken();
    try {
      delegate.execute(task);
    } catch (RejectedExecutionException e) {
      throwIfBroken(); // broken meanwhile: say so rather than "shut down"
      // the virtual-thread delegate rejects with the JDK's terse message; say what to do instead
      throw isShutdown() && !(e.getCause() instanceof InterruptedException) ? SaturationHandler.shutDown(name) : e;
    }
  }

  /**
   * Whether the pool is broken: a worker's initializer failed, so it accepts no tasks (Python's {@code
   * _broken}). A broken pool is also shut down.
   *
   * @return whether an initializer failed
   */
  public boolean isBroken() {
    return initializer != null && initializer.failure() != null;
  }

  private void throwIfBroken() {
    Throwable failure = initializer == null ? null : initializer.failure();
    if (failure != null) {
      throw new BrokenThreadPoolException(name, failure);
    }
  }

  /**
   * Applies {@code fn} to every item on the pool's workers and returns the results in the items' order: Python's
   * {@code list(executor.map(fn, items))}. Every item is submitted first (blocking under {@link Saturation#BLOCK}
   * while the queue is full), then the results are collected in order.
   *
   * @param fn the function to apply to each item
   * @param items the inputs
   * @param <T> the item type
   * @param <R> the result type
   * @return the results, in the order of the items
   * @throws ExecutionException if {@code fn} threw for some item: the first such item in input order; the tasks
   *     not yet started are cancelled
   * @throws InterruptedException if interrupted on entry or while waiting (the status is then cleared); the tasks not
   *     yet started are cancelled
   */
  public <T, R extends @Nullable Object> List<R> map(Function<? super T, ? extends R> fn, Iterable<? extends T> items)
      throws InterruptedException, ExecutionException {
    try {
      return collect(imap(fn, items));
    } catch (TimeoutException impossible) {
      throw new AssertionError("no deadline was given", impossible);
    }
  }

  /**
   * {@link #map(Function, Iterable)} with a deadline of {@code timeout} from this call for all the results.
   *
   * @param fn the function to apply to each item
   * @param items the inputs
   * @param timeout how long all the results may take, from this call
   * @param <T> the item type
   * @param <R> the result type
   * @return the results, in the order of the items
   * @throws TimeoutException if some result is not in by the deadline; the tasks not yet started are cancelled
   * @throws ExecutionException if {@code fn} threw for some item, as in {@link #map(Function, Iterable)}
   * @throws InterruptedException if interrupted on entry or while waiting (the status is then cleared); the tasks not
   *     yet started are cancelled
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public <T, R extends @Nullable Object> List<R> map(
      Function<? super T, ? extends R> fn, Iterable<? extends T> items, Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    requireNonNull(timeout, "timeout");
    return collect(imap(fn, items, MapOptions.DEFAULTS.withTimeout(timeout)));
  }

  private static <R extends @Nullable Object> List<R> collect(MapIterator<R> results)
      throws InterruptedException, ExecutionException, TimeoutException {
    List<R> list = new ArrayList<>();
    while (results.hasNext()) {
      list.add(results.take());
    }
    return list;
  }

  /**
   * Python's {@code executor.map(fn, items)}: submits a task per item now, and returns the results lazily, in
   * input order. See {@link MapIterator}.
   *
   * @param fn the function to apply to each item
   * @param items the inputs
   * @param <T> the item type
   * @param <R> the result type
   * @return the results, lazily, in the order of the items
   * @throws NullPointerException if an argument is null
   * @throws RejectedExecutionException if the pool refuses a task; those already submitted are cancelled
   */
  public <T, R extends @Nullable Object> MapIterator<R> imap(
      Function<? super T, ? extends R> fn, Iterable<? extends T> items) {
    return imap(fn, items, MapOptions.DEFAULTS);
  }

  /**
   * Python's {@code executor.map(fn, items, timeout=..., chunksize=..., buffersize=...)}: submits the first tasks
   * (all of them unless {@code options} has a buffer) and returns the results lazily, in input order. See {@link
   * MapIterator} and {@link MapOptions}.
   *
   * @param fn the function to apply to each item
   * @param items the inputs
   * @param options timeout, chunk size and buffer size; {@link MapOptions#DEFAULTS} for Python's defaults
   * @param <T> the item type
   * @param <R> the result type
   * @return the results, lazily, in the order of the items
   * @throws NullPointerException if an argument is null
   * @throws RejectedExecutionException if the pool refuses a task; those already submitted are cancelled
   */
  public <T, R extends @Nullable Object> MapIterator<R> imap(
      Function<? super T, ? extends R> fn, Iterable<? extends T> items, MapOptions options) {
    requireNonNull(fn, "fn: pass the function to apply");
    requireNonNull(items, "items: pass the inputs to map over");
    requireNonNull(options, "options: pass MapOptions.DEFAULTS for Python's defaults");
    return MapIterator.start(this, fn, items.iterator(), options);
  }

  /**
   * Python's {@code executor.map(fn, firsts, seconds)} over two iterables: {@code fn} gets one item of each, and
   * mapping stops at the end of the shorter, as {@code zip} does.
   *
   * @param fn the function to apply to each pair of items
   * @param firsts the first arguments
   * @param seconds the second arguments
   * @param options timeout, chunk size and buffer size; {@link MapOptions#DEFAULTS} for Python's defaults
   * @param <A> the type of the first arguments
   * @param <B> the type of the second arguments
   * @param <R> the result type
   * @return the results, lazily, in input order
   * @throws NullPointerException if an argument is null
   * @throws RejectedExecutionException if the pool refuses a task; those already submitted are cancelled
   */
  public <A, B, R extends @Nullable Object> MapIterator<R> imap(
      BiFunction<? super A, ? super B, ? extends R> fn,
      Iterable<? extends A> firsts,
      Iterable<? extends B> seconds,
      MapOptions options) {
    requireNonNull(fn, "fn: pass the function to apply");
    requireNonNull(options, "options: pass MapOptions.DEFAULTS for Python's defaults");
    Iterator<? extends A> a = requireNonNull(firsts, "firsts").iterator();
    Iterator<? extends B> b = requireNonNull(seconds, "seconds").iterator();
    Iterator<Map.Entry<A, B>> pairs =
        new AbstractIterator<>() {
          @Override
          protected Map.@Nullable Entry<A, B> computeNext() {
            return a.hasNext() && b.hasNext() ? new SimpleImmutableEntry<>(a.next(), b.next()) : endOfData();
          }
        };
    return MapIterator.start(this, (Map.Entry<A, B> p) -> fn.apply(p.getKey(), p.getValue()), pairs, options);
  }

  /**
   * Python's {@code executor.map(fn, *iterables)} over any number of iterables: {@code fn} gets one item of each,
   * as a list in the order the iterables are given; mapping stops at the end of the shortest, as {@code zip}
   * does. With no iterable at all there is nothing to map.
   *
   * @param fn the function to apply to each row of arguments, one item of each iterable
   * @param options timeout, chunk size and buffer size; {@link MapOptions#DEFAULTS} for Python's defaults
   * @param iterables the inputs, zipped
   * @param <R> the result type
   * @return the results, lazily, in input order
   * @throws NullPointerException if an argument is null
   * @throws RejectedExecutionException if the pool refuses a task; those already submitted are cancelled
   */
  public <R extends @Nullable Object> MapIterator<R> imap(
      Function<? super List<@Nullable Object>, ? extends R> fn, MapOptions options, Iterable<?>... iterables) {
    requireNonNull(fn, "fn: pass the function to apply");
    requireNonNull(options, "options: pass MapOptions.DEFAULTS for Python's defaults");
    List<Iterator<?>> sources = new ArrayList<>(iterables.length);
    for (int i = 0; i < iterables.length; i++) {
      sources.add(requireNonNull(iterables[i], "iterables[" + i + "]").iterator());
    }
    Iterator<List<@Nullable Object>> rows =
        new AbstractIterator<>() {
          @Override
          protected @Nullable List<@Nullable Object> computeNext() {
            if (sources.isEmpty()) {
              return endOfData();
            }
            List<@Nullable Object> row = new ArrayList<>(sources.size());
            for (Iterator<?> source : sources) {
              if (!source.hasNext()) {
                return endOfData();
              }
              row.add(source.next());
            }
            return Collections.unmodifiableList(row);
          }
        };
    return MapIterator.start(this, fn, rows, options);
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
    private @Nullable Runnable initializer;

    private Builder() {}

    /**
     * Runs in each worker thread when it starts, before it takes any task: Python's {@code initializer}. If it
     * throws, the pool becomes broken (see the class comment). Default none.
     *
     * @param initializer what each worker runs first
     * @return this builder
     */
    public Builder initializer(Runnable initializer) {
      this.initializer = requireNonNull(initializer, "initializer");
      return this;
    }

    /**
     * Runs {@code initializer.accept(argument)} in each worker thread when it starts: Python's {@code
     * initializer=fn, initargs=(argument,)}. For several arguments pass a record, or capture them in a lambda
     * given to {@link #initializer(Runnable)}.
     *
     * @param initializer what each worker runs first, given {@code argument}
     * @param argument Python's {@code initargs}
     * @param <A> the argument's type
     * @return this builder
     */
    public <A extends @Nullable Object> Builder initializer(Consumer<? super A> initializer, A argument) {
      requireNonNull(initializer, "initializer");
      this.initializer = () -> initializer.accept(argument);
      return this;
    }

    /**
     * The number of worker threads, at least 1; default one per core.
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
     * The most tasks that wait for a worker, at least 1; default unbounded ({@code Integer.MAX_VALUE}).
     *
     * @param queueCapacity the queue's capacity, at least 1
     * @return this builder
     */
    public Builder queueCapacity(int queueCapacity) {
      checkArgument(queueCapacity >= 1, "queueCapacity must be at least 1, got %s", queueCapacity);
      this.queueCapacity = queueCapacity;
      return this;
    }

    /**
     * What {@code submit} does when the queue is full; default {@link Saturation#BLOCK}.
     *
     * @param saturation the back-pressure policy
     * @return this builder
     */
    public Builder saturation(Saturation saturation) {
      this.saturation = requireNonNull(saturation, "saturation");
      return this;
    }

    /**
     * The pool's name; workers are named {@code name-worker-0}, {@code name-worker-1}, ... Default {@code
     * pool-N}, N counting pools made in this JVM.
     *
     * @param name the pool's name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = requireNonNull(name, "name");
      return this;
    }

    /**
     * Whether workers are daemon threads, which do not keep the JVM alive; default {@code false}.
     *
     * @param daemon whether the workers are daemon threads
     * @return this builder
     */
    public Builder daemon(boolean daemon) {
      this.daemon = daemon;
      return this;
    }

    /**
     * Receives what tasks given to {@code execute} throw; default the JVM's handler, which prints it.
     *
     * @param handler the workers' uncaught-exception handler
     * @return this builder
     */
    public Builder uncaughtExceptionHandler(Thread.UncaughtExceptionHandler handler) {
      this.handler = requireNonNull(handler, "handler");
      return this;
    }

    /**
     * Starts the workers and returns the pool.
     *
     * @return the started pool
     */
    public ThreadPool build() {
      String poolName = name != null ? name : "pool-" + POOL_NUMBER.incrementAndGet();
      BlockingQueue<Runnable> queue =
          queueCapacity == Integer.MAX_VALUE
              ? new LinkedBlockingQueue<>()
              : queueCapacity <= 1 << 16 ? new ArrayBlockingQueue<>(queueCapacity)
              : new LinkedBlockingQueue<>(queueCapacity);
      ThreadFactory threads = ThreadFactories.platform(poolName + "-worker-", daemon, handler);
      WorkerInitializer init = initializer == null ? null : new WorkerInitializer(initializer, poolName);
      // a ThreadPoolExecutor that serves a ThreadPoolMXBean and emits JFR events
      ThreadPoolExecutor executor =
          new ObservedThreadPool(
              poolName, workers, queue, init == null ? threads : init.wrap(threads),
              new SaturationHandler(saturation, poolName));
      if (init != null) {
        init.attach(executor);
      }
      ThreadPool pool = new ThreadPool(executor, queue, poolName, init);
      executor.prestartAllCoreThreads();
      return pool;
    }
  }
}
