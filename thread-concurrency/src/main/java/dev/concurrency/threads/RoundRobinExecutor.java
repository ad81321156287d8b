package dev.concurrency.threads;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.base.Ticker;
import com.google.common.collect.ImmutableList;
import dev.concurrency.threads.internal.SaturationHandler;
import dev.concurrency.threads.internal.ThreadFactories;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An executor that time-slices {@link SteppedTask}s round robin: each task runs for one {@link Quantum}, then
 * goes to the back of the ready queue: the seed's FAQ Q2 "time-slice scheduling", on real threads.
 *
 * {@snippet class=dev.concurrency.threads.ThreadsJavadocSnippetsTest region=round-robin}
 *
 * <p><b>Semantics.</b> Tasks start in submission order; after its slice a task that has more steps is queued
 * behind every task that is ready, so with one worker {@code n} ready tasks each get one slice in every {@code
 * n}. Switching happens only between steps (cooperative, as in {@code asyncio}): a step that loops forever
 * holds its worker forever. A task ends when a step returns {@link Step#done}, or throws (its future then
 * completes with that exception), or when its future is cancelled (it runs no more steps). Short tasks finish
 * sooner than under first-come first-served, at the price of more switches.
 *
 * <p>This class is thread-safe; each task is stepped by one worker at a time. Memory consistency effects: actions
 * before {@code submit} happen-before the first step; each step happens-before the next; the last step
 * happens-before the future's completion is observed.
 *
 * <p><b>Python:</b> none in the standard library; a loop over a {@code collections.deque} of generators that
 * calls {@code next()} on each in turn is this executor with one worker and a quantum of one step.
 */
public final class RoundRobinExecutor implements AutoCloseable {

  /** Tells a worker to exit; one per worker is queued when the executor terminates. */
  private static final Slot<?> POISON = new Slot<>(Step::more);

  private final LinkedBlockingQueue<Slot<?>> ready = new LinkedBlockingQueue<>();
  private final ImmutableList<Thread> workers;
  private final Quantum quantum;
  private final Ticker ticker;
  private final String name;
  private final AtomicInteger live = new AtomicInteger();
  private final AtomicBoolean poisoned = new AtomicBoolean();
  private volatile boolean shutdown;

  private RoundRobinExecutor(Builder b) {
    this.quantum = b.quantum;
    this.ticker = b.ticker;
    this.name = b.name;
    ThreadFactory factory = ThreadFactories.platform(name + "-worker-", /* daemon= */ false, null);
    ImmutableList.Builder<Thread> threads = ImmutableList.builder();
    for (int i = 0; i < b.workers; i++) {
      threads.add(requireNonNull(factory.newThread(this::work), "thread factory returned null"));
    }
    this.workers = threads.build();
  }

  /**
   * A builder with the defaults: one worker, a quantum of one step, the system ticker.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Queues {@code task} behind the ready tasks.
   *
   * @param task the task
   * @param <T> the result type
   * @return the task's future; cancelling it stops the task before its next slice
   * @throws NullPointerException if {@code task} is null
   * @throws java.util.concurrent.RejectedExecutionException if the executor is shut down
   */
  public <T> CompletableFuture<T> submit(SteppedTask<T> task) {
    Slot<T> slot = new Slot<>(requireNonNull(task, "task: pass the SteppedTask to run"));
    synchronized (this) {
      if (shutdown) {
        throw SaturationHandler.shutDown(name);
      }
      live.incrementAndGet();
      ready.add(slot);
    }
    return slot.future;
  }

  /** Accepts no new tasks; the submitted ones run to the end. Does not wait (see {@link #awaitTermination}). */
  public void shutdown() {
    synchronized (this) {
      shutdown = true;
    }
    if (live.get() == 0) {
      poison();
    }
  }

  /**
   * Whether {@link #shutdown()} was called.
   *
   * @return whether it was shut down
   */
  public boolean isShutdown() {
    return shutdown;
  }

  /**
   * Waits until every task has ended and the workers have exited, or the timeout elapses.
   *
   * @param timeout how long to wait at most
   * @return {@code true} if terminated, {@code false} on timeout
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    requireNonNull(timeout, "timeout");
    checkArgument(!timeout.isNegative(), "timeout must not be negative, got %s", timeout);
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread worker : workers) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !worker.join(Duration.ofNanos(left))) {
        return !worker.isAlive();
      }
    }
    return true;
  }

  /** Shuts down and waits for every task to end; if interrupted, keeps waiting and re-asserts the interrupt. */
  @Override
  public void close() {
    shutdown();
    boolean interrupted = false;
    while (true) {
      try {
        if (awaitTermination(Duration.ofDays(1))) {
          break;
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void work() {
    while (true) {
      Slot<?> slot;
      try {
        slot = ready.take();
      } catch (InterruptedException e) {
        continue; // workers end by POISON only, so no task is ever stranded in the queue
      }
      if (slot == POISON) {
        return;
      }
      if (slot.runSlice(quantum, ticker)) {
        if (live.decrementAndGet() == 0 && shutdown) {
          poison();
        }
      } else {
        ready.add(slot);
      }
    }
  }

  private void poison() {
    if (poisoned.compareAndSet(false, true)) {
      workers.forEach(w -> ready.add(POISON));
    }
  }

  /** A task, its future and nothing else; stepped by one worker at a time. */
  private static final class Slot<T> {
    final SteppedTask<T> task;
    final CompletableFuture<T> future = new CompletableFuture<>();

    Slot(SteppedTask<T> task) {
      this.task = task;
    }

    /** Runs one slice; true if the task has ended. */
    boolean runSlice(Quantum quantum, Ticker ticker) {
      if (future.isDone()) {
        return true; // cancelled or completed from outside
      }
      long start = ticker.read();
      int steps = 0;
      try {
        while (true) {
          Step<T> step = requireNonNull(task.step(), "step() returned null; return Step.more() or Step.done(value)");
          steps++;
          if (step instanceof Step.Done<T> done) {
            future.complete(done.value());
            return true;
          }
          if (expired(quantum, steps, start, ticker)) {
            return future.isDone();
          }
        }
      } catch (Throwable t) {
        future.completeExceptionally(t);
        return true;
      }
    }

    private static boolean expired(Quantum quantum, int steps, long start, Ticker ticker) {
      return switch (quantum) {
        case Quantum.Steps s -> steps >= s.count();
        case Quantum.Time t -> ticker.read() - start >= t.length().toNanos();
      };
    }
  }

  /** Configuration for a {@link RoundRobinExecutor}. Not thread-safe. */
  public static final class Builder {
    private int workers = 1;
    private Quantum quantum = Quantum.steps(1);
    private Ticker ticker = Ticker.systemTicker();
    private String name = "round-robin";

    private Builder() {}

    /**
     * Worker threads, at least 1; default 1 (one CPU, as in the textbook picture).
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
     * The slice length; default one step.
     *
     * @param quantum the time slice
     * @return this builder
     */
    public Builder quantum(Quantum quantum) {
      this.quantum = requireNonNull(quantum, "quantum");
      return this;
    }

    /**
     * The clock a time quantum reads; tests pass a fake one.
     *
     * @param ticker the clock time quanta are measured on
     * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * The name; workers are {@code name-worker-0}, ... Default {@code round-robin}.
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
    public RoundRobinExecutor build() {
      RoundRobinExecutor executor = new RoundRobinExecutor(this);
      executor.workers.forEach(Thread::start);
      return executor;
    }
  }

  @Override
  public String toString() {
    return "RoundRobinExecutor[" + name + ", " + quantum + (shutdown ? ", shut down" : "") + "]";
  }

}
