package dev.concurrency.processes.internal;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.concurrency.processes.BrokenPoolException;
import dev.concurrency.processes.RemoteException;
import java.io.IOException;
import java.io.InvalidClassException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The engine of a {@code ProcessPool}: the queue of jobs, the worker JVMs, and what happens when a job is
 * submitted, when a worker answers, and when a worker dies.
 *
 * <p>Thread-safe. Every change of state happens under one lock; talking to a worker's pipe and completing
 * futures happen after the lock is released (each locked section collects them in a list of actions), so no
 * caller's callback and no slow pipe ever runs under the lock.
 */
public final class PoolCore {

  /*
   * Why nothing is lost or hangs:
   * - A job is in exactly one place: the queue, or a worker's `inFlight`, or done. Assignment moves it under the
   *   lock. A worker runs its jobs in the order they were sent and answers each before it starts the next, and
   *   its frames are all read before its exit is reported; so when a worker dies, the head of its `inFlight` is
   *   the job it was running (that one fails), and the rest never started (they go back to the queue).
   * - A worker is sent a second job while it runs the first (PER_WORKER), so it never idles for a round trip
   *   between two jobs; but only when no worker is idle and no new one may be started, so a job never waits
   *   behind another while a worker could take it at once.
   * - A worker counts against maxWorkers from its spawn until its exit is seen, including while it retires or is
   *   being killed, so there are never more than maxWorkers processes.
   * - A worker is made idle before its job's future is completed: a caller that waits for one result and then
   *   submits the next finds the worker idle and reuses it.
   * - Termination is checked after every change: not running, queue empty, no worker left.
   */

  private enum State {
    RUNNING,
    SHUTDOWN,
    STOPPED,
    BROKEN
  }

  /**
   * The jobs a worker holds at once: the one it runs and one queued behind it in its pipe. Without the second a
   * worker waits a round trip (the answer to the parent, the next job back) between jobs: 0.1 to 0.5 ms here,
   * up to a tenth of a 5 ms task.
   */
  static final int PER_WORKER = 2;

  private final PoolConfig config;
  private final ReentrantLock lock = new ReentrantLock();
  private final CountDownLatch terminated = new CountDownLatch(1);
  private final AtomicLong ids = new AtomicLong();
  private final @Nullable ScheduledExecutorService timer;

  @GuardedBy("lock")
  private State state = State.RUNNING;

  @GuardedBy("lock")
  private @Nullable BrokenPoolException broken;

  @GuardedBy("lock")
  private final ArrayDeque<Job> queue = new ArrayDeque<>();

  @GuardedBy("lock")
  private final ArrayDeque<Worker> idle = new ArrayDeque<>();

  @GuardedBy("lock")
  private final Set<Worker> workers = new LinkedHashSet<>();

  @GuardedBy("lock")
  private int spawned;

  /** Creates the engine and, if configured, starts every worker now. */
  public PoolCore(PoolConfig config) {
    this.config = requireNonNull(config, "config");
    this.timer =
        config.taskTimeout() == null
            ? null
            : Executors.newSingleThreadScheduledExecutor(
                new ThreadFactoryBuilder().setDaemon(true).setNameFormat(config.name() + "-timeouts").build());
    if (config.prestart()) {
      List<Runnable> after = new ArrayList<>();
      lock.lock();
      try {
        while (state == State.RUNNING && workers.size() < config.maxWorkers()) {
          Worker worker = spawnLocked(after);
          if (worker == null) {
            break;
          }
          idle.push(worker);
        }
      } finally {
        lock.unlock();
      }
      after.forEach(Runnable::run);
    }
  }

  /**
   * Queues a serialized task.
   *
   * @param payload the serialized {@code Callable}
   * @param task the task as submitted, returned by {@link #shutdownNow()} if it never ran
   * @throws BrokenPoolException if the pool is broken
   * @throws RejectedExecutionException if the pool is shut down
   */
  public CompletableFuture<Object> submit(byte[] payload, Object task) {
    Job job = new Job(ids.incrementAndGet(), payload, task, new CompletableFuture<>());
    job.future.whenComplete(
        (value, error) -> {
          if (error instanceof CancellationException) {
            onCancelled(job);
          }
        });
    List<Runnable> after = new ArrayList<>();
    lock.lock();
    try {
      if (state != State.RUNNING) {
        throw rejection();
      }
      queue.add(job);
      dispatchLocked(after);
    } finally {
      lock.unlock();
    }
    after.forEach(Runnable::run);
    return job.future;
  }

