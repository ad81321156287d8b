package dev.concurrency.threads;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A thread that is started once and joined, like Python's {@code threading.Thread}, on a platform or a virtual
 * thread, and whose uncaught exception is captured and handed back rather than printed and lost.
 *
 * {@snippet class=dev.concurrency.threads.ThreadsJavadocSnippetsTest region=thread-handle}
 *
 * <p><b>Semantics.</b> {@link #start()} may be called once. {@link #join()} waits for the body to end; {@link
 * #join(Duration)} gives up after the timeout and returns whether the thread ended. Joining a handle that was
 * never started is an error (as in Python; {@link Thread#join()} would return at once). Whatever the body
 * throws, {@code Error}s included, ends the thread quietly and is kept as {@link #failure()}; the optional
 * {@linkplain Builder#onFailure failure hook} runs in the dying thread, like Python's {@code
 * threading.excepthook}. Interrupting the handle interrupts its thread.
 *
 * <p>This class is thread-safe. Memory consistency effects: actions before {@code start()} happen-before the
 * body runs; the body's actions, its failure included, happen-before any {@code join} that returns {@code
 * true} (or normally) and any {@code failure()} that returns after such a join.
 *
 * <p><b>Python:</b> {@code threading.Thread(target, name, daemon)}. {@code is_alive()} is {@link #isAlive()};
 * {@code join(timeout)} returns a {@code boolean} here instead of making the caller check {@code is_alive()};
 * virtual threads (no Python counterpart: think of an {@code asyncio} task that may block) are always daemons.
 */
public final class ThreadHandle {

  private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

  private final Thread thread;
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile @Nullable Throwable failure;
  /** Dropped once the body has run, so that a handle kept after join does not keep the body's objects alive. */
  private volatile @Nullable Runnable body;

  private ThreadHandle(Builder b) {
    this.body = b.body;
    Consumer<Throwable> hook = b.onFailure;
    Runnable guarded =
        () -> {
          Runnable toRun = body;
          body = null;
          try {
            if (toRun != null) {
              toRun.run();
            }
          } catch (Throwable t) {
            failure = t;
            hook.accept(t);
          }
        };
    String name = b.name != null ? b.name : "Thread-" + THREAD_NUMBER.incrementAndGet();
    this.thread =
        b.virtual
            ? Thread.ofVirtual().name(name).unstarted(guarded)
            : Thread.ofPlatform()
                .name(name)
                .daemon(Boolean.TRUE.equals(b.daemon))
                .stackSize(b.stackSize)
                .unstarted(guarded);
  }

  /**
   * An unstarted platform (operating-system) thread.
   *
   * @param name the thread's name
   * @param body what the thread runs
   * @return the handle, not started
   */
  public static ThreadHandle platform(String name, Runnable body) {
    return builder(body).name(name).build();
  }

  /**
   * An unstarted virtual thread.
   *
   * @param name the thread's name
   * @param body what the thread runs
   * @return the handle, not started
   */
  public static ThreadHandle virtual(String name, Runnable body) {
    return builder(body).name(name).virtual(true).build();
  }

  /**
   * A builder for a thread that runs {@code body}.
   *
   * @param body what the thread runs
   * @return a new builder
   */
  public static Builder builder(Runnable body) {
    return new Builder(body);
  }

  /**
   * Starts the thread.
   *
   * @return this handle
   * @throws IllegalStateException if it was started before
   */
  public ThreadHandle start() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("thread '" + name() + "' was already started; threads can only be started once");
    }
    thread.start();
    return this;
  }

  /**
   * Waits for the thread to end. Ends normally when it has, or by {@link InterruptedException}.
   *
   * @throws InterruptedException if interrupted while waiting
   * @throws IllegalStateException if the thread was never started, or if it is the calling thread (which would
   *     wait for itself forever)
   */
  public void join() throws InterruptedException {
    checkJoinable();
    thread.join();
  }

  /**
   * Waits at most {@code timeout} for the thread to end.
   *
   * @param timeout how long to wait at most
   * @return {@code true} if it ended, {@code false} if the timeout elapsed first
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws IllegalStateException if the thread was never started, or is the calling thread
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean join(Duration timeout) throws InterruptedException {
    requireNonNull(timeout, "timeout");
    checkArgument(!timeout.isNegative(), "timeout must not be negative, got %s; use Duration.ZERO to poll", timeout);
    checkJoinable();
    return thread.join(timeout);
  }

  /**
   * Waits for the thread to end and rethrows its failure, if any.
   *
   * @throws ExecutionException if the body threw; the cause is what it threw
   * @throws InterruptedException if interrupted while waiting
   * @throws IllegalStateException if the thread was never started
   */
  public void joinOrThrow() throws InterruptedException, ExecutionException {
    join();
    Throwable t = failure;
    if (t != null) {
      throw new ExecutionException("thread '" + name() + "' failed", t);
    }
  }

  /**
   * What the body threw, once it has ended by throwing; empty while it runs or if it returned normally.
   *
   * @return the failure, or empty
   */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  /**
   * Whether the thread has started and not yet ended ({@code is_alive()}).
   *
   * @return whether the thread is alive
   */
  public boolean isAlive() {
    return thread.isAlive();
  }

  /**
   * Whether {@link #start()} has been called.
   *
   * @return whether it was started
   */
  public boolean isStarted() {
    return started.get();
  }

  /** Interrupts the thread (a no-op once it has ended). */
  public void interrupt() {
    thread.interrupt();
  }

  /**
   * The thread's name.
   *
   * @return the name
   */
  public String name() {
    return thread.getName();
  }

  /**
   * Whether it is a daemon thread, which does not keep the JVM alive; always true for virtual threads.
   *
   * @return whether it is a daemon thread
   */
  public boolean isDaemon() {
    return thread.isDaemon();
  }

  /**
   * Whether it is a virtual thread.
   *
   * @return whether it is virtual
   */
  public boolean isVirtual() {
    return thread.isVirtual();
  }

  /**
   * The thread's id ({@code ident} / {@code native_id} in Python).
   *
   * @return the id
   */
  public long threadId() {
    return thread.threadId();
  }

  private void checkJoinable() {
    if (!started.get()) {
      throw new IllegalStateException("cannot join thread '" + name() + "' before it is started; call start() first");
    }
    if (Thread.currentThread() == thread) {
      throw new IllegalStateException("thread '" + name() + "' cannot join itself: it would wait forever");
    }
  }

  @Override
  public String toString() {
    String state = !started.get() ? "initial" : (thread.isAlive() ? "started " : "stopped ") + thread.threadId();
    return "ThreadHandle[" + name() + ", " + state + (isVirtual() ? ", virtual" : "") + (isDaemon() ? ", daemon" : "") + "]";
  }

  /** Configuration for a {@link ThreadHandle}. Not thread-safe. */
  public static final class Builder {
    private final Runnable body;
    private @Nullable String name;
    private boolean virtual;
    private long stackSize;
    private @Nullable Boolean daemon;
    private Consumer<Throwable> onFailure = t -> {};

    private Builder(Runnable body) {
      this.body = requireNonNull(body, "body: pass the Runnable the thread runs");
    }

    /**
     * The thread's name; default {@code Thread-N}, N counting handles made in this JVM, as Python names them.
     *
     * @param name the thread's name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = requireNonNull(name, "name");
      return this;
    }

    /**
     * Whether to use a virtual thread; default {@code false} (a platform thread).
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
     * The stack size a platform thread asks for, in bytes; 0 (the default) for the JVM's. A hint the JVM may round
     * or ignore, as {@link Thread.Builder.OfPlatform#stackSize} says. Python: {@code threading.stack_size(size)},
     * which is per process rather than per thread.
     *
     * @param bytes the stack size asked for, or 0
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is negative
     */
    public Builder stackSize(long bytes) {
      checkArgument(bytes >= 0, "stackSize must not be negative, got %s; use 0 for the JVM's default", bytes);
      this.stackSize = bytes;
      return this;
    }

    /**
     * Runs in the failing thread with what the body threw, after it is recorded; default does nothing.
     *
     * @param onFailure the hook
     * @return this builder
     */
    public Builder onFailure(Consumer<Throwable> onFailure) {
      this.onFailure = requireNonNull(onFailure, "onFailure");
      return this;
    }

    /**
     * Makes the unstarted handle.
     *
     * @return the handle, not started
     * @throws IllegalArgumentException if a virtual thread was asked not to be a daemon, or for a stack size
     */
    public ThreadHandle build() {
      checkArgument(
          !(virtual && Boolean.FALSE.equals(daemon)),
          "thread '%s': virtual threads are always daemon threads; drop daemon(false) or use a platform thread",
          name);
      checkArgument(
          !(virtual && stackSize != 0),
          "thread '%s': a virtual thread's stack grows as needed; drop stackSize or use a platform thread",
          name);
      return new ThreadHandle(this);
    }
  }
}
