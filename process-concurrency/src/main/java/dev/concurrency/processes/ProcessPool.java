package dev.concurrency.processes;

import static java.util.Objects.requireNonNull;

import com.google.common.base.Preconditions;
import dev.concurrency.processes.internal.ChunkIterator;
import dev.concurrency.processes.internal.Codec;
import dev.concurrency.processes.internal.JvmCommand;
import dev.concurrency.processes.internal.Mapping;
import dev.concurrency.processes.internal.PoolConfig;
import dev.concurrency.processes.internal.PoolCore;
import dev.concurrency.processes.internal.RunnableTask;
import java.io.Serializable;
import java.lang.ref.Cleaner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * An {@link ExecutorService} whose tasks run in a pool of child JVMs: CPU-bound Java code in parallel, each task
 * isolated from the parent's heap and from a crash of another worker.
 *
 * {@snippet class=dev.concurrency.processes.ProcessSnippetsTest region=pool}
 *
 * <p><b>Tasks.</b> A task crosses the process boundary serialized, or by name if it is a static method without
 * arguments: lambdas passed to {@link #submit(SerializableCallable)} and friends are serializable by their target
 * type. A task that cannot be serialized, or whose encoded form is larger than the pool's
 * {@link TransferLimits#maxFrameBytes}, is refused at {@code submit} ({@link IllegalArgumentException},
 * {@link TransferLimitException}), and the pool stays healthy. Results are decoded through the allowlist (see
 * {@link Builder#allow}); a result that cannot be encoded in the child, exceeds a limit, or is refused in the
 * parent fails that task only. A task's exception comes back as a {@link RemoteException} (the cause of the
 * {@link ExecutionException}), whose cause is the original exception when its class is allowed.
 *
 * <p><b>Workers.</b> Workers start lazily, when a task is queued and none is idle, and never number more than
 * {@link Builder#maxWorkers}; an idle worker is reused (most recently used first), and after
 * {@link Builder#maxTasksPerChild} tasks it is replaced. {@link Builder#prestart} starts them all at once, and
 * {@link Builder#warmSpare} keeps a booted one ready to take a new worker's place (Python's {@code forkserver}).
 * Workers are daemons: they die with this JVM however it ends.
 *
 * <p><b>Dispatch.</b> A task goes to an idle worker, else to a new one while there are fewer than
 * {@code maxWorkers}. When every worker is busy, one task more is sent into a busy worker's channel, so that the
 * worker starts it without waiting a round trip. If another worker becomes free first (or one dies and may be
 * replaced), the pool takes that task back and the free worker runs it. So, as with Python's workers, which all
 * take from one queue, a task never waits behind a long or blocked one while a worker could start it, and none
 * runs twice.
 *
 * <p><b>Faults.</b> A worker that dies abruptly (a crash, {@code System.exit}, {@code kill -9}) fails the task it
 * was running at once with a {@link BrokenPoolException} naming its exit code; a task it held but had not started
 * runs on another worker. Then, by default ({@link FaultPolicy#REPLACE_WORKER}), the pool starts a replacement
 * and carries on; with {@link FaultPolicy#BREAK_POOL} it behaves as Python's {@code ProcessPoolExecutor}: every
 * queued and running task fails with the same exception and later submissions are refused. A worker that dies
 * before it is ready, or in the {@linkplain Builder#initializer initializer}, or an initializer that throws,
 * breaks the pool under either policy: every replacement would do the same. With a
 * {@link Builder#taskTimeout task timeout}, a task running longer fails with a {@link TimeoutException} and its
 * worker is killed and replaced; without one, {@code Future.get(timeout)} only stops waiting.
 *
 * <p><b>Cancellation.</b> The futures are the pool's own {@link CompletableFuture}s: {@code cancel(false)}
 * cancels a task still in the pool's queue and returns {@code false} for one a worker holds (Python's
 * {@code Future.cancel()} on a running task); {@code cancel(true)} also stops a task a worker holds, by having the
 * worker skip it if it has not started and by killing (and replacing) the worker if it has. It never returns
 * {@code true} for a task that runs on.
 *
 * <p><b>Shutdown.</b> {@link #shutdown()} lets queued tasks finish; {@link #shutdown(boolean, boolean)} is
 * Python's {@code shutdown(wait, cancel_futures)}; {@link #shutdownNow()} cancels everything and kills the
 * workers; {@link #terminateWorkers()} and {@link #killWorkers()} are Python 3.14's; {@link #close()} shuts down
 * and waits, as {@link ExecutorService#close()} specifies (an interrupt turns it into {@code shutdownNow}, and it
 * waits on).
 *
 * <p><b>Seeing it from outside.</b> A pool registers a {@link ProcessPoolMXBean} (its workers' PIDs and states,
 * the task each runs, its queue and counts) in the platform MBean server a moment after it is built, for JConsole,
 * JDK Mission Control and {@code ./examples.sh ps PID}, and unregisters it when it has terminated; it emits JDK
 * Flight Recorder events ({@code dev.concurrency.processes.TaskQueued}, {@code PoolTask}, {@code WorkerStarted},
 * {@code WorkerDied}) when a recording enables them.
 *
 * <p>This class is thread-safe. Memory consistency effects: actions in a thread before submitting a task
 * <i>happen-before</i> the task is serialized; the child's completion of the task <i>happens-before</i> the
 * future's {@code get} returns. The child sees only the state serialized into the task (see the
 * <a href="package-summary.html#MemoryVisibility">package documentation</a>).
 *
 * <p><b>Python:</b> {@code concurrent.futures.ProcessPoolExecutor} (3.14: {@code submit}, {@code map} with
 * {@code timeout}, {@code chunksize} and {@code buffersize}, {@code max_tasks_per_child}, {@code initializer} and
 * {@code initargs}, {@code shutdown(wait, cancel_futures)}, {@code terminate_workers}, {@code kill_workers}) and
 * {@code multiprocessing.Pool} ({@code map}, {@code map_async}, {@code starmap}, {@code starmap_async},
 * {@code imap}, {@code imap_unordered}). Differences (each in the module README): a worker's death replaces the
 * worker by default instead of breaking the pool; {@code imap} reads its input lazily, a bounded window ahead;
 * {@code close()} waits, as the JDK's, where {@code Pool.__exit__} terminates.
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

  /** Shuts down a pool nobody can reach any more, as the JDK's own auto-shutdown executors do. */
  private static final Cleaner CLEANER = Cleaner.create();

  private final PoolCore core;
  private final int maxWorkers;
  private final TransferLimits limits;
  private final Mapping mapping;

  private ProcessPool(PoolCore core, int maxWorkers, TransferLimits limits) {
    this.core = core;
    this.maxWorkers = maxWorkers;
    this.limits = limits;
    this.mapping = new Mapping(chunk -> submitEncoded(chunk, chunk, Function.identity()));
    CLEANER.register(this, new ShutdownWhenUnreachable(core));
  }

  /**
   * Shuts the engine down (an orderly shutdown: queued tasks still run, then the workers exit) once its pool is
   * unreachable: Python shuts an executor down when it is collected. A class that holds the engine alone, never the
   * pool, or the pool would never become unreachable.
   */
  private record ShutdownWhenUnreachable(PoolCore core) implements Runnable {
    @Override
    public void run() {
      core.shutdown();
    }
  }

  /**
   * A builder with the defaults: as many workers as processors, lazy start, no task limit or timeout.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Submits a task that returns a value.
   *
   * @param <T> the result's type
   * @param task the task; a lambda is serializable by this target type
   * @return the task's future, the pool's own (see the class doc on cancellation)
   * @throws IllegalArgumentException if the task cannot be serialized
   * @throws TransferLimitException if it is larger than {@link TransferLimits#maxFrameBytes}
   * @throws java.util.concurrent.RejectedExecutionException if the pool is shut down
   * @throws BrokenPoolException if the pool is broken
   */
  public <T> CompletableFuture<T> submit(SerializableCallable<T> task) {
    return submitEncoded(requireNonNull(task, "task"), task, Function.identity());
  }

  /**
   * Submits a task without a result; the future completes with {@code null}. See {@link #submit(SerializableCallable)}.
   *
   * @param task the task; a lambda is serializable by this target type
   * @return the task's future
   */
  public CompletableFuture<?> submit(SerializableRunnable task) {
    return submitEncoded(new RunnableTask(requireNonNull(task, "task")), task, Function.identity());
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the task is not {@link Serializable} or cannot be serialized
   */
  @Override
  public <T> CompletableFuture<T> submit(Callable<T> task) {
    return submitEncoded(requireSerializable(task), task, Function.identity());
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the task is not {@link Serializable} or cannot be serialized
   */
  @Override
  public CompletableFuture<?> submit(Runnable task) {
    return submitEncoded(new RunnableTask(requireSerializable(task)::run), task, Function.identity());
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the task is not {@link Serializable} or cannot be serialized
   */
  @Override
  public <T> CompletableFuture<T> submit(Runnable task, T result) {
    return submitEncoded(new RunnableTask(requireSerializable(task)::run), task, ignored -> result);
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
  private <T> CompletableFuture<T> submitEncoded(
      Callable<?> callable, Object original, Function<@Nullable Object, @Nullable Object> onResult) {
    byte[] payload = Tasks.encodeTask(callable, () -> "the task " + original, limits);
    return (CompletableFuture<T>) (CompletableFuture<?>) core.submit(payload, original, onResult);
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
   * Applies {@code function} to every item, in chunks of {@code chunkSize} items per task, and returns the
   * results in the items' order. Blocks until all are done. As Python's {@code Pool.map}, it reads the whole input
   * first (an exception the input throws is thrown from here, before anything is submitted) and submits every
   * chunk at once; if a chunk fails, this throws that chunk's exception, and the other chunks still run, their
   * results dropped.
   *
   * @param <T> the items' type
   * @param <R> the results' type
   * @param function the function, serializable
   * @param items the items; read to their end first
   * @param chunkSize the items per task, at least 1
   * @return the results, in the items' order
   * @throws RemoteException the exception of the first chunk to fail ({@link BrokenPoolException} if a worker
   *     died)
   * @throws IllegalArgumentException if {@code chunkSize < 1} or the function or a chunk cannot be serialized
   * @throws CompletionException wrapping an interrupt (the interrupt status is set again) or a checked failure
   */
  public <T, R> List<R> map(SerializableFunction<T, R> function, Iterable<T> items, int chunkSize) {
    return await(mapAsync(function, items, chunkSize));
  }

  /**
   * {@link #map(SerializableFunction, Iterable, int)} with the chunk size Python's {@code Pool.map} picks when it
   * is given none: the items divided by four times the workers, rounded up, so that each worker gets about four
   * chunks (100,000 items on two workers: chunks of 12,500).
   *
   * @param <T> the items' type
   * @param <R> the results' type
   * @param function the function, serializable
   * @param items the items; read to their end first, to count them
   * @return the results, in the items' order
   */
  public <T, R> List<R> map(SerializableFunction<T, R> function, Iterable<T> items) {
    List<T> all = materialize(items);
    return map(function, all, defaultChunkSize(all.size(), maxWorkers));
  }

  /**
   * As {@link #map(SerializableFunction, Iterable, int)}, without waiting: the future completes with the results
   * in order, or with the exception of the first chunk to fail. Python's {@code Pool.map_async}; its callbacks are
   * the future's {@code whenComplete}. Cancelling the future does not stop the chunks.
   *
   * @param <T> the items' type
   * @param <R> the results' type
   * @param function the function, serializable
   * @param items the items; read to their end here
   * @param chunkSize the items per task, at least 1
   * @return a future of the results, in the items' order
   * @throws IllegalArgumentException if {@code chunkSize < 1}
   */
  public <T, R> CompletableFuture<List<R>> mapAsync(SerializableFunction<T, R> function, Iterable<T> items, int chunkSize) {
    requireFunction(function);
    return Mapping.all(mapping.chunks(function, materialize(items).iterator(), chunkSize));
  }

  /**
   * {@link #mapAsync(SerializableFunction, Iterable, int)} with Python's chunk size (see {@link #map(SerializableFunction, Iterable)}).
   *
   * @param <T> the items' type
   * @param <R> the results' type
   * @param function the function, serializable
   * @param items the items; read to their end here
   * @return a future of the results, in the items' order
   */
  public <T, R> CompletableFuture<List<R>> mapAsync(SerializableFunction<T, R> function, Iterable<T> items) {
    List<T> all = materialize(items);
    return mapAsync(function, all, defaultChunkSize(all.size(), maxWorkers));
  }

  /**
   * Applies {@code function} to each pair of arguments, in chunks of {@code chunkSize} pairs per task, and returns
   * the results in order; as {@link #map(SerializableFunction, Iterable, int)} otherwise. Python's
   * {@code Pool.starmap(func, [(a, b), ...])}, with a pair as the tuple.
   *
   * @param <A> the first arguments' type
   * @param <B> the second arguments' type
   * @param <R> the results' type
   * @param function the function of two arguments, serializable
   * @param pairs the argument pairs (a key and a value each)
   * @param chunkSize the pairs per task, at least 1
   * @return the results, in the pairs' order
   */
  public <A, B, R> List<R> starmap(
      SerializableBiFunction<A, B, R> function, Iterable<? extends Map.Entry<A, B>> pairs, int chunkSize) {
    return await(starmapAsync(function, pairs, chunkSize));
  }

  /**
   * {@link #starmap(SerializableBiFunction, Iterable, int)} with Python's chunk size.
   *
   * @param <A> the first arguments' type
   * @param <B> the second arguments' type
   * @param <R> the results' type
   * @param function the function of two arguments, serializable
   * @param pairs the argument pairs (a key and a value each)
   * @return the results, in the pairs' order
   */
  public <A, B, R> List<R> starmap(SerializableBiFunction<A, B, R> function, Iterable<? extends Map.Entry<A, B>> pairs) {
    List<? extends Map.Entry<A, B>> all = materialize(pairs);
    return starmap(function, all, defaultChunkSize(all.size(), maxWorkers));
  }

  /**
   * As {@link #starmap(SerializableBiFunction, Iterable, int)}, without waiting: Python's {@code Pool.starmap_async}.
   *
   * @param <A> the first arguments' type
   * @param <B> the second arguments' type
   * @param <R> the results' type
   * @param function the function of two arguments, serializable
   * @param pairs the argument pairs (a key and a value each); read to their end here
   * @param chunkSize the pairs per task, at least 1
   * @return a future of the results, in the pairs' order
   */
  public <A, B, R> CompletableFuture<List<R>> starmapAsync(
      SerializableBiFunction<A, B, R> function, Iterable<? extends Map.Entry<A, B>> pairs, int chunkSize) {
    requireFunction(function);
    List<? extends Map.Entry<A, B>> all = materialize(pairs);
    Iterator<A> firsts = all.stream().map(Map.Entry::getKey).iterator();
    Iterator<B> seconds = all.stream().<B>map(Map.Entry::getValue).iterator();
    return Mapping.all(mapping.pairChunks(function, firsts, seconds, chunkSize));
  }

  /** Python's {@code Pool.map} heuristic: {@code ceil(items / (4 * workers))}, at least 1. */
  static int defaultChunkSize(int items, int workers) {
    long chunks = 4L * workers;
    return (int) Math.max(1, (items + chunks - 1) / chunks);
  }

  /**
   * The results of {@code function} over {@code items}, in order, computed lazily: items are read and submitted as
   * results are consumed, a window of two chunks per worker ahead, so {@code items} may be unbounded. After a
   * failed chunk ({@code next} throws its exception), iteration goes on with the next one. Python's
   * {@code Pool.imap}, which reads its whole input in a thread of its own.
   *
   * @param <T> the items' type
   * @param <R> the results' type
   * @param function the function, serializable
   * @param items the items; read as results are taken
   * @param chunkSize the items per task, at least 1
   * @return the results, in order, as they arrive
   * @throws IllegalArgumentException if {@code chunkSize < 1} or the function cannot be serialized
   */
  public <T, R> ResultIterator<R> imap(SerializableFunction<T, R> function, Iterable<T> items, int chunkSize) {
    return lazily(function, items, chunkSize, /* ordered= */ true);
  }

  /**
   * {@link #imap(SerializableFunction, Iterable, int)} with one item per task, Python's default.
   *
   * @param <T> the items' type
   * @param <R> the results' type
   * @param function the function, serializable
   * @param items the items; read as results are taken
   * @return the results, in order, as they arrive
   */
  public <T, R> ResultIterator<R> imap(SerializableFunction<T, R> function, Iterable<T> items) {
    return imap(function, items, 1);
  }

  /**
   * As {@link #imap(SerializableFunction, Iterable, int)}, but each result as soon as it is ready: Python's {@code Pool.imap_unordered}.
   *
   * @param <T> the items' type
   * @param <R> the results' type
   * @param function the function, serializable
   * @param items the items; read as results are taken
   * @param chunkSize the items per task, at least 1
   * @return the results, in completion order
   */
  public <T, R> ResultIterator<R> imapUnordered(SerializableFunction<T, R> function, Iterable<T> items, int chunkSize) {
    return lazily(function, items, chunkSize, /* ordered= */ false);
  }

  /**
   * {@link #imapUnordered(SerializableFunction, Iterable, int)} with one item per task.
   *
   * @param <T> the items' type
   * @param <R> the results' type
   * @param function the function, serializable
   * @param items the items; read as results are taken
   * @return the results, in completion order
   */
  public <T, R> ResultIterator<R> imapUnordered(SerializableFunction<T, R> function, Iterable<T> items) {
    return imapUnordered(function, items, 1);
  }

  private <T, R> ResultIterator<R> lazily(SerializableFunction<T, R> function, Iterable<T> items, int chunkSize, boolean ordered) {
    requireFunction(function);
    ChunkIterator.Source<R> chunks = mapping.chunks(function, requireNonNull(items, "items").iterator(), chunkSize);
    return new ChunkIterator<>(chunks, 2 * maxWorkers, ordered, /* endOnFailure= */ false, null);
  }

  /**
   * Python 3.14's {@code Executor.map(fn, iterable, timeout=, chunksize=, buffersize=)}: the results in order,
   * as an iterator. Without a {@link MapOptions#bufferSize() buffer size} every task is submitted now (the input
   * is read to its end here); with one, that many now and one more each time a result is taken, so the input may
   * be unbounded. A failed task ends the iteration: {@code next} throws its exception and the tasks not started
   * are cancelled, as are they all when the {@linkplain MapOptions#timeout() timeout} passes or the iterator is
   * {@linkplain ResultIterator#close() closed}.
   *
   * @param <T> the items' type
   * @param <R> the results' type
   * @param function the function, serializable
   * @param items the items; with a buffer size, read as results are taken, so they may be endless
   * @param options the timeout, chunk size and buffer size
   * @return the results, in order
   * @throws IllegalArgumentException if the function cannot be serialized
   */
  public <T, R> ResultIterator<R> map(SerializableFunction<T, R> function, Iterable<T> items, MapOptions options) {
    requireFunction(function);
    ChunkIterator.Source<R> chunks = mapping.chunks(function, requireNonNull(items, "items").iterator(), options.chunkSize());
    return executorMap(chunks, options);
  }

  /**
   * {@link #map(SerializableFunction, Iterable, MapOptions)} over two inputs, as Python's {@code Executor.map(fn,
   * first, second)}: {@code function(first[i], second[i])}, ending with the shorter input.
   *
   * @param <A> the first inputs' type
   * @param <B> the second inputs' type
   * @param <R> the results' type
   * @param function the function of two arguments, serializable
   * @param first the first arguments
   * @param second the second arguments
   * @param options the timeout, chunk size and buffer size
   * @return the results, in order
   */
  public <A, B, R> ResultIterator<R> map(
      SerializableBiFunction<A, B, R> function, Iterable<A> first, Iterable<B> second, MapOptions options) {
    requireFunction(function);
    ChunkIterator.Source<R> chunks = mapping.pairChunks(
        function, requireNonNull(first, "first").iterator(), requireNonNull(second, "second").iterator(), options.chunkSize());
    return executorMap(chunks, options);
  }

  private static <R> ResultIterator<R> executorMap(ChunkIterator.Source<R> chunks, MapOptions options) {
    Integer buffer = options.bufferSize();
    return new ChunkIterator<>(
        chunks, buffer == null ? Integer.MAX_VALUE : buffer, /* ordered= */ true, /* endOnFailure= */ true, options.timeout());
  }

  /** Refuses a function that cannot be serialized before any item is read. */
  private static void requireFunction(Serializable function) {
    requireNonNull(function, "function");
    Tasks.encodeValue(function, () -> "the function " + function);
  }

  private static <T> List<T> materialize(Iterable<T> items) {
    requireNonNull(items, "items");
    if (items instanceof List<T> list) {
      return list;
    }
    List<T> all = new ArrayList<>();
    items.forEach(all::add);
    return all;
  }

  private static <R> R await(CompletableFuture<R> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CompletionException("interrupted while waiting for the results", e);
    } catch (ExecutionException e) {
      throw ChunkIterator.rethrow(e.getCause());
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if a task cannot be serialized; then none is submitted
   */
  @Override
  public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
    List<Future<T>> futures = submitAll(tasks);
    try {
      for (Future<T> future : futures) {
        awaitQuietly(future, Long.MAX_VALUE);
      }
    } catch (InterruptedException e) {
      futures.forEach(f -> f.cancel(/* mayInterruptIfRunning= */ true));
      throw e;
    }
    return futures;
  }

  /**
   * {@inheritDoc} Cancelling a running task kills (and replaces) its worker: see the class doc.
   *
   * @throws IllegalArgumentException if a task cannot be serialized; then none is submitted
   */
  @Override
  public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException {
    long deadline = System.nanoTime() + requireNonNull(unit, "unit").toNanos(timeout);
    List<Future<T>> futures = submitAll(tasks);
    try {
      for (Future<T> future : futures) {
        if (!awaitQuietly(future, deadline)) {
          futures.forEach(f -> f.cancel(/* mayInterruptIfRunning= */ true));
          break;
        }
      }
    } catch (InterruptedException e) {
      futures.forEach(f -> f.cancel(/* mayInterruptIfRunning= */ true));
      throw e;
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

  /** {@inheritDoc} The tasks still running when it returns are cancelled, their workers killed and replaced. */
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
      encoded.add(Tasks.encodeTask(requireSerializable(task), () -> "the task " + task, limits));
    }
    List<Future<T>> futures = new ArrayList<>(tasks.size());
    Iterator<? extends Callable<T>> originals = tasks.iterator();
    for (byte[] payload : encoded) {
      @SuppressWarnings("unchecked") // the child returns what the callable returns
      Future<T> future = (Future<T>) (Future<?>) core.submit(payload, originals.next(), Function.identity());
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
    } catch (ExecutionException | CancellationException e) {
      // invokeAll reports outcomes through the futures
    } catch (TimeoutException e) {
      return false;
    }
    return true;
  }

  /**
   * Whether the pool has heard that the task behind {@code future} started in a worker: for the tests, which
   * otherwise see a task run (a file it made) before the pool hears of it.
   */
  boolean hasStarted(CompletableFuture<?> future) {
    return core.hasStarted(future);
  }

  /**
   * The process ids of the live workers: a snapshot, for monitoring and tests.
   *
   * @return the pids, in the order the workers started
   */
  public List<Long> workerPids() {
    return core.workerPids();
  }

  /** Initiates an orderly shutdown: queued tasks still run, new ones are refused. Does not wait. */
  @Override
  public void shutdown() {
    core.shutdown();
  }

  /**
   * Python's {@code shutdown(wait, cancel_futures)}: refuses new tasks, optionally cancels the queued ones (not
   * those a worker holds: Python counts them as running), and optionally waits until every worker has exited.
   *
   * @param wait whether to wait until every worker has exited
   * @param cancelFutures whether to cancel the tasks still in the pool's queue
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
   * Cancels the queued tasks and those the workers hold, and kills every worker (with its descendants).
   *
   * @return the tasks that never started, in submission order: a {@link Runnable} as submitted, a
   *     {@link Callable} wrapped in a {@code Runnable} that calls it
   */
  @Override
  public List<Runnable> shutdownNow() {
    List<Runnable> neverRan = new ArrayList<>();
    for (Object task : core.shutdownNow()) {
      neverRan.add(task instanceof Runnable runnable ? runnable : new CallableRunner((Callable<?>) task));
    }
    return neverRan;
  }

  /**
   * Python 3.14's {@code terminate_workers()}: shuts down, cancels the queued tasks, and sends every worker (and
   * its descendants) {@code SIGTERM}. The tasks the workers held fail with a {@link BrokenPoolException}; the pool
   * takes no more tasks. Does not wait (see {@link #awaitTermination}).
   */
  public void terminateWorkers() {
    core.stopWorkers(/* force= */ false);
  }

  /** Python 3.14's {@code kill_workers()}: as {@link #terminateWorkers()}, with {@code SIGKILL}. */
  public void killWorkers() {
    core.stopWorkers(/* force= */ true);
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
        throw new CompletionException(e);
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
   * Shuts down and waits until the queued tasks are done and every worker has exited, as
   * {@link ExecutorService#close()} specifies: if interrupted while waiting, it stops everything
   * ({@link #shutdownNow()}) and keeps waiting for the workers to exit, then returns with the interrupt status
   * set. Python's {@code with ProcessPoolExecutor(...)}; unlike {@code multiprocessing.Pool}'s {@code with}, which
   * terminates.
   */
  @Override
  public void close() {
    boolean interrupted = false;
    shutdown();
    while (!isTerminated()) {
      try {
        awaitTermination(1, TimeUnit.DAYS);
      } catch (InterruptedException e) {
        if (!interrupted) {
          shutdownNow();
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Configuration of a {@link ProcessPool}; not thread-safe. */
  public static final class Builder extends ChildSettings<Builder> {
    private int maxWorkers = Runtime.getRuntime().availableProcessors();
    private int maxTasksPerChild;
    private @Nullable SerializableRunnable initializer;
    private boolean prestart;
    private boolean warmSpare;
    private @Nullable Duration taskTimeout;
    private FaultPolicy faultPolicy = FaultPolicy.REPLACE_WORKER;
    private @Nullable String name;

    private Builder() {}

    /**
     * The most worker processes alive at once (default: the number of processors).
     *
     * @param maxWorkers the most workers, at least 1
     * @return this builder
     */
    public Builder maxWorkers(int maxWorkers) {
      Preconditions.checkArgument(maxWorkers > 0, "maxWorkers must be > 0, was %s", maxWorkers);
      this.maxWorkers = maxWorkers;
      return this;
    }

    /**
     * Tasks a worker runs before it is replaced by a fresh one; {@code 0}, the default, for no limit.
     *
     * @param maxTasksPerChild the tasks per worker, or 0 for no limit
     * @return this builder
     */
    public Builder maxTasksPerChild(int maxTasksPerChild) {
      Preconditions.checkArgument(maxTasksPerChild >= 0, "maxTasksPerChild must be >= 0 (0: no limit), was %s", maxTasksPerChild);
      this.maxTasksPerChild = maxTasksPerChild;
      return this;
    }

    /**
     * Code each worker runs once, before its first task. If it throws, or ends the worker, the pool breaks: every
     * task fails with a {@link BrokenPoolException} that says so, and later submits are refused.
     *
     * @param initializer the code, serializable
     * @return this builder
     */
    public Builder initializer(SerializableRunnable initializer) {
      this.initializer = requireNonNull(initializer, "initializer");
      return this;
    }

    /**
     * As {@link #initializer(SerializableRunnable)}, called with {@code argument}: Python's {@code initializer}
     * with {@code initargs} (several arguments: pass a record or a list). The argument is serialized at
     * {@link #build}.
     *
     * @param <T> the argument's type
     * @param initializer the code, serializable
     * @param argument its argument, serializable
     * @return this builder
     */
    public <T> Builder initializer(SerializableConsumer<? super T> initializer, T argument) {
      requireNonNull(initializer, "initializer");
      this.initializer = () -> initializer.accept(argument);
      return this;
    }

    /**
     * Whether to start every worker when the pool is built instead of on demand (default {@code false}).
     *
     * @param prestart whether to start every worker at once
     * @return this builder
     */
    public Builder prestart(boolean prestart) {
      this.prestart = prestart;
      return this;
    }

    /**
     * Whether a new worker is taken from a booted, warmed-up spare JVM when one is waiting, the next spare then
     * booting in the background (default {@code false}): Python's {@code forkserver} start method, which forks each
     * new worker from a server started ahead. Spares are shared by pools (and {@code ChildProcess}es) with the same
     * JVM options, allowlist and limits; a spare is a daemon child.
     *
     * @param warmSpare whether new workers come from a warm spare
     * @return this builder
     */
    public Builder warmSpare(boolean warmSpare) {
      this.warmSpare = warmSpare;
      return this;
    }

    /**
     * How long a task may run before its worker is killed and replaced (default: no limit).
     *
     * @param taskTimeout the longest a task may run, positive
     * @return this builder
     */
    public Builder taskTimeout(Duration taskTimeout) {
      Preconditions.checkArgument(
          !taskTimeout.isNegative() && !taskTimeout.isZero(), "taskTimeout must be positive, was %s", taskTimeout);
      this.taskTimeout = taskTimeout;
      return this;
    }

    /**
     * What a worker's abrupt death does to the pool (default {@link FaultPolicy#REPLACE_WORKER}).
     *
     * @param faultPolicy the policy
     * @return this builder
     */
    public Builder faultPolicy(FaultPolicy faultPolicy) {
      this.faultPolicy = requireNonNull(faultPolicy, "faultPolicy");
      return this;
    }

    @Override
    Builder self() {
      return this;
    }

    /**
     * The pool's name, used in thread names and messages (default {@code ProcessPool-N}).
     *
     * @param name the name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = requireNonNull(name, "name");
      return this;
    }

    /**
     * Builds the pool, starting the workers now if {@link #prestart} was asked for.
     *
     * @return the pool
     * @throws IllegalArgumentException if the initializer cannot be serialized or a pattern is malformed
     */
    public ProcessPool build() {
      List<String> extra = allowlist.build();
      Codec codec = Codec.allowing(extra, limits);
      byte[] init =
          initializer == null ? null : Tasks.encodeTask(new RunnableTask(initializer), () -> "the initializer", limits);
      JvmCommand command =
          JvmCommand.ofCurrentJvm(jvmOptions, extra, JvmCommand.Mode.WORKER, classDataArchive).withLimits(limits);
      PoolConfig config =
          new PoolConfig(
              maxWorkers,
              maxTasksPerChild,
              init,
              prestart,
              taskTimeout,
              faultPolicy == FaultPolicy.BREAK_POOL,
              command,
              codec,
              output,
              name != null ? name : "ProcessPool-" + POOLS.incrementAndGet(),
              warmSpare);
      return new ProcessPool(new PoolCore(config), maxWorkers, limits);
    }
  }
}