  @GuardedBy("lock")
  private RejectedExecutionException rejection() {
    BrokenPoolException cause = broken;
    if (cause != null) {
      return new BrokenPoolException("the pool is broken and takes no more tasks: " + cause.getMessage(), cause.exitCode().isPresent() ? cause.exitCode().getAsInt() : null);
    }
    return new RejectedExecutionException(config.name() + " is shut down and takes no more tasks");
  }

  /**
   * Hands queued jobs to idle workers, starting workers while below the limit, and then queues one more job
   * behind a running one in each worker.
   */
  @GuardedBy("lock")
  private void dispatchLocked(List<Runnable> after) {
    while (!queue.isEmpty() && (state == State.RUNNING || state == State.SHUTDOWN)) {
      Job job = queue.peek();
      if (job.future.isDone()) { // cancelled while queued
        queue.poll();
        continue;
      }
      Worker worker = idle.poll();
      if (worker == null && workers.size() < config.maxWorkers()) {
        worker = spawnLocked(after);
      }
      if (worker == null) {
        worker = leastBusyLocked();
      }
      if (worker == null) {
        return;
      }
      queue.poll();
      assignLocked(worker, job, after);
    }
  }

  /** The live worker with the fewest jobs that can take one more, or null. */
  @GuardedBy("lock")
  private @Nullable Worker leastBusyLocked() {
    Worker best = null;
    for (Worker worker : workers) {
      if (!worker.retiring
          && worker.inFlight.size() < PER_WORKER
          && (config.maxTasksPerChild() == 0
              || worker.completed + worker.inFlight.size() < config.maxTasksPerChild())
          && (best == null || worker.inFlight.size() < best.inFlight.size())) {
        best = worker;
      }
    }
    return best;
  }

  @GuardedBy("lock")
  private void assignLocked(Worker worker, Job job, List<Runnable> after) {
    worker.inFlight.add(job);
    if (worker.ready && worker.inFlight.size() == 1) {
      startTimerLocked(worker, job);
    }
    ChildJvm jvm = worker.jvm();
    after.add(
        () -> {
          try {
            jvm.send(new Frame(Frame.Kind.TASK, job.id, job.payload));
          } catch (IOException e) {
            // The worker is dying; its exit fails this job with a BrokenPoolException.
          }
        });
  }

  /**
   * Tells the worker holding {@code job} behind its running one to skip it: a cancelled job that waits in a
   * worker's pipe never runs, as one in the pool's queue never does. (A queued job is dropped by dispatch; a
   * running one runs to its end, its answer dropped.)
   */
  private void onCancelled(Job job) {
    ChildJvm holder = null;
    lock.lock();
    try {
      for (Worker worker : workers) {
        if (worker.inFlight.peek() != job && worker.inFlight.contains(job)) {
          holder = worker.jvm();
          break;
        }
      }
    } finally {
      lock.unlock();
    }
    if (holder != null) {
      try {
        holder.send(Frame.control(Frame.Kind.CANCEL, job.id));
      } catch (IOException e) {
        // The worker is dying; the job is cancelled either way.
      }
    }
  }

  /** Puts jobs a worker will never run back at the head of the queue, in their order. */
  @GuardedBy("lock")
  private void requeueLocked(Worker worker) {
    while (!worker.inFlight.isEmpty()) {
      queue.addFirst(worker.inFlight.pollLast());
    }
  }

