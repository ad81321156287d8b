package dev.concurrency.processes.internal;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.concurrency.processes.BrokenPoolException;
import dev.concurrency.processes.ProcessPoolMXBean;
import java.io.IOException;
import java.io.InvalidClassException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The engine of a {@code ProcessPool}: the queue of jobs, the worker JVMs, and what happens when a job is
 * submitted or cancelled, when a worker answers, and when a worker dies.
 *
 * <p>Thread-safe. Every change of state happens under one lock; talking to a worker's channel, signalling
 * processes and completing futures happen after the lock is released (each locked section collects them in a
 * list of actions), so no caller's callback and no slow channel ever runs under the lock. A worker's frames are
 * queued under the lock and written in that order by whichever thread gets to them first.
 */
public final class PoolCore {

  /*
   * Why nothing is lost, run twice or left hanging:
   * - A job is in exactly one place: the queue, or a worker's `inFlight`, or done. Assignment moves it under the
   *   lock. A worker runs its jobs in the order they were sent, says STARTED as it begins each and answers each
   *   before it starts the next, and its frames are all read before its exit is reported. So when a worker dies,
   *   a head of `inFlight` marked started is the job it was running (that one fails), and every job not marked
   *   started never ran (it goes back to the queue, and runs on another worker).
   * - A worker is sent a second job while it runs the first (PER_WORKER), so it never idles for a round trip
   *   between two jobs; but only when no worker is idle and no new one may be started, so a job never waits
   *   behind another while a worker could take it at once. When a worker becomes free later (it finished, or one
   *   died and may be replaced) and the queue is empty, the pool takes such a job back (`revoking`): the worker
   *   answers SKIPPED at once if it has not begun the job, which then goes first in the queue, or STARTED if it
   *   has, and the job stays. Python's workers all take from one queue; this is how a free worker here does too.
   * - A worker counts against maxWorkers from its spawn until its exit is seen, including while it retires or is
   *   being killed, so there are never more than maxWorkers processes.
   * - A worker is made idle before its job's future is completed: a caller that waits for one result and then
   *   submits the next finds the worker idle and reuses it.
   * - A death the pool did not cause (`retiring` unset) of a worker that never said READY, or never finished the
   *   initializer, breaks the pool: every replacement would die the same way, and requeued jobs would loop.
   * - Termination is checked after every change: not running, queue empty, no worker left.
   */

  private enum State {
    /** Takes and runs tasks. */
    RUNNING,
    /** Takes no more; runs what is queued. */
    SHUTDOWN,
    /** Takes no more and runs nothing more: shutdownNow, terminateWorkers, killWorkers. */
    STOPPED,
    /** A worker's death or the initializer broke it: every task fails. */
    BROKEN
  }

  /**
   * The jobs a worker holds at once: the one it runs and one queued behind it in its channel. Without the second
   * a worker waits a round trip (the answer to the parent, the next job back) between jobs: 0.1 to 0.5 ms here,
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

  /** Why the pool was stopped, for the tasks that fail because of it; null unless STOPPED. */
  @GuardedBy("lock")
  private @Nullable String stopReason;

  @GuardedBy("lock")
  private final ArrayDeque<Job> queue = new ArrayDeque<>();

  @GuardedBy("lock")
  private final ArrayDeque<Worker> idle = new ArrayDeque<>();

  @GuardedBy("lock")
  private final Set<Worker> workers = new LinkedHashSet<>();

  @GuardedBy("lock")
  private int spawned;

  /** What it has done so far, for its MXBean. */
  final PoolCounts counts = new PoolCounts();

  /** Its MXBean's registration, closed when it terminates. */
  private final JmxRegistration jmx;

  /**
   * Creates the engine and, if configured, starts every worker now and boots a warm spare.
   *
   * @param config the settings
   */
  public PoolCore(PoolConfig config) {
    this.config = requireNonNull(config, "config");
    this.timer =
        config.taskTimeout() == null
            ? null
            : Executors.newSingleThreadScheduledExecutor(
                new ThreadFactoryBuilder().setDaemon(true).setNameFormat(config.name() + "-timeouts").build());
    // Before any worker starts: a pool that breaks in this constructor terminates, and closes it, at once.
    this.jmx = JmxRegistration.later(config.name(), new PoolView(this));
    List<Runnable> after = new ArrayList<>();
    lock.lock();
    try {
      while (config.prestart() && state == State.RUNNING && workers.size() < config.maxWorkers()) {
        Worker worker = spawnLocked(after);
        if (worker == null) {
          break;
        }
        idle.push(worker);
      }
    } finally {
      lock.unlock();
    }
    if (config.warmSpare()) {
      after.add(this::replenishSpare);
    }
    after.forEach(Runnable::run);
  }

