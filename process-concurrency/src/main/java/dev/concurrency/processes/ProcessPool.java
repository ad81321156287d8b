package dev.concurrency.processes;

import static java.util.Objects.requireNonNull;

import com.google.common.base.Preconditions;
import dev.concurrency.processes.internal.ChunkIterator;
import dev.concurrency.processes.internal.ChunkTask;
import dev.concurrency.processes.internal.Codec;
import dev.concurrency.processes.internal.Frames;
import dev.concurrency.processes.internal.JvmCommand;
import dev.concurrency.processes.internal.PoolConfig;
import dev.concurrency.processes.internal.PoolCore;
import dev.concurrency.processes.internal.RunnableTask;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * An {@link ExecutorService} whose tasks run in a pool of child JVMs: CPU-bound Java code in parallel, each task
 * isolated from the parent's heap and from a crash of another worker.
 *
 * {@snippet class=dev.concurrency.processes.ProcessSnippetsTest region=pool}
 *
 * <p><b>Tasks.</b> A task crosses the process boundary serialized, or by name if it is a static method without
 * arguments: lambdas passed to {@link
 * #submit(SerializableCallable)} and friends are serializable by their target type. A task, or anything it
 * captures, that cannot be serialized is refused at {@code submit} with an {@link IllegalArgumentException}, and
 * the pool stays healthy. Results are decoded through the allowlist (see {@link Builder#allow}); a result that
 * cannot be encoded in the child, or is refused in the parent, fails that task only. A task's exception comes back
 * as a {@link RemoteException} with the child's stack text, the cause of the {@link ExecutionException}.
 *
 * <p><b>Workers.</b> Workers start lazily, when a task is queued and none is idle, and never number more than
 * {@link Builder#maxWorkers}; an idle worker is reused (most recently used first), and after
 * {@link Builder#maxTasksPerChild} tasks it is replaced. {@link Builder#prestart} starts them all at once. Workers
 * are daemons: they die with this JVM however it ends.
 *
 * <p><b>Faults.</b> A worker that dies abruptly (a crash, {@code System.exit}, {@code kill -9}) fails the task it
 * was running at once with a {@link BrokenPoolException} naming its exit code. Then, by default
 * ({@link FaultPolicy#REPLACE_WORKER}), the pool starts a replacement and carries on with the queued tasks; with
 * {@link FaultPolicy#BREAK_POOL} it behaves as Python's {@code ProcessPoolExecutor}: every queued and running
 * task fails with the same exception and later submissions are refused. If the {@linkplain Builder#initializer
 * initializer} fails the pool breaks under either policy, since every replacement would fail the same way. With a
 * {@link Builder#taskTimeout task timeout}, a task running longer fails with a {@link TimeoutException} and its
 * worker is killed and replaced; without one, {@code Future.get(timeout)} only stops waiting. Cancelling a
 * running task's future discards its result; the worker finishes the task.
 *
 * <p><b>Shutdown.</b> {@link #shutdown()} lets queued tasks finish; {@link #shutdown(boolean, boolean)} is
 * Python's {@code shutdown(wait, cancel_futures)}; {@link #shutdownNow()} cancels everything and kills the
 * workers; {@link #close()} shuts down and waits.
 *
 * <p>This class is thread-safe. Memory consistency effects: actions in a thread before submitting a task
 * <i>happen-before</i> the task is serialized; the child's completion of the task <i>happens-before</i> the
 * future's {@code get} returns. The child sees only the state serialized into the task (see the
 * <a href="package-summary.html#MemoryVisibility">package documentation</a>).
 *
 * <p><b>Python:</b> {@code concurrent.futures.ProcessPoolExecutor} ({@code submit}, {@code map} with
 * {@code chunksize}, {@code max_tasks_per_child}, {@code initializer}, {@code shutdown(wait, cancel_futures)}) and
 * {@code multiprocessing.Pool} ({@code imap}, {@code imap_unordered}). Differences: a worker's death replaces the
 * worker by default instead of breaking the pool; {@code imap} reads its input lazily, a bounded window ahead.
 */
public final class ProcessPool implements ExecutorService {

  /** What the pool does after a worker dies abruptly while running a task. */
  public enum FaultPolicy {
    /** Fail that task, start a replacement worker and carry on (the default). */
    REPLACE_WORKER,
    /** Fail every queued and running task and refuse new ones, as Python's {@code ProcessPoolExecutor} does. */
    BREAK_POOL
  }

  private static final AtomicInteger POOLS = new AtomicInteger();

  private final PoolCore core;
  private final int maxWorkers;

  private ProcessPool(PoolCore core, int maxWorkers) {
    this.core = core;
    this.maxWorkers = maxWorkers;
  }

  /** A builder with the defaults: as many workers as processors, lazy start, no task limit or timeout. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Submits a task that returns a value.
   *
   * @throws IllegalArgumentException if the task cannot be serialized
   * @throws java.util.concurrent.RejectedExecutionException if the pool is shut down
   * @throws BrokenPoolException if the pool is broken
   */
  public <T> CompletableFuture<T> submit(SerializableCallable<T> task) {
    return submitEncoded(task, task);
  }

  /** Submits a task without a result; the future completes with {@code null}. See {@link #submit(SerializableCallable)}. */
  public CompletableFuture<?> submit(SerializableRunnable task) {
    return submitEncoded(new RunnableTask(task), task);
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the task is not {@link Serializable} or cannot be serialized
   */
  @Override
  public <T> CompletableFuture<T> submit(Callable<T> task) {
    return submitEncoded(requireSerializable(task), task);
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the task is not {@link Serializable} or cannot be serialized
   */
  @Override
  public CompletableFuture<?> submit(Runnable task) {
    return submitEncoded(new RunnableTask(requireSerializable(task)::run), task);
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the task is not {@link Serializable} or cannot be serialized
   */
  @Override
  public <T> CompletableFuture<T> submit(Runnable task, T result) {
    return submit(task).thenApply(ignored -> result);
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the task is not {@link Serializable} or cannot be serialized
   */
  @Override
  public void execute(Runnable command) {
    submit(command);
  }

  @SuppressWarnings("unchecked") // the child returns what the callable returns
  private <T> CompletableFuture<T> submitEncoded(Callable<?> callable, Object original) {
    byte[] payload = Tasks.encodeTask(callable, () -> "the task " + original);
    return (CompletableFuture<T>) core.submit(payload, original);
  }

  private static <T> T requireSerializable(T task) {
    requireNonNull(task, "task");
    if (!(task instanceof Serializable)) {
      throw new IllegalArgumentException(
          "the task " + task + " (" + task.getClass().getName() + ") cannot be sent to a child process: it is not"
              + " Serializable. Declare the lambda as a SerializableCallable or SerializableRunnable, or use a"
              + " Serializable class");
    }
    return task;
  }

  /**
   * Applies {@code function} to every item, in chunks of {@code chunkSize} items per round trip, and returns the
   * results in the items' order. Blocks until all are done. Every chunk is queued at once, as in Python's
   * {@code Pool.map}: if one fails, this throws its exception and the others still run, their results dropped.
   *
   * @throws RemoteException the first failing item's exception, in order ({@link BrokenPoolException} if a
   *     worker died)
   * @throws IllegalArgumentException if {@code chunkSize < 1} or the function or an item cannot be serialized
   * @throws java.util.concurrent.CompletionException wrapping an interrupt or a checked failure
   */
  public <T, R> List<R> map(SerializableFunction<T, R> function, Iterable<T> items, int chunkSize) {
    List<R> results = new ArrayList<>();
    // Every chunk is queued at once, as Python's Pool.map does: map holds all the results in the end anyway, and
    // a bounded window would idle a worker whenever the oldest chunk, which the window waits for, is the slow one.
    chunks(function, items, chunkSize, /* ordered= */ true, Integer.MAX_VALUE).forEachRemaining(results::add);
    return results;
  }

  /**
   * {@link #map(SerializableFunction, Iterable, int)} with the chunk size Python's {@code Pool.map} picks when it
   * is given none: the items divided by four times the workers, rounded up, so that each worker gets about four
   * chunks (100,000 items on two workers: chunks of 12,500). An {@code items} that is not a {@link Collection} is
   * copied into a list first, to count it, as Python does.
   */
  public <T, R> List<R> map(SerializableFunction<T, R> function, Iterable<T> items) {
    Collection<T> all;
    if (items instanceof Collection<T> collection) {
      all = collection;
    } else {
      all = new ArrayList<>();
      items.forEach(all::add);
    }
    return map(function, all, defaultChunkSize(all.size(), maxWorkers));
  }

  /** Python's {@code Pool.map} heuristic: {@code ceil(items / (4 * workers))}, at least 1. */
  static int defaultChunkSize(int items, int workers) {
    long chunks = 4L * workers;
    return (int) Math.max(1, (items + chunks - 1) / chunks);
  }

  /**
   * The results of {@code function} over {@code items}, in order, computed lazily: items are read and submitted
   * as results are consumed, a window of two chunks per worker ahead. The iterator is for one thread; its
   * {@code next} blocks and throws as {@link #map} does.
   */
  public <T, R> Iterator<R> imap(SerializableFunction<T, R> function, Iterable<T> items, int chunkSize) {
    return chunks(function, items, chunkSize, /* ordered= */ true, 2 * maxWorkers);
  }

  /** As {@link #imap}, but each result as soon as it is ready, in completion order. */
  public <T, R> Iterator<R> imapUnordered(SerializableFunction<T, R> function, Iterable<T> items, int chunkSize) {
    return chunks(function, items, chunkSize, /* ordered= */ false, 2 * maxWorkers);
  }

  private <T, R> Iterator<R> chunks(
      SerializableFunction<T, R> function, Iterable<T> items, int chunkSize, boolean ordered, int window) {
    requireNonNull(function, "function");
    Tasks.encodeValue(function, () -> "the function " + function); // refuse a bad function before reading any item
    return new ChunkIterator<T, R>(
        items.iterator(), chunkSize, window, ordered, chunk -> submit(ChunkTask.of(function, chunk)));
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if a task cannot be serialized; then none is submitted
   */
  @Override
  public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
    List<Future<T>> futures = submitAll(tasks);
    for (Future<T> future : futures) {
      awaitQuietly(future, Long.MAX_VALUE);
    }
    return futures;
  }

  @Override
  public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException {
    long deadline = System.nanoTime() + requireNonNull(unit, "unit").toNanos(timeout);
    List<Future<T>> futures = submitAll(tasks);
    for (Future<T> future : futures) {
      if (!awaitQuietly(future, deadline)) {
        futures.forEach(f -> f.cancel(/* mayInterruptIfRunning= */ true));
        break;
      }
    }
    return futures;
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
    try {
      return invokeAny(tasks, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no deadline was set", e);
    }
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    Preconditions.checkArgument(!tasks.isEmpty(), "invokeAny needs at least one task");
    List<Future<T>> futures = submitAll(tasks);
    CompletableFuture<T> first = new CompletableFuture<>();
    AtomicInteger failures = new AtomicInteger();
    for (Future<T> future : futures) {
      ((CompletableFuture<T>) future)
          .whenComplete(
              (value, error) -> {
                if (error == null) {
                  first.complete(value);
                } else if (failures.incrementAndGet() == futures.size()) {
                  first.completeExceptionally(error);
                }
              });
    }
    try {
      return first.get(timeout, unit);
    } finally {
      futures.forEach(f -> f.cancel(/* mayInterruptIfRunning= */ true));
    }
  }

  private <T> List<Future<T>> submitAll(Collection<? extends Callable<T>> tasks) {
    List<byte[]> encoded = new ArrayList<>(tasks.size());
    for (Callable<T> task : tasks) {
      encoded.add(Tasks.encodeTask(requireSerializable(task), () -> "the task " + task));
    }
    List<Future<T>> futures = new ArrayList<>(tasks.size());
    Iterator<? extends Callable<T>> originals = tasks.iterator();
    for (byte[] payload : encoded) {
      @SuppressWarnings("unchecked") // the child returns what the callable returns
      Future<T> future = (Future<T>) core.submit(payload, originals.next());
      futures.add(future);
    }
    return futures;
  }

  /** Waits for a future until the deadline ({@code Long.MAX_VALUE}: forever); returns whether it is done. */
  private static boolean awaitQuietly(Future<?> future, long deadline) throws InterruptedException {
    try {
      if (deadline == Long.MAX_VALUE) {
        future.get();
      } else {
        future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (ExecutionException | java.util.concurrent.CancellationException e) {
      // invokeAll reports outcomes through the futures
    } catch (TimeoutException e) {
      return false;
    }
    return true;
  }

  /** The process ids of the live workers: a snapshot, for monitoring and tests. */
  public List<Long> workerPids() {
    return core.workerPids();
  }

  /** Initiates an orderly shutdown: queued tasks still run, new ones are refused. Does not wait. */
  @Override
  public void shutdown() {
    core.shutdown();
  }

  /**
   * Python's {@code shutdown(wait, cancel_futures)}: refuses new tasks, optionally cancels the queued ones, and
   * optionally waits until every worker has exited.
   *
   * @throws InterruptedException if interrupted while waiting; the shutdown goes on
   */
  public void shutdown(boolean wait, boolean cancelFutures) throws InterruptedException {
    if (cancelFutures) {
      core.cancelQueued();
    }
    core.shutdown();
    if (wait) {
      while (!core.awaitTermination(1, TimeUnit.DAYS)) {
        // keep waiting, as Python's shutdown(wait=True) does
      }
    }
  }

  /**
   * Cancels the queued tasks, cancels the running ones and kills every worker (with its descendants).
   *
   * @return the tasks that never started: a {@link Runnable} as submitted, a {@link Callable} wrapped in a
   *     {@code Runnable} that calls it
   */
  @Override
  public List<Runnable> shutdownNow() {
    List<Runnable> neverRan = new ArrayList<>();
    for (Object task : core.shutdownNow()) {
      neverRan.add(task instanceof Runnable runnable ? runnable : new CallableRunner((Callable<?>) task));
    }
    return neverRan;
  }

  /** A callable that never ran, handed back by {@link #shutdownNow()} as a {@link Runnable}. */
  private record CallableRunner(Callable<?> callable) implements Runnable {
    @Override
    public void run() {
      try {
        callable.call();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    }
  }

  @Override
  public boolean isShutdown() {
    return core.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return core.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return core.awaitTermination(timeout, requireNonNull(unit, "unit"));
  }

  /**
   * Shuts down and waits for the queued tasks and the workers to finish. If interrupted while waiting, kills
   * everything ({@link #shutdownNow()}) and returns with the interrupt status set.
   */
  @Override
  public void close() {
    try {
      shutdown(/* wait= */ true, /* cancelFutures= */ false);
    } catch (InterruptedException e) {
      shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** Configuration of a {@link ProcessPool}; not thread-safe. */
  public static final class Builder extends ChildSettings<Builder> {
    private int maxWorkers = Runtime.getRuntime().availableProcessors();
    private int maxTasksPerChild;
    private @Nullable SerializableRunnable initializer;
    private boolean prestart;
    private @Nullable Duration taskTimeout;
    private FaultPolicy faultPolicy = FaultPolicy.REPLACE_WORKER;
    private long maxResultBytes = Frames.DEFAULT_MAX_PAYLOAD;
    private int maxDepth = 1000;
    private @Nullable String name;

    private Builder() {}

    /** The most worker processes alive at once (default: the number of processors). */
    public Builder maxWorkers(int maxWorkers) {
      Preconditions.checkArgument(maxWorkers > 0, "maxWorkers must be > 0, was %s", maxWorkers);
      this.maxWorkers = maxWorkers;
      return this;
    }

    /** Tasks a worker runs before it is replaced by a fresh one; {@code 0}, the default, for no limit. */
    public Builder maxTasksPerChild(int maxTasksPerChild) {
      Preconditions.checkArgument(maxTasksPerChild >= 0, "maxTasksPerChild must be >= 0 (0: no limit), was %s", maxTasksPerChild);
      this.maxTasksPerChild = maxTasksPerChild;
      return this;
    }

    /** Code each worker runs once, before its first task; if it throws, the pool breaks. */
    public Builder initializer(SerializableRunnable initializer) {
      this.initializer = requireNonNull(initializer, "initializer");
      return this;
    }

    /** Whether to start every worker when the pool is built instead of on demand (default {@code false}). */
    public Builder prestart(boolean prestart) {
      this.prestart = prestart;
      return this;
    }

    /** How long a task may run before its worker is killed and replaced (default: no limit). */
    public Builder taskTimeout(Duration taskTimeout) {
      Preconditions.checkArgument(
          !taskTimeout.isNegative() && !taskTimeout.isZero(), "taskTimeout must be positive, was %s", taskTimeout);
      this.taskTimeout = taskTimeout;
      return this;
    }

    /** What a worker's abrupt death does to the pool (default {@link FaultPolicy#REPLACE_WORKER}). */
    public Builder faultPolicy(FaultPolicy faultPolicy) {
      this.faultPolicy = requireNonNull(faultPolicy, "faultPolicy");
      return this;
    }

    /** The largest serialized result accepted, in bytes (default 64 MiB), and the deepest object graph (1000). */
    public Builder resultLimits(long maxBytes, int maxDepth) {
      this.maxResultBytes = maxBytes;
      this.maxDepth = maxDepth;
      return this;
    }

    @Override
    Builder self() {
      return this;
    }

    /** The pool's name, used in thread names and messages (default {@code ProcessPool-N}). */
    public Builder name(String name) {
      this.name = requireNonNull(name, "name");
      return this;
    }

    /**
     * Builds the pool, starting the workers now if {@link #prestart} was asked for.
     *
     * @throws IllegalArgumentException if the initializer cannot be serialized, a pattern is malformed or a limit
     *     is not positive
     */
    public ProcessPool build() {
      List<String> extra = allowlist.build();
      Codec codec = Codec.allowing(extra, maxResultBytes, maxDepth);
      byte[] init = initializer == null ? null : Tasks.encodeTask(new RunnableTask(initializer), () -> "the initializer");
      PoolConfig config =
          new PoolConfig(
              maxWorkers,
              maxTasksPerChild,
              init,
              prestart,
              taskTimeout,
              faultPolicy == FaultPolicy.BREAK_POOL,
              JvmCommand.ofCurrentJvm(jvmOptions, extra, JvmCommand.Mode.WORKER, classDataArchive),
              codec,
              output,
              name != null ? name : "ProcessPool-" + POOLS.incrementAndGet());
      return new ProcessPool(new PoolCore(config), maxWorkers);
    }
  }
}