  @GuardedBy("lock")
  private void startTimerLocked(Worker worker, Job job) {
    Duration limit = config.taskTimeout();
    if (timer != null && limit != null) {
      job.timeout = timer.schedule(() -> onTimeout(worker, job, limit), limit.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  @GuardedBy("lock")
  private @Nullable Worker spawnLocked(List<Runnable> after) {
    Worker worker = new Worker(config.name() + "-worker-" + ++spawned);
    try {
      worker.jvm = ChildJvm.start(
          config.command(), worker.name, config.output(), /* daemon= */ true, new Listener(worker), /* coldTask= */ null);
      byte[] initializer = config.initializer();
      if (initializer != null) {
        // Sent under the lock so that it precedes any task frame; it is small and the pipe is empty.
        worker.jvm.send(new Frame(Frame.Kind.INIT, 0, initializer));
      }
    } catch (IOException e) {
      breakLocked(new BrokenPoolException("cannot start a worker JVM with " + config.command().toList() + ": " + e, null), after);
      return null;
    }
    workers.add(worker);
    return worker;
  }

  /** Breaks the pool: fails every queued and running job with {@code cause} and kills every worker. */
  @GuardedBy("lock")
  private void breakLocked(BrokenPoolException cause, List<Runnable> after) {
    if (state == State.BROKEN) {
      return;
    }
    state = State.BROKEN;
    broken = cause;
    List<Job> failed = new ArrayList<>(queue);
    queue.clear();
    for (Worker worker : workers) {
      failed.addAll(worker.inFlight);
      worker.inFlight.clear();
      worker.retiring = true;
      after.add(() -> worker.jvm().destroyTree(/* force= */ true));
    }
    idle.clear();
    after.add(() -> failed.forEach(job -> job.future.completeExceptionally(cause)));
  }

  @GuardedBy("lock")
  private void retireLocked(Worker worker) {
    worker.retiring = true;
    idle.remove(worker);
    try {
      worker.jvm().send(Frame.control(Frame.Kind.SHUTDOWN, 0));
    } catch (IOException e) {
      // Already exiting: that is what retiring asks for.
    }
    worker.jvm().closeChannel();
  }

  /** Retires idle workers once shut down and drained; counts down the latch when the last worker is gone. */
  @GuardedBy("lock")
  private void checkTerminationLocked() {
    if (state == State.RUNNING || !queue.isEmpty()) {
      return;
    }
    for (Worker worker : List.copyOf(idle)) {
      retireLocked(worker);
    }
    if (workers.isEmpty() && terminated.getCount() > 0) {
      terminated.countDown();
      if (timer != null) {
        timer.shutdownNow();
      }
    }
  }

  private void onTimeout(Worker worker, Job job, Duration limit) {
    List<Runnable> after = new ArrayList<>();
    lock.lock();
    try {
      if (worker.inFlight.peek() != job) {
        return;
      }
      worker.inFlight.poll();
      worker.retiring = true;
      requeueLocked(worker); // the jobs queued behind it never started: another worker runs them
      dispatchLocked(after);
    } finally {
      lock.unlock();
    }
    after.forEach(Runnable::run);
    job.future.completeExceptionally(
        new TimeoutException(job + " ran longer than its limit of " + limit + "; its worker " + worker + " was killed and will be replaced"));
    worker.jvm().destroyTree(/* force= */ true);
  }

  /** Initiates an orderly shutdown: queued jobs still run, nothing new is accepted. */
  public void shutdown() {
    lock.lock();
    try {
      if (state == State.RUNNING) {
        state = State.SHUTDOWN;
      }
      checkTerminationLocked();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Cancels the jobs that have not started: the queued ones, and those sent to a worker behind the one it runs
   * (their worker is told to skip them; best effort, as {@code ExecutorService} allows: such a job may have
   * started in the moment its worker's previous answer was on its way, and then runs to its end, its answer
   * dropped). Returns their tasks, in submission order.
   */
  public List<Object> cancelQueued() {
    List<Job> drained;
    lock.lock();
    try {
      drained = waitingLocked();
      queue.clear();
      checkTerminationLocked();
    } finally {
      lock.unlock();
    }
    drained.forEach(job -> job.future.cancel(/* mayInterruptIfRunning= */ false));
    return drained.stream().filter(job -> job.future.isCancelled()).map(Job::task).toList();
  }

  /** The jobs that have not started: those behind each worker's running one, then the queue; by submission. */
  @GuardedBy("lock")
  private List<Job> waitingLocked() {
    List<Job> waiting = new ArrayList<>();
    for (Worker worker : workers) {
      waiting.addAll(worker.inFlight);
      if (!worker.inFlight.isEmpty()) {
        waiting.remove(worker.inFlight.peek());
      }
    }
    waiting.addAll(queue);
    waiting.sort(Comparator.comparingLong(job -> job.id));
    return waiting;
  }

  /** Stops at once: cancels queued and running jobs and kills every worker; returns the tasks that never ran. */
  public List<Object> shutdownNow() {
    List<Job> running = new ArrayList<>();
    List<Job> waiting;
    List<Worker> victims;
    lock.lock();
    try {
      if (state == State.RUNNING || state == State.SHUTDOWN) {
        state = State.STOPPED;
      }
      waiting = waitingLocked();
      queue.clear();
      for (Worker worker : workers) {
        Job head = worker.inFlight.peek();
        if (head != null) {
          running.add(head);
        }
        worker.inFlight.clear();
        worker.retiring = true;
      }
      idle.clear();
      victims = List.copyOf(workers);
      checkTerminationLocked();
    } finally {
      lock.unlock();
    }
    waiting.forEach(job -> job.future.cancel(/* mayInterruptIfRunning= */ false));
    List<Object> neverRan = waiting.stream().filter(job -> job.future.isCancelled()).map(Job::task).toList();
    running.forEach(job -> job.future.cancel(/* mayInterruptIfRunning= */ true));
    victims.forEach(worker -> worker.jvm().destroyTree(/* force= */ true));
    return neverRan;
  }

  /** Whether shutdown, shutdownNow or a break happened. */
  public boolean isShutdown() {
    lock.lock();
    try {
      return state != State.RUNNING;
    } finally {
      lock.unlock();
    }
  }

  /** Whether the pool is shut down and every worker has exited. */
  public boolean isTerminated() {
    return terminated.getCount() == 0;
  }

  /** Waits for termination; returns whether it happened in time. */
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return terminated.await(timeout, unit);
  }

  /** The process ids of the live workers, a snapshot. */
  public List<Long> workerPids() {
    lock.lock();
    try {
      return workers.stream().map(worker -> worker.jvm().pid()).collect(ImmutableList.toImmutableList());
    } finally {
      lock.unlock();
    }
  }

  /** Receives one worker's answers and its exit. */
  private final class Listener implements ChildJvm.Listener {
    private final Worker worker;

    Listener(Worker worker) {
      this.worker = worker;
    }

    @Override
    public void onFrame(ChildJvm child, Frame frame) {
      if (frame.kind() == Frame.Kind.STARTED) {
        return;
      }
      if (frame.kind() == Frame.Kind.READY) {
        lock.lock();
        try {
          worker.ready = true;
          Job running = worker.inFlight.peek();
          if (running != null) {
            startTimerLocked(worker, running);
          }
        } finally {
          lock.unlock();
        }
        return;
      }
      if (frame.id() == 0) {
        onInitializerAnswer(frame);
        return;
      }
      Throwable failure = null;
      Object value = null;
      if (frame.kind() == Frame.Kind.SKIPPED) {
        value = null; // its future is cancelled already; completing it again does nothing
      } else if (frame.kind() == Frame.Kind.RESULT) {
        try {
          value = config.codec().decode(frame.payload());
        } catch (InvalidClassException e) {
          failure = new InvalidClassException(
              "the result of task #" + frame.id() + " was refused by the deserialization allowlist (" + e.getMessage()
                  + "); allow its classes with ProcessPool.builder().allow(\"com.example.**\")");
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
          failure = e;
        }
      } else {
        failure = remote(frame);
      }
      List<Runnable> after = new ArrayList<>();
      Job job;
      lock.lock();
      try {
        job = worker.inFlight.peek();
        if (job == null || job.id != frame.id()) {
          return; // timed out or cancelled by shutdownNow: the answer is late and nobody waits for it
        }
        worker.inFlight.poll();
        worker.completed++;
        if (job.timeout != null) {
          job.timeout.cancel(/* mayInterruptIfRunning= */ false);
        }
        Job next = worker.inFlight.peek();
        if (next != null) {
          startTimerLocked(worker, next); // the worker starts it now
        } else if (config.maxTasksPerChild() > 0 && worker.completed >= config.maxTasksPerChild()) {
          retireLocked(worker);
        } else if (!worker.retiring) {
          idle.push(worker);
        }
        dispatchLocked(after);
        checkTerminationLocked();
      } finally {
        lock.unlock();
      }
      if (failure == null) {
        job.future.complete(value);
      } else {
        job.future.completeExceptionally(failure);
      }
      after.forEach(Runnable::run);
    }

    private void onInitializerAnswer(Frame frame) {
      if (frame.kind() != Frame.Kind.FAILURE) {
        return;
      }
      RemoteException cause = remote(frame);
      List<Runnable> after = new ArrayList<>();
      lock.lock();
      try {
        breakLocked(new BrokenPoolException("the initializer failed in " + worker + ": " + cause.getMessage(), null), after);
      } finally {
        lock.unlock();
      }
      after.forEach(Runnable::run);
    }

    @Override
    public void onExit(ChildJvm child, int exitCode) {
      List<Runnable> after = new ArrayList<>();
      lock.lock();
      try {
        workers.remove(worker);
        idle.remove(worker);
        Job job = worker.inFlight.poll(); // the one it was running; the rest never started
        requeueLocked(worker);
        if (job != null) {
          String policy = config.breakOnWorkerDeath() ? "the pool is now broken" : "the worker will be replaced";
          BrokenPoolException death = new BrokenPoolException(
              "worker " + worker + " died with " + ExitCodes.describe(exitCode) + " while running " + job + "; " + policy,
              exitCode);
          after.add(() -> job.future.completeExceptionally(death));
          if (config.breakOnWorkerDeath()) {
            breakLocked(death, after);
          }
        }
        dispatchLocked(after);
        checkTerminationLocked();
      } finally {
        lock.unlock();
      }
      after.forEach(Runnable::run);
    }
  }

  private static RemoteException remote(Frame frame) {
    try {
      RemoteFailure failure = RemoteFailure.decode(frame.payload());
      return new RemoteException(failure.type(), failure.message(), failure.stack());
    } catch (IOException e) {
      return new RemoteException("java.io.IOException", "the child's failure report was malformed: " + e, "");
    }
  }
}