  /**
   * Queues an encoded task.
   *
   * @param payload the encoded {@code Callable}
   * @param task the task as submitted, returned by {@link #shutdownNow()} if it never ran
   * @param onResult what the child's result becomes in the future (the identity, or a fixed value for
   *     {@code submit(Runnable, T)})
   * @return the task's future
   * @throws BrokenPoolException if the pool is broken
   * @throws RejectedExecutionException if the pool is shut down
   */
  public CompletableFuture<Object> submit(
      byte[] payload, Object task, Function<@Nullable Object, @Nullable Object> onResult) {
    Job job = new Job(ids.incrementAndGet(), payload, task, onResult, this);
    List<Runnable> after = new ArrayList<>();
    lock.lock();
    try {
      if (state != State.RUNNING) {
        throw rejection();
      }
      if (ChildRegistry.jvmExiting()) {
        throw new RejectedExecutionException(
            config.name() + " takes no new tasks while this JVM exits (its workers are being ended)");
      }
      ProcessPoolEvents.queued(config.name(), job.id, queue.size());
      queue.add(job);
      counts.submitted.increment();
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
      BrokenPoolException refused = new BrokenPoolException(
          config.name() + " is broken and takes no more tasks: " + cause.getMessage(),
          cause.exitCode().isPresent() ? cause.exitCode().getAsInt() : null);
      refused.initCause(cause);
      return refused;
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
      if (job.future.isDone()) { // cancelled while queued, or completed by hand
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
    if (state == State.RUNNING || state == State.SHUTDOWN) {
      revokeStrandedLocked(after);
    }
  }

  /**
   * Takes back jobs sent ahead into a busy worker, as many as there are workers that could start one now: idle
   * ones, and room to start new ones. Called with the queue empty.
   */
  @GuardedBy("lock")
  private void revokeStrandedLocked(List<Runnable> after) {
    int room = idle.size() + Math.max(0, config.maxWorkers() - workers.size());
    if (room == 0) {
      return; // the usual case under load: every worker is busy
    }
    room -= revokingLocked(); // those are on their way back: a free worker waits for each
    for (Worker worker : workers) {
      boolean head = true;
      for (Job job : worker.inFlight) {
        if (room <= 0) {
          return;
        }
        if (head) {
          head = false; // it runs, or begins at once: it stays
        } else if (!job.revoking && !job.cancelRequested) {
          job.revoking = true;
          room--;
          sendAfter(worker, Frame.control(Frame.Kind.CANCEL, job.id), after);
        }
      }
    }
  }

  /** How many jobs are being taken back. */
  @GuardedBy("lock")
  private int revokingLocked() {
    int revoking = 0;
    for (Worker worker : workers) {
      for (Job job : worker.inFlight) {
        if (job.revoking) {
          revoking++;
        }
      }
    }
    return revoking;
  }

  /** The live worker with the fewest jobs that can take one more, or null. */
  @GuardedBy("lock")
  private @Nullable Worker leastBusyLocked() {
    Worker best = null;
    for (Worker worker : workers) {
      if (!worker.retiring()
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
    ProcessPoolEvents.dispatched(config.name(), job, worker.jvm().pid());
    sendAfter(worker, new Frame(Frame.Kind.TASK, job.id, job.payload), after);
  }

  /**
   * Queues a frame for a worker, in the order this lock gives, and has it sent once the lock is released. A
   * worker that cannot take it is dying, and its exit decides what becomes of the job (one that never started
   * runs elsewhere).
   */
  @GuardedBy("lock")
  private static void sendAfter(Worker worker, Frame frame, List<Runnable> after) {
    ChildJvm jvm = worker.jvm();
    jvm.enqueue(frame);
    after.add(jvm::sendQueued);
  }

  /**
   * The pool's side of {@link PoolFuture#cancel}: see there for what each case means.
   *
   * @return whether the future is now cancelled: by this call, or already before it
   */
  boolean cancel(Job job, boolean mayInterruptIfRunning) {
    List<Runnable> after = new ArrayList<>();
    lock.lock();
    try {
      if (job.future.isDone()) {
        return job.future.isCancelled(); // as CompletableFuture (and Python): a cancelled future stays "cancelled"
      }
      if (!queue.remove(job)) {
        Worker holder = holderLocked(job);
        if (holder == null || !mayInterruptIfRunning) {
          return false; // handed to a worker (running, as Python counts it), or being completed right now
        }
        if (holder.inFlight.peek() == job && job.started) {
          holder.inFlight.poll();
          ProcessPoolEvents.left(job, ProcessPoolEvents.CANCELLED);
          stopLocked(holder, "cancelled", after); // it runs: killing its worker is the one way to stop it
        } else {
          job.cancelRequested = true; // not begun: the worker skips it, or is killed if it begins first
          if (!job.revoking) { // else the CANCEL that takes it back is on its way already
            sendAfter(holder, Frame.control(Frame.Kind.CANCEL, job.id), after);
          }
        }
      }
    } finally {
      lock.unlock();
    }
    boolean cancelled = job.future.markCancelled();
    after.forEach(Runnable::run);
    return cancelled;
  }

  @GuardedBy("lock")
  private @Nullable Worker holderLocked(Job job) {
    for (Worker worker : workers) {
      if (worker.inFlight.contains(job)) {
        return worker;
      }
    }
    return null;
  }

  /**
   * Kills a worker whose running job the pool gave up on (a timeout, a cancel): the jobs behind it never started
   * and go back to the queue; its exit is no fault.
   */
  @GuardedBy("lock")
  private void stopLocked(Worker worker, String because, List<Runnable> after) {
    worker.retire(because);
    idle.remove(worker);
    requeueLocked(worker);
    dispatchLocked(after);
    ChildJvm jvm = worker.jvm();
    after.add(() -> jvm.destroyTree(/* force= */ true));
  }

  /** Puts jobs a worker will never run back at the head of the queue, in their order. */
  @GuardedBy("lock")
  private void requeueLocked(Worker worker) {
    while (!worker.inFlight.isEmpty()) {
      Job job = worker.inFlight.pollLast();
      job.revoking = false;
      ProcessPoolEvents.left(job, ProcessPoolEvents.REQUEUED);
      queue.addFirst(job);
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
    Worker worker = new Worker(config.name() + "-worker-" + ++spawned, config.initializer() == null);
    Listener listener = new Listener(worker);
    Optional<ChildJvm> spare = config.warmSpare() ? WarmSpares.take(config.command()) : Optional.empty();
    boolean warm = false;
    try {
      if (spare.isPresent() && spare.get().rebind(worker.name, config.output(), /* daemon= */ true, listener)) {
        worker.jvm = spare.get();
        worker.ready = true; // it said READY to the spares, before this pool took it
        warm = true;
        after.add(this::replenishSpare);
      } else {
        worker.jvm = ChildJvm.start(
            config.command(), worker.name, config.output(), /* daemon= */ true, listener, /* coldTask= */ null);
      }
      byte[] initializer = config.initializer();
      if (initializer != null) {
        sendAfter(worker, new Frame(Frame.Kind.INIT, 0, initializer), after); // queued first: before any task
      }
    } catch (IOException e) {
      breakLocked(new BrokenPoolException("cannot start a worker JVM with " + config.command().toList() + ": " + e, null), after);
      return null;
    }
    workers.add(worker);
    counts.workersStarted.increment();
    ProcessPoolEvents.spawned(config.name(), worker, warm);
    if (warm) {
      ProcessPoolEvents.ready(worker);
    }
    return worker;
  }

  /** Boots the next warm spare, off the lock: the start of a process takes milliseconds. */
  private void replenishSpare() {
    try {
      WarmSpares.replenish(config.command());
    } catch (IOException e) {
      System.err.println(config.name() + ": cannot start a warm spare worker: " + e); // the next worker boots cold
    }
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
      for (Job job : worker.inFlight) {
        ProcessPoolEvents.failed(job, cause);
      }
      failed.addAll(worker.inFlight);
      worker.inFlight.clear();
      worker.retire("broken");
      ChildJvm jvm = worker.jvm();
      after.add(() -> jvm.destroyTree(/* force= */ true));
    }
    idle.clear();
    after.add(() -> failed.forEach(job -> job.future.completeExceptionally(cause)));
    checkTerminationLocked(); // a pool broken before any worker started is terminated at once
  }

  @GuardedBy("lock")
  private void retireLocked(Worker worker, String because) {
    worker.retire(because);
    idle.remove(worker);
    ChildJvm jvm = worker.jvm();
    jvm.enqueue(Frame.control(Frame.Kind.SHUTDOWN, 0));
    jvm.sendQueued(); // under the lock, as it is small: it must precede closing the channel
    jvm.closeChannel();
  }

  /** Retires idle workers once shut down and drained; counts down the latch when the last worker is gone. */
  @GuardedBy("lock")
  private void checkTerminationLocked() {
    if (state == State.RUNNING || !queue.isEmpty() || revokingLocked() > 0) {
      return; // an idle worker stays for a job on its way back
    }
    for (Worker worker : List.copyOf(idle)) {
      retireLocked(worker, "exit");
    }
    if (workers.isEmpty() && terminated.getCount() > 0) {
      jmx.close(); // first, so that a pool seen terminated is unregistered; in memory and quick, so under the lock
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
      ProcessPoolEvents.left(job, TimeoutException.class.getName());
      stopLocked(worker, "timeout", after);
    } finally {
      lock.unlock();
    }
    job.future.completeExceptionally(
        new TimeoutException(job + " ran longer than its limit of " + limit + "; its worker " + worker + " was killed and will be replaced"));
    after.forEach(Runnable::run);
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
   * Cancels the jobs in the pool's queue (not those handed to a worker, which Python counts as running), as
   * {@code shutdown(cancel_futures=True)} does. Returns their tasks, in submission order.
   *
   * @return the cancelled tasks
   */
  public List<Object> cancelQueued() {
    List<Job> drained;
    lock.lock();
    try {
      drained = new ArrayList<>(queue);
      queue.clear();
      checkTerminationLocked();
    } finally {
      lock.unlock();
    }
    return cancelAll(drained);
  }

  /** Cancels the futures of jobs that will never run, and returns the tasks of those it did cancel. */
  private static List<Object> cancelAll(List<Job> jobs) {
    List<Object> tasks = new ArrayList<>();
    for (Job job : jobs) {
      Object task = job.task; // read first: completing the future drops it
      if (task != null && job.future.markCancelled()) {
        tasks.add(task);
      }
    }
    return tasks;
  }

  /**
   * Stops at once: cancels the queued jobs and those workers hold, kills every worker; returns the tasks that
   * never started, in submission order (a task that started in the moment before its worker was killed is
   * stopped too, and not among them).
   *
   * @return the tasks that never started
   */
  public List<Object> shutdownNow() {
    List<Job> waiting = new ArrayList<>();
    List<Job> running = new ArrayList<>();
    List<Runnable> after = new ArrayList<>();
    lock.lock();
    try {
      stopStateLocked("shutdownNow()");
      waiting.addAll(queue);
      queue.clear();
      for (Worker worker : workers) {
        for (Job job : worker.inFlight) {
          (job.started ? running : waiting).add(job);
          ProcessPoolEvents.left(job, ProcessPoolEvents.CANCELLED);
        }
        worker.inFlight.clear();
        worker.retire("stopped");
        ChildJvm jvm = worker.jvm();
        after.add(() -> jvm.destroyTree(/* force= */ true));
      }
      idle.clear();
      checkTerminationLocked();
    } finally {
      lock.unlock();
    }
    waiting.sort(Comparator.comparingLong(job -> job.id));
    List<Object> neverRan = cancelAll(waiting);
    running.forEach(job -> job.future.markCancelled());
    after.forEach(Runnable::run);
    return neverRan;
  }

  /**
   * Python 3.14's {@code terminate_workers()} and {@code kill_workers()}: shuts down, cancels the queued jobs, and
   * signals every worker ({@code SIGTERM}, or {@code SIGKILL} if {@code force}) with its descendants. Jobs the
   * workers hold fail with a {@link BrokenPoolException} as their workers die; the pool takes no more tasks.
   *
   * @param force {@code SIGKILL} if {@code true}, else {@code SIGTERM}
   */
  public void stopWorkers(boolean force) {
    List<Job> queued;
    List<Runnable> after = new ArrayList<>();
    lock.lock();
    try {
      stopStateLocked(force ? "killWorkers()" : "terminateWorkers()");
      queued = new ArrayList<>(queue);
      queue.clear();
      for (Worker worker : workers) {
        worker.retire("stopped");
        ChildJvm jvm = worker.jvm();
        after.add(() -> jvm.destroyTree(force));
      }
      idle.clear();
      checkTerminationLocked();
    } finally {
      lock.unlock();
    }
    cancelAll(queued);
    after.forEach(Runnable::run);
  }

  @GuardedBy("lock")
  private void stopStateLocked(String how) {
    if (state == State.RUNNING || state == State.SHUTDOWN) {
      state = State.STOPPED;
      stopReason = "the pool was stopped by " + how;
    }
  }

  /**
   * Whether shutdown, shutdownNow, a stop or a break happened.
   *
   * @return whether it is
   */
  public boolean isShutdown() {
    lock.lock();
    try {
      return state != State.RUNNING;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Whether the pool is shut down and every worker has exited.
   *
   * @return whether it is
   */
  public boolean isTerminated() {
    return terminated.getCount() == 0;
  }

  /**
   * Waits for termination; returns whether it happened in time.
   *
   * @param timeout how long to wait
   * @param unit the timeout's unit
   * @return whether it terminated in time
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return terminated.await(timeout, unit);
  }

  /**
   * Whether the pool heard that the task behind {@code future} started (its worker said STARTED).
   *
   * @param future a future this pool returned
   * @return whether it did
   */
  public boolean hasStarted(CompletableFuture<?> future) {
    lock.lock();
    try {
      return future instanceof PoolFuture poolFuture && poolFuture.job().started;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The process ids of the live workers, a snapshot.
   *
   * @return the pids
   */
  public List<Long> workerPids() {
    lock.lock();
    try {
      return workers.stream().map(worker -> worker.jvm().pid()).collect(ImmutableList.toImmutableList());
    } finally {
      lock.unlock();
    }
  }

  /**
   * The pool's name.
   *
   * @return the name
   */
  public String name() {
    return config.name();
  }

  int maxWorkers() {
    return config.maxWorkers();
  }

  int queueLength() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  /** One worker as the lock showed it: described after the lock is let go. */
  private record SeenWorker(Worker worker, String state, @Nullable Job head) {}

  /** The pool as its MXBean shows it: read under the lock; the tasks are described after it, off the lock. */
  ProcessPoolMXBean.Snapshot snapshot() {
    List<SeenWorker> seen = new ArrayList<>();
    boolean shutdown;
    int queued;
    lock.lock();
    try {
      shutdown = state != State.RUNNING;
      queued = queue.size();
      for (Worker worker : workers) {
        Job head = worker.inFlight.peek();
        seen.add(new SeenWorker(worker, stateLocked(worker, head), head));
      }
    } finally {
      lock.unlock();
    }
    List<ProcessPoolMXBean.WorkerInfo> infos = new ArrayList<>(seen.size());
    for (SeenWorker s : seen) {
      Job head = s.head();
      infos.add(new ProcessPoolMXBean.WorkerInfo(
          s.worker().name, String.valueOf(s.worker().jvm().pid()), s.state(), head == null ? "" : TaskNames.of(head)));
    }
    return new ProcessPoolMXBean.Snapshot(
        config.name(), shutdown, infos.size(), queued, counts.completed.sum(), infos);
  }

  /** A worker's state, in the words of {@link ProcessPoolMXBean.WorkerInfo#state()}. */
  @GuardedBy("lock")
  private String stateLocked(Worker worker, @Nullable Job head) {
    if (worker.retiring()) {
      return "retiring";
    } else if (!worker.ready) {
      return "starting";
    } else if (!worker.initialized) {
      return "initializing";
    } else if (head == null) {
      return "idle";
    }
    return head.started ? "running" : "assigned";
  }

  /** Receives one worker's answers and its exit. */
  private final class Listener implements ChildJvm.Listener {
    private final Worker worker;

    Listener(Worker worker) {
      this.worker = worker;
    }

    @Override
    public void onFrame(ChildJvm child, Frame frame) {
      switch (frame.kind()) {
        case READY -> onReady();
        case STARTED -> onStarted(frame.id());
        case SKIPPED -> onSkipped(frame.id());
        case RESULT, FAILURE -> {
          if (frame.id() == 0) {
            onInitializerAnswer(frame);
          } else {
            decodeAndAnswer(frame);
          }
        }
        default -> throw new IllegalStateException("a worker sent a " + frame.kind() + " frame"); // ends it
      }
    }

    private void onReady() {
      lock.lock();
      try {
        worker.ready = true;
        ProcessPoolEvents.ready(worker);
      } finally {
        lock.unlock();
      }
    }

    private void onStarted(long id) {
      List<Runnable> after = new ArrayList<>();
      lock.lock();
      try {
        Job head = worker.inFlight.peek();
        if (head == null || head.id != id) {
          return; // a job the pool already gave up on (a timeout, shutdownNow)
        }
        head.started = true;
        if (head.cancelRequested) {
          worker.inFlight.poll(); // cancelled with cancel(true) before the worker read the request: stop it
          ProcessPoolEvents.left(head, ProcessPoolEvents.CANCELLED);
          stopLocked(worker, "cancelled", after);
        } else {
          startTimerLocked(worker, head);
          if (head.revoking) {
            head.revoking = false; // it began before the CANCEL that would take it back: it runs here
            dispatchLocked(after); // the free worker may take another one back
            checkTerminationLocked();
          }
        }
      } finally {
        lock.unlock();
      }
      after.forEach(Runnable::run);
    }

    private void decodeAndAnswer(Frame frame) {
      Object value = null;
      Throwable failure = null;
      if (frame.kind() == Frame.Kind.RESULT) {
        try {
          value = config.codec().decode(frame.payload());
        } catch (InvalidClassException e) {
          InvalidClassException refused = new InvalidClassException(
              "the result of task #" + frame.id() + " was refused by the deserialization allowlist (" + e.getMessage()
                  + "); allow its classes with ProcessPool.builder().allow(\"com.example.**\")");
          refused.initCause(e);
          failure = refused;
        } catch (VirtualMachineError e) {
          if (!(e instanceof StackOverflowError)) {
            throw e; // out of memory, or the JVM is broken: nothing this task can be blamed for
          }
          failure = e;
        } catch (Exception | Error e) {
          failure = e; // a limit, a class this JVM lacks, a result's readObject that threw: that task fails alone
        }
      } else {
        failure = RemoteFailure.toRemoteException(frame.payload(), config.codec());
      }
      onAnswer(frame.id(), value, failure);
    }

    private void onAnswer(long id, @Nullable Object value, @Nullable Throwable failure) {
      List<Runnable> after = new ArrayList<>();
      Job job;
      lock.lock();
      try {
        job = worker.inFlight.peek();
        if (job == null || job.id != id) {
          return; // given up on (a timeout, a cancel, shutdownNow): the answer is late and nobody waits for it
        }
        worker.inFlight.poll();
        if (failure != null) {
          ProcessPoolEvents.failed(job, failure);
        } else {
          ProcessPoolEvents.left(job, ProcessPoolEvents.RESULT);
        }
        worker.completed++;
        if (job.timeout != null) {
          job.timeout.cancel(/* mayInterruptIfRunning= */ false);
        }
        settleLocked();
        dispatchLocked(after);
        checkTerminationLocked();
      } finally {
        lock.unlock();
      }
      if (failure != null) {
        job.future.completeExceptionally(failure);
      } else {
        try {
          job.future.complete(job.onResult.apply(value));
        } catch (RuntimeException e) {
          job.future.completeExceptionally(e);
        }
      }
      after.forEach(Runnable::run);
    }

    /** A CANCEL reached the job before it began: cancelled, it ends here; taken back, it goes first in the queue. */
    private void onSkipped(long id) {
      changeThenDispatch(after -> {
        Job job = null;
        for (Job held : worker.inFlight) {
          if (held.id == id) {
            job = held;
            break;
          }
        }
        if (job == null) {
          return; // given up on (a timeout, shutdownNow, its worker stopped): nobody waits for it here
        }
        worker.inFlight.remove(job);
        if (job.cancelRequested) {
          ProcessPoolEvents.left(job, ProcessPoolEvents.CANCELLED); // its future is cancelled already
        } else {
          job.revoking = false;
          ProcessPoolEvents.left(job, ProcessPoolEvents.REQUEUED);
          queue.addFirst(job); // it was sent ahead before anything now queued was submitted
        }
        settleLocked();
      });
    }

    /**
     * Makes a change under the lock, hands out the work it freed and checks for termination, then runs the
     * actions the change collected, off the lock.
     */
    private void changeThenDispatch(Consumer<List<Runnable>> change) {
      List<Runnable> after = new ArrayList<>();
      lock.lock();
      try {
        change.accept(after);
        dispatchLocked(after);
        checkTerminationLocked();
      } finally {
        lock.unlock();
      }
      after.forEach(Runnable::run);
    }

    /** A worker that holds no job now: retired once it ran its share of tasks, else idle. */
    @GuardedBy("lock")
    private void settleLocked() {
      if (!worker.inFlight.isEmpty()) {
        return; // busy: it starts the next one now
      }
      if (config.maxTasksPerChild() > 0 && worker.completed >= config.maxTasksPerChild()) {
        if (!worker.retiring()) {
          counts.workersRecycled.increment();
        }
        retireLocked(worker, "maxtasksperchild");
      } else if (!worker.retiring()) {
        idle.push(worker);
      }
    }

    private void onInitializerAnswer(Frame frame) {
      List<Runnable> after = new ArrayList<>();
      lock.lock();
      try {
        if (frame.kind() == Frame.Kind.RESULT) {
          worker.initialized = true;
          return;
        }
        var cause = RemoteFailure.toRemoteException(frame.payload(), config.codec());
        BrokenPoolException initializerFailed =
            new BrokenPoolException("the initializer failed in " + worker + ": " + cause.getMessage(), null);
        initializerFailed.initCause(cause);
        breakLocked(initializerFailed, after);
      } finally {
        lock.unlock();
      }
      after.forEach(Runnable::run);
    }

    @Override
    public void onExit(ChildJvm child, int exitCode) {
      changeThenDispatch(after -> {
        workers.remove(worker);
        idle.remove(worker);
        if (!worker.retiring()) {
          counts.workersLost.increment();
        }
        ProcessPoolEvents.died(config.name(), worker, exitCode);
        Job head = worker.inFlight.peek();
        Job running = head != null && head.started ? worker.inFlight.poll() : null;
        if (running != null) {
          ProcessPoolEvents.left(running, ProcessPoolEvents.WORKER_DIED);
        }
        BrokenPoolException death = deathLocked(exitCode, running);
        if (!worker.retiring()) {
          breakIfUnrecoverableLocked(exitCode, death, after);
        }
        // A death that broke the pool fails this worker's tasks with the reason it gives for the break.
        BrokenPoolException failure = state == State.BROKEN && broken != null ? broken : death;
        if (running != null) {
          after.add(() -> running.future.completeExceptionally(failure));
        }
        if (state == State.RUNNING || state == State.SHUTDOWN) {
          requeueLocked(worker); // they never started: another worker runs them
        } else {
          List<Job> stranded = new ArrayList<>(worker.inFlight);
          for (Job job : stranded) {
            ProcessPoolEvents.left(job, ProcessPoolEvents.WORKER_DIED);
          }
          worker.inFlight.clear();
          after.add(() -> stranded.forEach(job -> job.future.completeExceptionally(failure)));
        }
      });
    }

    /** The exception for the tasks this death fails, saying what becomes of the pool. */
    @GuardedBy("lock")
    private BrokenPoolException deathLocked(int exitCode, @Nullable Job running) {
      String what = running != null ? " while running " + running : "";
      String consequence =
          switch (state) {
            case STOPPED -> requireNonNull(stopReason);
            case BROKEN -> "the pool is broken";
            default -> worker.retiring() ? "it was being retired"
                : !worker.ready || !worker.initialized || config.breakOnWorkerDeath() ? "the pool is now broken"
                : "the worker will be replaced";
          };
      return new BrokenPoolException(
          "worker " + worker + " died with " + ExitCodes.describe(exitCode) + what + "; " + consequence, exitCode);
    }

    /** Breaks the pool for a death nothing can recover from, or one the fault policy says breaks it. */
    @GuardedBy("lock")
    private void breakIfUnrecoverableLocked(int exitCode, BrokenPoolException death, List<Runnable> after) {
      if (!worker.ready) {
        breakLocked(new BrokenPoolException(
            "worker " + worker + " exited with " + ExitCodes.describe(exitCode) + " before it was ready: a worker JVM"
                + " cannot start with " + config.command().toList() + " (its output says why)", exitCode), after);
      } else if (!worker.initialized) {
        breakLocked(new BrokenPoolException(
            "the initializer ended worker " + worker + " with " + ExitCodes.describe(exitCode) + " before it"
                + " returned; every worker would do the same", exitCode), after);
      } else if (config.breakOnWorkerDeath()) {
        breakLocked(death, after);
      }
    }
  }
}
