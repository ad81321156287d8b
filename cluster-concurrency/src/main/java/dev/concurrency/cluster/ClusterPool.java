package dev.concurrency.cluster;

import static java.util.Objects.requireNonNull;

import com.hazelcast.core.DistributedObject;
import dev.concurrency.cluster.internal.ChunkCall;
import dev.concurrency.cluster.internal.ChunkIterator;
import dev.concurrency.cluster.internal.Dispatcher;
import dev.concurrency.cluster.internal.Failures;
import dev.concurrency.cluster.internal.MemberSettings;
import dev.concurrency.cluster.internal.Outcome;
import dev.concurrency.cluster.internal.Pair;
import dev.concurrency.cluster.internal.RemoteCall;
import dev.concurrency.cluster.internal.RunnableCall;
import dev.concurrency.cluster.internal.Spread;
import dev.concurrency.cluster.internal.Wire;
import java.io.IOException;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * An {@link ExecutorService} whose tasks run on the members of a Hazelcast cluster, with Python's
 * {@code Pool.map}, {@code imap}, {@code imap_unordered} and {@code starmap} over chunks of items.
 *
 * {@snippet class=dev.concurrency.cluster.ClusterSnippetsTest region=pool}
 *
 * <p><b>Where tasks run.</b> On the cluster's members, through the {@link ClusterConnection} the pool was built
 * on: an embedded {@link ClusterMember} (which runs its share of tasks too) or a {@link ClusterClient} (which runs
 * none). Each task goes to one member, chosen when it is submitted ({@link Placement}): the members in turn by
 * default, the owner of a key's partition, or a chosen member. A {@code map} deals its chunks to the members in
 * turn; each member runs up to its {@linkplain ClusterMember.Builder#workers workers} tasks of this pool at once and
 * queues the rest. Unlike Python's {@code Pool}, whose workers take the next chunk from a shared queue when they
 * are free, a chunk's member is fixed when it is sent: a slow member gets as many chunks as a fast one.
 *
 * <p><b>Tasks.</b> Tasks and their results travel by Java serialization. A task that cannot be serialized is
 * refused at {@code submit} with an {@link IllegalArgumentException}, and the pool stays usable. A member
 * deserializes only the classes its allowlist names ({@link ClusterMember.Builder#allow}), and this JVM only the
 * result classes its own allowlist names: a refused class fails the task with a {@link ClassNotAllowedException}.
 * A task's exception comes back as a {@link RemoteException} with the member's stack text. The classes of the tasks
 * must be on every member's class path; no code is loaded from the network.
 *
 * <p><b>Failures.</b> The pool's {@link Delivery} decides what a member that leaves does to its tasks:
 * {@linkplain Delivery#AT_MOST_ONCE at most once} (the default), they fail with a {@link TaskLostException} naming
 * the member; {@linkplain Delivery#AT_LEAST_ONCE at least once}, they run again on the member that held their
 * backup. A task is never run twice by an at-most-once pool. Hazelcast notices a member that crashed or was
 * killed within about a second when its connections close, and within its heartbeat timeout
 * ({@code hazelcast.max.no.heartbeat.seconds}, 60 s by default) when it hangs with its connections open.
 *
 * <p><b>Visibility.</b> {@link #workLog()} records which member ran each task, and when; each returned
 * {@link ClusterFuture} says where its task was sent and ran.
 *
 * <p><b>Shutdown.</b> {@link #shutdown()} refuses new tasks and lets those in flight finish; {@link #shutdownNow()}
 * also cancels them; {@link #close()} shuts down, waits, and then destroys the pool's Hazelcast executors on the
 * members (unless the pool was {@linkplain Builder#name named}, when other pools may share them). The cluster
 * connection stays open: close it separately.
 *
 * <p>This class is thread-safe. Memory consistency effects: actions in a thread before submitting a task
 * <i>happen-before</i> the task is serialized; a member's completion of a task <i>happens-before</i> its future's
 * {@code get} returns. The member sees only the state serialized into the task (see the
 * <a href="package-summary.html#MemoryVisibility">package documentation</a>).
 *
 * <p><b>Python:</b> {@code concurrent.futures.Executor} ({@code submit}, {@code map}, {@code shutdown}) as Dask's
 * {@code Client.get_executor()} provides it on a cluster, and {@code multiprocessing.Pool} ({@code map} with
 * {@code chunksize}, {@code imap}, {@code imap_unordered}, {@code starmap}) as Ray's
 * {@code ray.util.multiprocessing.Pool} does. Differences: a chunk's member is chosen when it is sent, not when a
 * worker is free; tasks are at-most-once by default (Ray's actor pool is too; Dask re-runs a lost worker's tasks);
 * a task's exception comes back as a {@link RemoteException}, not as its own type.
 */
public final class ClusterPool implements ExecutorService {

  /** Where tasks' futures complete: the JDK's default for asynchronous completion, as CompletableFuture's. */
  private static final Executor COMPLETIONS = ForkJoinPool.commonPool();

  private final ClusterConnection cluster;
  private final Dispatcher dispatcher;
  private final String name;
  private final boolean ownsExecutors;
  private final Delivery delivery;
  private final int imapWindow;
  private final List<String> allowlist;
  private final WorkLog log = new WorkLog(Instant.now());
  private final AtomicLong tasks = new AtomicLong();
  private final AtomicLong maps = new AtomicLong();
  private final Set<ClusterFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean released = new AtomicBoolean();

  /* Guards shutdown and active together, so that a task is either refused or counted before shutdown is seen. */
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition terminated = lock.newCondition();
  private boolean shutdown;
  /** Tasks being sent plus tasks in flight. */
  private int active;

  private ClusterPool(Builder builder) {
    this.cluster = builder.cluster;
    this.ownsExecutors = builder.name == null;
    this.name = builder.name != null ? builder.name : "pool-" + UUID.randomUUID();
    this.delivery = builder.delivery;
    this.imapWindow = builder.imapWindow;
    this.allowlist =
        switch (cluster) {
          case ClusterMember member -> member.allowlist();
          case ClusterClient client -> client.allowlist();
        };
    this.dispatcher = new Dispatcher(cluster.hazelcast(), MemberSettings.EXECUTOR_PREFIX + name, delivery);
  }

  /**
   * A pool with the defaults on this cluster connection: at-most-once delivery, an executor of its own.
   *
   * @param cluster an embedded member or a client
   * @return a new pool
   */
  public static ClusterPool on(ClusterConnection cluster) {
    return builder(cluster).build();
  }

  /**
   * A builder for a pool on this cluster connection.
   *
   * @param cluster an embedded member or a client
   * @return a new builder
   */
  public static Builder builder(ClusterConnection cluster) {
    return new Builder(cluster);
  }

  // ---------------------------------------------------------------------------------------------- submitting

  /**
   * Submits a task that returns a value, to the next member in turn.
   *
   * @param task the task
   * @param <T> the result type
   * @return its future
   * @throws IllegalArgumentException if the task cannot be serialized
   * @throws RejectedExecutionException if the pool is shut down, or no member can take the task
   */
  public <T> ClusterFuture<T> submit(SerializableCallable<T> task) {
    return submit(task, Placement.roundRobin());
  }

  /**
   * Submits a task that returns a value, where {@code placement} says.
   *
   * @param task the task
   * @param placement where it runs
   * @param <T> the result type
   * @return its future
   * @throws IllegalArgumentException if the task cannot be serialized, or the placement is
   *     {@link Placement#onMember} in an at-least-once pool
   * @throws RejectedExecutionException if the pool is shut down, or no member can take the task (the chosen member
   *     left, or the cluster has none)
   */
  public <T> ClusterFuture<T> submit(SerializableCallable<T> task, Placement placement) {
    requireNonNull(task, "task");
    return send(task, task, requireNonNull(placement, "placement"), "task " + tasks.incrementAndGet());
  }

  /**
   * Submits a task without a result, to the next member in turn; its future completes with {@code null}.
   *
   * @param task the task
   * @return its future
   * @throws IllegalArgumentException if the task cannot be serialized
   * @throws RejectedExecutionException if the pool is shut down, or no member can take the task
   */
  public ClusterFuture<?> submit(SerializableRunnable task) {
    return submit(task, Placement.roundRobin());
  }

  /**
   * Submits a task without a result, where {@code placement} says; its future completes with {@code null}.
   *
   * @param task the task
   * @param placement where it runs
   * @return its future
   * @throws IllegalArgumentException if the task cannot be serialized, or the placement does not fit the delivery
   * @throws RejectedExecutionException if the pool is shut down, or no member can take the task
   */
  public ClusterFuture<?> submit(SerializableRunnable task, Placement placement) {
    requireNonNull(task, "task");
    return send(new RunnableCall(task), task, requireNonNull(placement, "placement"), "task " + tasks.incrementAndGet());
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the task is not {@link Serializable} or cannot be serialized
   */
  @Override
  public <T> ClusterFuture<T> submit(Callable<T> task) {
    return send(requireSerializable(task), task, Placement.roundRobin(), "task " + tasks.incrementAndGet());
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the task is not {@link Serializable} or cannot be serialized
   */
  @Override
  public ClusterFuture<?> submit(Runnable task) {
    return send(
        new RunnableCall(requireSerializable(task)), task, Placement.roundRobin(), "task " + tasks.incrementAndGet());
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

  private static <T> T requireSerializable(T task) {
    requireNonNull(task, "task");
    if (!(task instanceof Serializable)) {
      throw new IllegalArgumentException(
          "the task " + task + " (" + task.getClass().getName() + ") cannot be sent to a cluster member: it is not"
              + " Serializable. Declare the lambda as a SerializableCallable or SerializableRunnable, or use a"
              + " Serializable class");
    }
    return task;
  }

  /** Sends one task: counts it in, hands it to the dispatcher, and wires its outcome to a new future. */
  private <T> ClusterFuture<T> send(Callable<?> task, Object description, Placement placement, String label) {
    enter();
    ClusterFuture<T> future;
    Dispatcher.Sent sent;
    try {
      sent = dispatcher.send(new RemoteCall(task), placement, description);
      future = new ClusterFuture<>(label, sent.sentTo(), sent.cancel());
      inFlight.add(future);
    } catch (RuntimeException | Error e) {
      leave();
      throw e;
    }
    Instant submitted = Instant.now();
    future.whenComplete(
        (value, error) -> {
          inFlight.remove(future);
          leave();
        });
    // off Hazelcast's response thread: reading a result and the caller's dependent stages may take a while
    sent.outcome().whenCompleteAsync((outcome, error) -> finish(future, outcome, error, submitted), COMPLETIONS);
    return future;
  }

  /**
   * Completes a task's future from what came back: records the run first, so that whoever sees the completion finds
   * the run in the log, then completes with the result, the task's failure, or what went wrong on the way.
   */
  private <T> void finish(ClusterFuture<T> future, @Nullable Outcome outcome, @Nullable Throwable error, Instant submitted) {
    if (error != null || outcome == null) {
      Throwable failure =
          Failures.translate(error != null ? error : new IllegalStateException("no outcome"), future.task(), future.sentTo());
      if (failure instanceof TaskLostException) {
        Instant noticed = Instant.now();
        log.record(
            new TaskRun(
                future.task(), future.sentTo(), future.sentTo(), submitted, latest(submitted, noticed),
                TaskRun.Status.LOST));
      }
      if (failure instanceof CancellationException) {
        future.cancel(false);
      } else {
        future.completeExceptionally(failure);
      }
      return;
    }
    MemberInfo ranOn = outcome.ranOn();
    future.ranOn(ranOn);
    Throwable failure = null;
    T value = null;
    byte[] result = outcome.result();
    if (outcome.failure() != null) {
      Outcome.Failure thrown = outcome.failure();
      failure = new RemoteException(thrown.type(), thrown.message(), thrown.stackTrace(), ranOn);
    } else if (result == null) {
      failure =
          new IllegalArgumentException(
              "the result of " + future.task() + " (run on member " + ranOn + ") could not be sent back: "
                  + outcome.unsendable() + ". Return a Serializable value, and only serializable values inside it");
    } else {
      try {
        value = read(result, future.task(), ranOn);
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    log.record(
        new TaskRun(
            future.task(), future.sentTo(), ranOn, outcome.started(), latest(outcome.started(), outcome.finished()),
            failure == null ? TaskRun.Status.SUCCEEDED : TaskRun.Status.FAILED));
    if (failure == null) {
      future.complete(value);
    } else {
      future.completeExceptionally(failure);
    }
  }

  @SuppressWarnings("unchecked") // the member returns what the task returns
  private <T> @Nullable T read(byte[] result, String task, MemberInfo ranOn) {
    try {
      return (T) Wire.read(result, allowlist);
    } catch (Wire.Refused refused) {
      throw new ClassNotAllowedException(
          "this JVM refused to deserialize the result of " + task + " (run on member " + ranOn + "): class "
              + refused.className() + " is not on its allowlist."
              + " Allow it with ClusterMember.Builder.allow or ClusterClient.Builder.allow(\"" + refused.className()
              + "\") (or a pattern for its package)",
          refused.className(),
          refused);
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalStateException(
          "this JVM could not read the result of " + task + " (run on member " + ranOn + "): " + e + ". The"
              + " result's classes must be on this JVM's class path too",
          e);
    }
  }

  private static Instant latest(Instant first, Instant second) {
    return second.isBefore(first) ? first : second;
  }

  private void enter() {
    lock.lock();
    try {
      if (shutdown) {
        throw new RejectedExecutionException("the pool " + name + " is shut down");
      }
      active++;
    } finally {
      lock.unlock();
    }
  }

  private void leave() {
    lock.lock();
    try {
      active--;
      if (shutdown && active == 0) {
        terminated.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  // ------------------------------------------------------------------------------------------------- mapping

  /**
   * Applies {@code function} to every item, in chunks of {@code chunkSize} items per task, and returns the results
   * in the items' order. Every chunk is sent at once, dealt to the members in turn; this blocks until all are
   * done. As with Python's {@code Pool.map}, the first chunk to fail (in time, not in order) ends the wait with its
   * exception; the other chunks still run and their results are dropped.
   *
   * @param function the function
   * @param items the items, read at once
   * @param chunkSize items per task, at least 1
   * @param <T> the item type
   * @param <R> the result type
   * @return the results, in order
   * @throws RemoteException if the function threw for an item
   * @throws TaskLostException if a chunk's member left (at-most-once)
   * @throws ClassNotAllowedException if an allowlist refused a class
   * @throws IllegalArgumentException if {@code chunkSize < 1}, or the function, an item or a result cannot be
   *     serialized
   * @throws RejectedExecutionException if the pool is shut down
   * @throws CompletionException wrapping an interrupt (the interrupt status is set again) or a checked failure
   */
  public <T, R> List<R> map(SerializableFunction<T, R> function, Iterable<? extends T> items, int chunkSize) {
    return mapAll(requireNonNull(function, "function"), requireNonNull(items, "items"), chunkSize);
  }

  /**
   * {@link #map(SerializableFunction, Iterable, int)} with about four chunks per member: the items divided by four
   * times the members, rounded up (Python's {@code Pool.map} heuristic, with members for workers). An
   * {@code items} that is not a {@link Collection} is copied into a list first, to count it.
   *
   * @param function the function
   * @param items the items
   * @param <T> the item type
   * @param <R> the result type
   * @return the results, in order
   * @throws RemoteException if the function threw for an item
   * @throws TaskLostException if a chunk's member left (at-most-once)
   * @throws IllegalArgumentException if the function, an item or a result cannot be serialized
   */
  public <T, R> List<R> map(SerializableFunction<T, R> function, Iterable<? extends T> items) {
    Collection<? extends T> all = collection(requireNonNull(items, "items"));
    return map(function, all, defaultChunkSize(all.size(), cluster.members().size()));
  }

  /**
   * Python's {@code Pool.map} heuristic with members for workers: {@code ceil(items / (4 * members))}, at least 1.
   *
   * @param items how many items
   * @param members how many members
   * @return the chunk size
   */
  static int defaultChunkSize(int items, int members) {
    long chunks = 4L * Math.max(1, members);
    return (int) Math.max(1, (items + chunks - 1) / chunks);
  }

  /**
   * The results of {@code function} over {@code items}, in the items' order, computed lazily: items are read and
   * sent as results are consumed, at most {@linkplain Builder#imapWindow the window} of chunks ahead. The iterator
   * is for one thread; {@code next} blocks, and throws a failed chunk's exception once, in its place (the chunk's
   * other items are skipped), as {@link #map} would. An exception thrown by {@code items} itself is thrown in the
   * place of the chunk being read, after the results before it, and ends the iteration (Python's
   * {@code Pool.imap} does the same).
   *
   * @param function the function
   * @param items the items, read as needed
   * @param chunkSize items per task, at least 1
   * @param <T> the item type
   * @param <R> the result type
   * @return the results, in order
   * @throws IllegalArgumentException if {@code chunkSize < 1}
   */
  public <T, R> Iterator<R> imap(SerializableFunction<T, R> function, Iterable<? extends T> items, int chunkSize) {
    return lazily(function, items, chunkSize, /* ordered= */ true);
  }

  /**
   * As {@link #imap}, but each chunk's results as soon as the chunk is done, in completion order.
   *
   * @param function the function
   * @param items the items, read as needed
   * @param chunkSize items per task, at least 1
   * @param <T> the item type
   * @param <R> the result type
   * @return the results, in completion order (within a chunk, in the items' order)
   * @throws IllegalArgumentException if {@code chunkSize < 1}
   */
  public <T, R> Iterator<R> imapUnordered(
      SerializableFunction<T, R> function, Iterable<? extends T> items, int chunkSize) {
    return lazily(function, items, chunkSize, /* ordered= */ false);
  }

  /**
   * Applies a two-argument function to every pair, Python's {@code starmap}: {@code starmap(Math::pow,
   * List.of(Map.entry(2.0, 10.0)))} is {@code [1024.0]}. Otherwise as {@link #map(SerializableFunction, Iterable,
   * int)}; the pairs may be any {@link Map.Entry} (they are copied into serializable pairs).
   *
   * @param function the function
   * @param pairs the argument pairs, read at once
   * @param chunkSize pairs per task, at least 1
   * @param <A> the first argument's type
   * @param <B> the second argument's type
   * @param <R> the result type
   * @return the results, in order
   * @throws RemoteException if the function threw for a pair
   * @throws TaskLostException if a chunk's member left (at-most-once)
   * @throws IllegalArgumentException if {@code chunkSize < 1}, or the function, an argument or a result cannot be
   *     serialized
   */
  public <A, B, R> List<R> starmap(
      SerializableBiFunction<A, B, R> function,
      Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs,
      int chunkSize) {
    List<Pair<A, B>> arguments = new ArrayList<>();
    for (Map.Entry<? extends A, ? extends B> pair : requireNonNull(pairs, "pairs")) {
      arguments.add(Pair.of(pair));
    }
    return mapAll(new Spread<>(requireNonNull(function, "function")), arguments, chunkSize);
  }

  /**
   * {@link #starmap(SerializableBiFunction, Iterable, int)} with about four chunks per member, as
   * {@link #map(SerializableFunction, Iterable)} picks them.
   *
   * @param function the function
   * @param pairs the argument pairs
   * @param <A> the first argument's type
   * @param <B> the second argument's type
   * @param <R> the result type
   * @return the results, in order
   * @throws RemoteException if the function threw for a pair
   * @throws IllegalArgumentException if the function, an argument or a result cannot be serialized
   */
  public <A, B, R> List<R> starmap(
      SerializableBiFunction<A, B, R> function, Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs) {
    Collection<? extends Map.Entry<? extends A, ? extends B>> all = collection(requireNonNull(pairs, "pairs"));
    return starmap(function, all, defaultChunkSize(all.size(), cluster.members().size()));
  }

  private <T, R> List<R> mapAll(SerializableFunction<T, R> function, Iterable<? extends T> items, int chunkSize) {
    checkChunkSize(chunkSize);
    long map = maps.incrementAndGet();
    List<ClusterFuture<ArrayList<R>>> chunks = new ArrayList<>();
    List<T> chunk = new ArrayList<>(chunkSize);
    int first = 0;
    for (T item : items) {
      chunk.add(item);
      if (chunk.size() == chunkSize) {
        chunks.add(sendChunk(function, chunk, map, chunks.size(), first));
        first += chunk.size();
        chunk = new ArrayList<>(chunkSize);
      }
    }
    if (!chunk.isEmpty()) {
      chunks.add(sendChunk(function, chunk, map, chunks.size(), first));
    }
    awaitAllOrFirstFailure(chunks);
    List<R> results = new ArrayList<>(first + chunk.size());
    for (ClusterFuture<ArrayList<R>> done : chunks) {
      results.addAll(done.join());
    }
    return results;
  }

  /** Waits until every chunk is done, or one fails: Python's {@code MapResult}, which fails at the first failure. */
  private static void awaitAllOrFirstFailure(List<? extends CompletableFuture<?>> chunks) {
    CompletableFuture<@Nullable Void> outcome = new CompletableFuture<>();
    AtomicInteger remaining = new AtomicInteger(chunks.size());
    if (chunks.isEmpty()) {
      return;
    }
    for (CompletableFuture<?> chunk : chunks) {
      chunk.whenComplete(
          (value, error) -> {
            if (error != null) {
              outcome.completeExceptionally(error);
            } else if (remaining.decrementAndGet() == 0) {
              outcome.complete(null);
            }
          });
    }
    try {
      outcome.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CompletionException("interrupted while waiting for map's results", e);
    } catch (ExecutionException e) {
      throw ChunkIterator.unchecked(e.getCause());
    }
  }

  private <T, R> ClusterFuture<ArrayList<R>> sendChunk(
      SerializableFunction<T, R> function, List<T> chunk, long map, int index, int first) {
    String label = "map " + map + ", chunk " + index + " (items " + first + "-" + (first + chunk.size() - 1) + ")";
    return send(ChunkCall.of(function, chunk), function, Placement.roundRobin(), label);
  }

  private <T, R> Iterator<R> lazily(
      SerializableFunction<T, R> function, Iterable<? extends T> items, int chunkSize, boolean ordered) {
    requireNonNull(function, "function");
    requireNonNull(items, "items");
    checkChunkSize(chunkSize);
    long map = maps.incrementAndGet();
    AtomicInteger index = new AtomicInteger();
    AtomicInteger first = new AtomicInteger();
    return new ChunkIterator<T, R>(
        items.iterator(),
        chunkSize,
        imapWindow,
        ordered,
        chunk -> sendChunk(function, chunk, map, index.getAndIncrement(), first.getAndAdd(chunk.size())));
  }

  private static void checkChunkSize(int chunkSize) {
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunkSize must be at least 1, was " + chunkSize);
    }
  }

  private static <T> Collection<? extends T> collection(Iterable<? extends T> items) {
    if (items instanceof Collection<? extends T> all) {
      return all;
    }
    List<T> all = new ArrayList<>();
    items.forEach(all::add);
    return all;
  }

  // ------------------------------------------------------------------------------------ invokeAll, invokeAny

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if a task is not {@link Serializable} or cannot be serialized; those already
   *     sent are cancelled
   */
  @Override
  public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
    List<Future<T>> futures = submitAll(tasks);
    for (Future<T> future : futures) {
      awaitQuietly(future, Long.MAX_VALUE);
    }
    return futures;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if a task is not {@link Serializable} or cannot be serialized; those already
   *     sent are cancelled
   */
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

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if a task is not {@link Serializable} or cannot be serialized
   */
  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
    try {
      return invokeAny(tasks, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no deadline was set", e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if a task is not {@link Serializable} or cannot be serialized, or there are
   *     none
   */
  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("invokeAny needs at least one task");
    }
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
      futures.forEach(future -> future.cancel(/* mayInterruptIfRunning= */ true));
    }
  }

  private <T> List<Future<T>> submitAll(Collection<? extends Callable<T>> tasks) {
    tasks.forEach(ClusterPool::requireSerializable);
    List<Future<T>> futures = new ArrayList<>(tasks.size());
    try {
      for (Callable<T> task : tasks) {
        futures.add(submit(task));
      }
    } catch (RuntimeException e) {
      futures.forEach(future -> future.cancel(/* mayInterruptIfRunning= */ true));
      throw e;
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
      // invokeAll reports each outcome through its future
    } catch (TimeoutException e) {
      return false;
    }
    return true;
  }

  // ----------------------------------------------------------------------------------------------- observing

  /**
   * Which member ran which of this pool's tasks, and when.
   *
   * @return the pool's log
   */
  public WorkLog workLog() {
    return log;
  }

  /**
   * The members that run tasks now.
   *
   * @return a snapshot, oldest member first
   */
  public List<MemberInfo> members() {
    return cluster.members();
  }

  /**
   * The pool's delivery.
   *
   * @return at-most-once or at-least-once
   */
  public Delivery delivery() {
    return delivery;
  }

  /**
   * The name of the pool's Hazelcast executor on the members.
   *
   * @return {@code dev.concurrency.cluster.} and the pool's name
   */
  public String executorName() {
    return MemberSettings.EXECUTOR_PREFIX + name;
  }

  // ---------------------------------------------------------------------------------------------- shutting down

  /** Refuses new tasks; those in flight still run. Does not wait. */
  @Override
  public void shutdown() {
    lock.lock();
    try {
      shutdown = true;
      if (active == 0) {
        terminated.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Refuses new tasks and cancels those in flight (on their members too, interrupting them, for an at-most-once
   * pool).
   *
   * @return an empty list: tasks wait in the members' queues, and the cluster does not say which had not started
   */
  @Override
  public List<Runnable> shutdownNow() {
    shutdown();
    for (ClusterFuture<?> future : List.copyOf(inFlight)) {
      future.cancel(/* mayInterruptIfRunning= */ true);
    }
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    lock.lock();
    try {
      return shutdown;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean isTerminated() {
    lock.lock();
    try {
      return shutdown && active == 0;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    long remaining = requireNonNull(unit, "unit").toNanos(timeout);
    lock.lock();
    try {
      while (!(shutdown && active == 0)) {
        if (remaining <= 0) {
          return false;
        }
        remaining = terminated.awaitNanos(remaining);
      }
    } finally {
      lock.unlock();
    }
    return true;
  }

  /**
   * Shuts down, waits for the tasks in flight, then destroys the pool's own Hazelcast executors on the members
   * (not those of a {@linkplain Builder#name named} pool). If interrupted while waiting, cancels everything
   * ({@link #shutdownNow()}) and returns with the interrupt status set. The cluster connection stays open.
   */
  @Override
  public void close() {
    shutdown();
    try {
      while (!awaitTermination(1, TimeUnit.DAYS)) {
        // keep waiting, as ExecutorService.close does
      }
    } catch (InterruptedException e) {
      shutdownNow();
      Thread.currentThread().interrupt();
    }
    release();
  }

  /** Destroys the executors this pool created on the members, once, if it owns them and the connection is open. */
  private void release() {
    if (ownsExecutors && released.compareAndSet(false, true) && cluster.hazelcast().getLifecycleService().isRunning()) {
      for (DistributedObject executor : dispatcher.created()) {
        executor.destroy();
      }
    }
  }

  /** The pool's name, delivery and state. */
  @Override
  public String toString() {
    return "ClusterPool[" + name + ", " + delivery + (isShutdown() ? ", shut down" : "") + ", on " + cluster + "]";
  }

  /** Configuration of a {@link ClusterPool}; not thread-safe. */
  public static final class Builder {
    private final ClusterConnection cluster;
    private @Nullable String name;
    private Delivery delivery = Delivery.AT_MOST_ONCE;
    private int imapWindow = 16;

    private Builder(ClusterConnection cluster) {
      this.cluster = requireNonNull(cluster, "cluster");
    }

    /**
     * Names the pool's Hazelcast executor ({@code dev.concurrency.cluster.} and the name); pools of one name, in
     * any JVM of the cluster, share one executor and its threads on each member. Default: a name of its own, and
     * the executor is destroyed when the pool is closed.
     *
     * @param name letters, digits, {@code -}, {@code _} and {@code .}
     * @return this builder
     */
    public Builder name(String name) {
      if (!ClusterMember.notBlank(name, "name").matches("[A-Za-z0-9._-]+")) {
        throw new IllegalArgumentException("a pool's name is letters, digits, '-', '_' and '.', was '" + name + "'");
      }
      this.name = name;
      return this;
    }

    /**
     * What a member that leaves does to its tasks (default {@link Delivery#AT_MOST_ONCE}).
     *
     * @param delivery at-most-once or at-least-once
     * @return this builder
     */
    public Builder delivery(Delivery delivery) {
      this.delivery = requireNonNull(delivery, "delivery");
      return this;
    }

    /**
     * How many chunks {@link #imap} and {@link #imapUnordered} keep in flight ahead of the consumer (default 16).
     *
     * @param chunks at least 1
     * @return this builder
     */
    public Builder imapWindow(int chunks) {
      if (chunks < 1) {
        throw new IllegalArgumentException("imapWindow must be at least 1 chunk, was " + chunks);
      }
      this.imapWindow = chunks;
      return this;
    }

    /**
     * Builds the pool. Nothing is created on the members until the first task.
     *
     * @return the pool
     */
    public ClusterPool build() {
      return new ClusterPool(this);
    }
  }
}
