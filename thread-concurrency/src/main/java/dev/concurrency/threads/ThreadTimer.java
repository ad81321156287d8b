package dev.concurrency.threads;

import static java.util.Objects.requireNonNull;

import com.google.common.math.LongMath;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A thread that runs an action once after an interval unless it is cancelled first: Python's {@code
 * threading.Timer}.
 *
 * {@snippet class=dev.concurrency.threads.ThreadsJavadocSnippetsTest region=thread-timer}
 *
 * <p><b>Semantics.</b> {@link #start()} starts the thread, which waits until the interval has passed on the
 * timer's {@linkplain Builder#clock clock}, counted from {@code start()}, and then runs the action on itself. A
 * zero or negative interval runs the action at once (as Python and {@code ScheduledExecutorService} do). {@link
 * #cancel()} works only while the timer is waiting: the thread then ends without running the action. Once the
 * action has begun, {@code cancel} changes nothing and the action runs to its end. Cancelling before {@code
 * start()} is allowed: the started thread then ends at once. Interrupting the waiting thread cancels the timer
 * the same way. What the action throws ends the thread and is kept as {@link #failure()}, handed to the {@link
 * Builder#onFailure} hook, like {@code threading.excepthook}. A timer is started at most once.
 *
 * <p>This class is thread-safe. Memory consistency effects: actions before {@code start()} happen-before the
 * action runs; the action's effects happen-before a {@code join} that returns {@code true} (or normally).
 *
 * <p><b>Python:</b> {@code threading.Timer(interval, function, args, kwargs)}; arguments are captured by the
 * {@code Runnable} instead. A Python timer is a {@code Thread}; this one has a thread and offers what matters of
 * its API ({@code start}, {@code join}, {@code is_alive}, {@code name}, {@code daemon}). Differences: {@code
 * cancel()} returns whether the action is now sure never to run (Python returns {@code None}); the interval is
 * measured on an injectable clock; the failure is kept, not printed; and {@link #state()} says which way it
 * ended (Python's {@code finished} event tells only that it did).
 */
public final class ThreadTimer {

  /** Where a timer is; it moves from {@code WAITING} to exactly one of the others, and never back. */
  public enum State {
    /** Not started yet, or waiting for its interval to pass. */
    WAITING,
    /** Cancelled while waiting: the action will never run. */
    CANCELLED,
    /** The action is running. */
    RUNNING,
    /** The action has ended, normally or by throwing. */
    FINISHED
  }

  private static final AtomicInteger TIMER_NUMBER = new AtomicInteger();

  private final Duration interval;
  private final Runnable action;
  private final TimerClock clock;
  private final ThreadHandle thread;
  private final AtomicReference<State> state = new AtomicReference<>(State.WAITING);
  private final AtomicBoolean started = new AtomicBoolean();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private volatile long deadline;

  private ThreadTimer(Builder b) {
    this.interval = b.interval;
    this.action = b.action;
    this.clock = b.clock;
    String name = b.name != null ? b.name : "timer-" + TIMER_NUMBER.incrementAndGet();
    ThreadHandle.Builder thread =
        ThreadHandle.builder(this::waitThenRun).name(name).virtual(b.virtual).onFailure(b.onFailure);
    if (b.daemon != null) {
      thread.daemon(b.daemon);
    }
    this.thread = thread.build();
  }

  /**
   * Starts a platform-thread timer on the system clock: {@code builder(interval, action).build().start()}.
   *
   * @param interval how long after now the action runs
   * @param action what runs
   * @return the started timer
   */
  public static ThreadTimer start(Duration interval, Runnable action) {
    return builder(interval, action).build().start();
  }

  /**
   * A builder for a timer that runs {@code action} once {@code interval} has passed after {@code start()}.
   *
   * @param interval how long after {@code start()} the action runs
   * @param action what runs
   * @return a new builder
   */
  public static Builder builder(Duration interval, Runnable action) {
    return new Builder(interval, action);
  }

  /**
   * Starts the timer's thread; the interval is counted from now.
   *
   * @return this timer
   * @throws IllegalStateException if it was started before
   */
  public ThreadTimer start() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("timer '" + name() + "' was already started; timers can only be started once");
    }
    deadline = LongMath.saturatedAdd(clock.read(), Math.max(0, Deadline.saturatedNanos(interval)));
    thread.start();
    return this;
  }

  /**
   * Stops the timer if it is still waiting, so that the action never runs: Python's {@code Timer.cancel()}.
   *
   * @return {@code true} if the action will never run (this call or an earlier one cancelled it); {@code false}
   *     if it has already begun or ended
   */
  public boolean cancel() {
    if (state.compareAndSet(State.WAITING, State.CANCELLED)) {
      wakeUp();
      return true;
    }
    return state.get() == State.CANCELLED;
  }

  /**
   * Where the timer is now.
   *
   * @return the state
   */
  public State state() {
    return state.get();
  }

  /**
   * Waits until the timer's thread has ended: cancelled, or after the action. See {@link ThreadHandle#join()}.
   *
   * @throws InterruptedException if interrupted while waiting
   * @throws IllegalStateException if the timer was never started
   */
  public void join() throws InterruptedException {
    thread.join();
  }

  /**
   * Waits at most {@code timeout}; returns whether the thread ended. See {@link ThreadHandle#join(Duration)}.
   *
   * @param timeout how long to wait at most
   * @return whether the thread ended
   * @throws InterruptedException if interrupted while waiting
   * @throws IllegalStateException if the timer was never started
   */
  public boolean join(Duration timeout) throws InterruptedException {
    return thread.join(timeout);
  }

  /**
   * Whether the timer's thread has started and not yet ended ({@code is_alive()}).
   *
   * @return whether the thread is alive
   */
  public boolean isAlive() {
    return thread.isAlive();
  }

  /**
   * What the action threw, once it has ended by throwing.
   *
   * @return the action's exception, or empty
   */
  public Optional<Throwable> failure() {
    return thread.failure();
  }

  /**
   * The thread's name.
   *
   * @return the name
   */
  public String name() {
    return thread.name();
  }

  /**
   * Whether the thread is a daemon thread, which does not keep the JVM alive.
   *
   * @return whether it is a daemon thread
   */
  public boolean isDaemon() {
    return thread.isDaemon();
  }

  /**
   * The interval the timer waits before running the action.
   *
   * @return the interval
   */
  public Duration interval() {
    return interval;
  }

  @Override
  public String toString() {
    return "ThreadTimer[" + name() + ", " + interval + ", " + state.get() + "]";
  }

  private void waitThenRun() {
    if (!awaitDeadline()) {
      return;
    }
    if (state.compareAndSet(State.WAITING, State.RUNNING)) {
      try {
        action.run();
      } finally {
        state.set(State.FINISHED);
      }
    }
  }

  /** Waits until the deadline or a cancellation; false if interrupted (which cancels the timer). */
  private boolean awaitDeadline() {
    Runnable unsubscribe = clock.onAdvance(this::wakeUp);
    lock.lock();
    try {
      while (state.get() == State.WAITING && clock.realWaitNanos(deadline) > 0) {
        clock.await(wake, deadline);
      }
      return true;
    } catch (InterruptedException e) {
      cancel(); // an interrupted timer thread gives up its action, like a cancelled one
      return false;
    } finally {
      lock.unlock();
      unsubscribe.run();
    }
  }

  private void wakeUp() {
    lock.lock();
    try {
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Configuration for a {@link ThreadTimer}. Not thread-safe; each {@link #build()} makes a new timer. */
  public static final class Builder {
    private final Duration interval;
    private final Runnable action;
    private TimerClock clock = TimerClock.system();
    private @Nullable String name;
    private boolean virtual;
    private @Nullable Boolean daemon;
    private Consumer<Throwable> onFailure = t -> {};

    private Builder(Duration interval, Runnable action) {
      this.interval = requireNonNull(interval, "interval");
      this.action = requireNonNull(action, "action: pass the Runnable to run when the interval has passed");
    }

    /**
     * The clock the interval is measured on; default {@link TimerClock#system()}. Tests pass a {@link ManualClock}.
     *
     * @param clock the clock to wait by
     * @return this builder
     */
    public Builder clock(TimerClock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The thread's name; default {@code timer-N}, N counting timers made in this JVM.
     *
     * @param name the thread's name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = requireNonNull(name, "name");
      return this;
    }

    /**
     * Whether to wait on a virtual thread; default {@code false} (a platform thread, as Python's).
     *
     * @param virtual whether to use a virtual thread
     * @return this builder
     */
    public Builder virtual(boolean virtual) {
      this.virtual = virtual;
      return this;
    }

    /**
     * Whether a platform thread is a daemon; default {@code false}. Virtual threads are always daemons.
     *
     * @param daemon whether the platform thread is a daemon
     * @return this builder
     */
    public Builder daemon(boolean daemon) {
      this.daemon = daemon;
      return this;
    }

    /**
     * Runs in the timer's thread with what the action threw, like {@code threading.excepthook}.
     *
     * @param onFailure the hook
     * @return this builder
     */
    public Builder onFailure(Consumer<Throwable> onFailure) {
      this.onFailure = requireNonNull(onFailure, "onFailure");
      return this;
    }

    /**
     * Makes the timer, not yet started.
     *
     * @return the timer, not started
     * @throws IllegalArgumentException if a virtual thread was asked not to be a daemon
     */
    public ThreadTimer build() {
      return new ThreadTimer(this);
    }
  }
}
