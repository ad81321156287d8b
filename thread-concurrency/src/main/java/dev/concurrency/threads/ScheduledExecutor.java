package dev.concurrency.threads;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.math.LongMath;
import dev.concurrency.threads.internal.SaturationHandler;
import dev.concurrency.threads.internal.ThreadFactories;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A pool of worker threads that runs tasks after a delay or periodically, on an injectable clock: a {@link
 * ScheduledExecutorService} whose futures are {@link ScheduledTaskFuture}s.
 *
 * {@snippet class=dev.concurrency.threads.ThreadsJavadocSnippetsTest region=scheduled}
 *
 * <p><b>Timing.</b> A task is due at its delay after the call, measured on the {@linkplain Builder#clock clock};
 * a negative delay counts as zero. Due tasks run earliest deadline first, equal deadlines in the order they were
 * scheduled; a task never runs before it is due, and runs as soon after as a worker is free. A fixed-rate task is
 * due at {@code initialDelay + n * period}; when a run overruns, the next starts late, right after it, never
 * concurrently. A fixed-delay task is due {@code delay} after the previous run ended. If a run of a periodic
 * task throws, its future fails with that exception and it runs no more. {@code execute} and {@code submit} are
 * {@code schedule} with zero delay; what a task given to {@code execute} throws goes to the worker's
 * uncaught-exception handler (a {@code ScheduledThreadPoolExecutor} keeps it in a future nobody sees).
 *
 * <p><b>Cancellation</b> is Python's: a task that waits can be cancelled and leaves the queue at once; a
 * running one-shot task cannot, except with {@code cancel(true)}, which interrupts it (see {@link
 * ScheduledTaskFuture}).
 *
 * <p><b>Shutdown.</b> After {@link #shutdown()} no new task is accepted; by default tasks already due still
 * run, delayed one-shot tasks still run when due ({@link Builder#executeDelayedTasksAfterShutdown}), and
 * periodic tasks are cancelled ({@link Builder#continuePeriodicTasksAfterShutdown}): the defaults of {@link
 * java.util.concurrent.ScheduledThreadPoolExecutor}. {@link #shutdown(boolean, boolean)} with {@code
 * cancelFutures} cancels every task that has not started, and {@link #shutdownNow()} also interrupts the
 * running ones; both cancel the futures of the tasks they remove.
 *
 * <p>This class is thread-safe. Memory consistency effects: actions before scheduling a task happen-before it
 * runs; a task's actions happen-before a successful {@code get()} of its future, and each run of a periodic
 * task happens-before the next.
 *
 * <p><b>Python:</b> no executor of the standard library schedules; {@code sched.scheduler} (single-threaded,
 * {@code enter(delay, priority, action)}) and a {@code threading.Timer} per task are the usual tools. This
 * class is the JDK's {@code ScheduledThreadPoolExecutor} with Python's cancel semantics and a clock that tests
 * control.
 */
public final class ScheduledExecutor extends TaskExecutorBase implements ScheduledExecutorService {

  private static final AtomicInteger EXECUTOR_NUMBER = new AtomicInteger();

  private final TimerClock clock;
  private final Workers workers;
  private final AtomicLong sequence = new AtomicLong();
  private final boolean executeDelayedAfterShutdown;
  private final boolean continuePeriodicAfterShutdown;

  private ScheduledExecutor(Workers workers, DelayedTaskQueue queue, String name, Builder b) {
    super(workers, queue, name);
    this.workers = workers;
    this.clock = b.clock;
    this.executeDelayedAfterShutdown = b.executeDelayedAfterShutdown;
    this.continuePeriodicAfterShutdown = b.continuePeriodicAfterShutdown;
  }

  /**
   * A builder with the defaults: one worker, the system clock.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs {@code command} once after {@code delay}.
   *
   * @throws NullPointerException if {@code command} or {@code unit} is null
   * @throws java.util.concurrent.RejectedExecutionException if the executor is shut down
   */
  @Override
  public ScheduledTaskFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    requireNonNull(command, "command: pass the Runnable to run");
    return enqueue(Executors.callable(command), delay, unit, 0);
  }

  /**
   * Runs {@code callable} once after {@code delay}; its future completes with the result.
   *
   * @throws NullPointerException if {@code callable} or {@code unit} is null
   * @throws java.util.concurrent.RejectedExecutionException if the executor is shut down
   */
  @Override
  public <V> ScheduledTaskFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    requireNonNull(callable, "callable: pass the Callable to run");
    return enqueue(callable, delay, unit, 0);
  }

  /**
   * {@link #schedule(Runnable, long, TimeUnit)} with a {@code Duration}.
   *
   * @param command the task
   * @param delay how long after now it is due; negative counts as zero
   * @return its future, which completes with {@code null}
   */
  public ScheduledTaskFuture<?> schedule(Runnable command, Duration delay) {
    return schedule(command, nanos(delay, "delay"), TimeUnit.NANOSECONDS);
  }

  /**
   * {@link #schedule(Callable, long, TimeUnit)} with a {@code Duration}.
   *
   * @param callable the task
   * @param delay how long after now it is due; negative counts as zero
   * @param <V> the result type
   * @return its future
   */
  public <V> ScheduledTaskFuture<V> schedule(Callable<V> callable, Duration delay) {
    return schedule(callable, nanos(delay, "delay"), TimeUnit.NANOSECONDS);
  }

  /**
   * Runs {@code command} after {@code initialDelay}, then every {@code period} after that first due time.
   *
   * @throws IllegalArgumentException if {@code period} is not positive
   * @throws NullPointerException if {@code command} or {@code unit} is null
   * @throws java.util.concurrent.RejectedExecutionException if the executor is shut down
   */
  @Override
  public ScheduledTaskFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    requireNonNull(command, "command: pass the Runnable to run");
    checkArgument(period > 0, "period must be positive, got %s %s", period, unit);
    return enqueue(Executors.callable(command), initialDelay, unit, Math.max(1, unit.toNanos(period)));
  }

  /**
   * {@link #scheduleAtFixedRate(Runnable, long, long, TimeUnit)} with {@code Duration}s.
   *
   * @param command the task
   * @param initialDelay how long after now the first run is due
   * @param period the time between due times, positive
   * @return the future of the series
   */
  public ScheduledTaskFuture<?> scheduleAtFixedRate(Runnable command, Duration initialDelay, Duration period) {
    return scheduleAtFixedRate(
        command, nanos(initialDelay, "initialDelay"), nanos(period, "period"), TimeUnit.NANOSECONDS);
  }

  /**
   * Runs {@code command} after {@code initialDelay}, then again {@code delay} after each run ends.
   *
   * @throws IllegalArgumentException if {@code delay} is not positive
   * @throws NullPointerException if {@code command} or {@code unit} is null
   * @throws java.util.concurrent.RejectedExecutionException if the executor is shut down
   */
  @Override
  public ScheduledTaskFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    requireNonNull(command, "command: pass the Runnable to run");
    checkArgument(delay > 0, "delay must be positive, got %s %s", delay, unit);
    return enqueue(Executors.callable(command), initialDelay, unit, -Math.max(1, unit.toNanos(delay)));
  }

  /**
   * {@link #scheduleWithFixedDelay(Runnable, long, long, TimeUnit)} with {@code Duration}s.
   *
   * @param command the task
   * @param initialDelay how long after now the first run is due
   * @param delay the time from the end of one run to the next, positive
   * @return the future of the series
   */
  public ScheduledTaskFuture<?> scheduleWithFixedDelay(Runnable command, Duration initialDelay, Duration delay) {
    return scheduleWithFixedDelay(
        command, nanos(initialDelay, "initialDelay"), nanos(delay, "delay"), TimeUnit.NANOSECONDS);
  }

  /**
   * Runs {@code command} as soon as a worker is free; what it throws goes to the worker's uncaught-exception
   * handler. Prefer {@link #submit(Callable)}.
   *
   * @throws NullPointerException if {@code command} is null
   * @throws java.util.concurrent.RejectedExecutionException if the executor is shut down
   */
  @Override
  public void execute(Runnable command) {
    requireNonNull(command, "command: pass the Runnable to run");
    if (command instanceof ScheduledTaskFuture<?> task && task.belongsTo(this)) {
      enqueue(task); // from submit() and invokeAll(): the future is the caller's to read
      return;
    }
    ScheduledTaskFuture<?> task = newFuture(Executors.callable(command));
    task.whenComplete(
        (ignored, failure) -> {
          if (failure != null && !(failure instanceof CancellationException)) {
            Thread worker = Thread.currentThread();
            worker.getUncaughtExceptionHandler().uncaughtException(worker, failure);
          }
        });
    enqueue(task);
  }

  /**
   * The clock tasks are scheduled on.
   *
   * @return the clock given to the builder
   */
  public TimerClock clock() {
    return clock;
  }

  @Override
  protected <T> ScheduledTaskFuture<T> newFuture(Callable<T> task) {
    return new ScheduledTaskFuture<>(task, clock.read(), 0, sequence.getAndIncrement(), this);
  }

  private <V> ScheduledTaskFuture<V> enqueue(Callable<V> task, long delay, TimeUnit unit, long period) {
    requireNonNull(unit, "unit");
    long deadline = LongMath.saturatedAdd(clock.read(), Math.max(0, unit.toNanos(delay)));
    return enqueue(new ScheduledTaskFuture<>(task, deadline, period, sequence.getAndIncrement(), this));
  }

  /**
   * Queues the task directly: a ThreadPoolExecutor's own execute() could hand it to a new worker at once, before
   * it is due. The second look after the insertion closes the race with a concurrent shutdown.
   */
  private <V> ScheduledTaskFuture<V> enqueue(ScheduledTaskFuture<V> task) {
    if (isShutdown()) {
      throw SaturationHandler.shutDown(name);
    }
    workers.getQueue().add(task);
    if (isShutdown() && !keepsAfterShutdown(task) && workers.remove(task)) {
      task.cancel(/* mayInterruptIfRunning= */ false);
      throw SaturationHandler.shutDown(name);
    }
    return task;
  }

  /** Puts a periodic task back after a run, unless shutdown has ended its series. */
  void reschedule(ScheduledTaskFuture<?> task) {
    if (isShutdown() && !keepsAfterShutdown(task)) {
      task.cancel(/* mayInterruptIfRunning= */ false);
      return;
    }
    workers.getQueue().add(task);
    if ((task.isDone() || isShutdown() && !keepsAfterShutdown(task)) && workers.remove(task)) {
      task.cancel(/* mayInterruptIfRunning= */ false); // cancelled meanwhile, or shut down meanwhile
    }
  }

  /** Takes a cancelled task out of the queue; lets the pool terminate if that was the last one. */
  void remove(ScheduledTaskFuture<?> task) {
    workers.remove(task);
  }

  /** Applies the after-shutdown policies to what waits in the queue (ScheduledThreadPoolExecutor.onShutdown). */
  @Override
  protected void onShutdown() {
    for (Runnable queued : workers.getQueue().toArray(new Runnable[0])) {
      ScheduledTaskFuture<?> task = (ScheduledTaskFuture<?>) queued;
      if ((!keepsAfterShutdown(task) || task.isCancelled()) && workers.remove(task)) {
        task.cancel(/* mayInterruptIfRunning= */ false);
      }
    }
  }

  private boolean keepsAfterShutdown(ScheduledTaskFuture<?> task) {
    if (task.isPeriodic()) {
      return continuePeriodicAfterShutdown;
    }
    return executeDelayedAfterShutdown || task.getDelay(TimeUnit.NANOSECONDS) <= 0;
  }

  private static long nanos(Duration d, String what) {
    return Deadline.saturatedNanos(requireNonNull(d, what));
  }

  /** The worker threads; stops listening to the clock when the last of them ends. */
  private static final class Workers extends ThreadPoolExecutor {
    private final DelayedTaskQueue queue;

    Workers(int threads, DelayedTaskQueue queue, ThreadFactory factory, String name) {
      super(threads, threads, 0, TimeUnit.NANOSECONDS, queue, factory, new SaturationHandler(Saturation.REJECT, name));
      this.queue = queue;
    }

    @Override
    protected void terminated() {
      queue.close();
    }
  }

  /** Configuration for a {@link ScheduledExecutor}. Not thread-safe; each {@link #build()} makes a new one. */
  public static final class Builder {
    private int workers = 1;
    private TimerClock clock = TimerClock.system();
    private @Nullable String name;
    private boolean daemon;
    private Thread.@Nullable UncaughtExceptionHandler handler;
    private boolean executeDelayedAfterShutdown = true;
    private boolean continuePeriodicAfterShutdown;

    private Builder() {}

    /**
     * The number of worker threads, at least 1; default 1.
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
     * The clock delays are measured on; default {@link TimerClock#system()}. Tests pass a {@link ManualClock}.
     *
     * @param clock the clock to wait by
     * @return this builder
     */
    public Builder clock(TimerClock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The name; workers are {@code name-worker-0}, ... Default {@code scheduler-N}.
     *
     * @param name the executor's name
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
     * Whether one-shot tasks still waiting for their time at shutdown run when due (default {@code true}) or
     * are cancelled. Tasks already due always run.
     *
     * @param execute {@code true} to run them when due, {@code false} to cancel them at shutdown
     * @return this builder
     */
    public Builder executeDelayedTasksAfterShutdown(boolean execute) {
      this.executeDelayedAfterShutdown = execute;
      return this;
    }

    /**
     * Whether periodic tasks keep running after shutdown (until cancelled) or are cancelled; default {@code false}.
     *
     * @param continuePeriodic {@code true} to keep them running, {@code false} to cancel them at shutdown
     * @return this builder
     */
    public Builder continuePeriodicTasksAfterShutdown(boolean continuePeriodic) {
      this.continuePeriodicAfterShutdown = continuePeriodic;
      return this;
    }

    /**
     * Starts the workers and returns the executor.
     *
     * @return the started executor
     */
    public ScheduledExecutor build() {
      String poolName = name != null ? name : "scheduler-" + EXECUTOR_NUMBER.incrementAndGet();
      DelayedTaskQueue queue = new DelayedTaskQueue(clock);
      Workers pool =
          new Workers(workers, queue, ThreadFactories.platform(poolName + "-worker-", daemon, handler), poolName);
      pool.prestartAllCoreThreads();
      return new ScheduledExecutor(pool, queue, poolName, this);
    }
  }
}
