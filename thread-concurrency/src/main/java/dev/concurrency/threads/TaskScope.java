package dev.concurrency.threads;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A scope in which subtasks run concurrently on their own (virtual) threads and which ends only when all of them
 * have: structured concurrency on the Java 21 API, without the preview {@code StructuredTaskScope}.
 *
 * {@snippet class=dev.concurrency.threads.ThreadsJavadocSnippetsTest region=task-scope}
 *
 * <p><b>Semantics.</b> {@link #fork} starts a subtask at once. {@link #join()} waits for every subtask and
 * returns their results in fork order. The first subtask to fail <i>cancels</i> the scope: every other running
 * subtask is interrupted, and {@code join} waits for them to end, then throws {@link ScopeFailedException} with
 * the first failure as cause and later genuine failures suppressed (a subtask that ends with {@link
 * InterruptedException} after the cancellation counts as {@link Subtask.State#CANCELLED}, not failed). If the
 * deadline passes first, the scope is cancelled the same way and {@code join} throws {@link TimeoutException}.
 * If the owner is interrupted in {@code join}, the scope is cancelled and {@code join} throws {@link
 * InterruptedException}. In every case, when {@code join} returns or throws, every subtask thread has ended.
 * {@link #close()} cancels whatever still runs (the body threw before {@code join}) and waits for it: no thread
 * outlives the scope. A subtask that ignores interruption holds up {@code join} and {@code close} until it ends.
 *
 * <p><b>Threads.</b> Only the thread that opened the scope may {@code fork}, {@code join} and {@code close}
 * it; others get {@link WrongThreadException}. A subtask may open a scope of its own (nesting).
 *
 * <p>This class is thread-safe in the sense above. Memory consistency effects: actions in the owner before
 * {@code fork} happen-before the subtask runs; a subtask's actions happen-before {@code join} returns or throws.
 *
 * <p><b>Python and JDK 25.</b> Like {@code asyncio.TaskGroup}: the first failure cancels the siblings, the
 * group waits for them, and the failures are reported together (Python raises an {@code ExceptionGroup} of all
 * of them; here the first is the cause and the others are suppressed). Unlike a {@code TaskGroup}, a failure in
 * the owner's own body does not cancel the subtasks until {@code close()}, and the results come back from {@code
 * join}. Like JEP 505's default joiner ({@code awaitAllSuccessfulOrThrow}): the first failure cancels the scope
 * and {@code join} throws with it as cause; JEP 505 reports only that first failure, throws from {@code close} if
 * {@code join} was never called, and returns from {@code join} without waiting for the cancelled subtasks (its
 * {@code close} waits). Both JDK and this class interrupt to cancel; Python injects {@code CancelledError}.
 *
 * @param <T> the subtasks' result type
 */
public final class TaskScope<T> implements AutoCloseable {

  /*
   * One lock guards the scope's state. Subtask threads take it once, when they end; the owner waits on
   * `changed` for `running` to reach zero or a failure to appear. Cancellation interrupts threads while holding
   * the lock, so a subtask cannot end between "still running" and "interrupt it" unnoticed; interrupting a
   * thread that is just finishing is harmless. Threads are finally joined outside the lock, so that
   * "every subtask thread has ended" holds, not merely "every body has returned".
   */

  private enum Phase {
    OPEN,
    JOINED,
    CLOSED
  }

  private static final AtomicInteger SCOPES = new AtomicInteger();

  private final Thread owner = Thread.currentThread();
  private final ThreadFactory factory;
  private final long deadline;
  private final @Nullable Duration timeout;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  @GuardedBy("lock")
  private final List<Subtask<T>> subtasks = new ArrayList<>();

  @GuardedBy("lock")
  private final List<Throwable> failures = new ArrayList<>();

  @GuardedBy("lock")
  private int running;

  @GuardedBy("lock")
  private boolean cancelled;

  @GuardedBy("lock")
  private Phase phase = Phase.OPEN;

  private TaskScope(@Nullable Duration timeout, ThreadFactory factory) {
    this.timeout = timeout;
    this.deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
    this.factory = factory;
  }

  /**
   * A scope with no deadline whose subtasks run on virtual threads named {@code scope-N-}.
   *
   * @param <T> the subtasks' result type
   * @return the open scope, owned by the calling thread
   */
  public static <T> TaskScope<T> open() {
    return new TaskScope<>(null, defaultFactory());
  }

  /**
   * A scope whose {@code join} gives up {@code timeout} from now.
   *
   * @param timeout how long {@code join} may wait, from now
   * @param <T> the subtasks' result type
   * @return the open scope, owned by the calling thread
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public static <T> TaskScope<T> open(Duration timeout) {
    return open(timeout, defaultFactory());
  }

  /**
   * A scope with a deadline and subtasks on threads from {@code factory} (platform threads, say).
   *
   * @param timeout how long {@code join} may wait, from now
   * @param factory makes the subtasks' threads
   * @param <T> the subtasks' result type
   * @return the open scope, owned by the calling thread
   */
  public static <T> TaskScope<T> open(Duration timeout, ThreadFactory factory) {
    requireNonNull(timeout, "timeout");
    checkArgument(!timeout.isNegative(), "timeout must not be negative, got %s", timeout);
    return new TaskScope<>(timeout, requireNonNull(factory, "factory"));
  }

  private static ThreadFactory defaultFactory() {
    return Thread.ofVirtual().name("scope-" + SCOPES.incrementAndGet() + "-", 0).factory();
  }

  /**
   * Starts {@code task} as a subtask on a new thread. If the scope is already cancelled, the subtask is not
   * started and is {@link Subtask.State#CANCELLED} at once.
   *
   * @param task the subtask's work
   * @return the subtask
   * @throws WrongThreadException if the caller is not the owner
   * @throws IllegalStateException if {@code join} or {@code close} was already called
   * @throws OutOfMemoryError or another error of {@link Thread#start()} if no thread can be started; the task is
   *     then not part of the scope
   */
  public Subtask<T> fork(Callable<? extends T> task) {
    Subtask<T> subtask = new Subtask<>(requireNonNull(task, "task: pass the Callable to fork"));
    checkOwner("fork");
    lock.lock();
    try {
      if (phase != Phase.OPEN) {
        throw new IllegalStateException("cannot fork after " + (phase == Phase.JOINED ? "join()" : "close()"));
      }
      subtasks.add(subtask);
      if (cancelled) {
        subtask.cancelUnstarted();
        return subtask;
      }
      Thread thread = factory.newThread(() -> run(subtask));
      if (thread == null) {
        throw new IllegalStateException("the scope's thread factory returned null");
      }
      subtask.thread = thread;
      try {
        thread.start(); // the new thread needs the lock to finish, so counting it afterwards is safe
      } catch (RuntimeException | Error e) {
        subtasks.remove(subtask); // no thread ("unable to create native thread"): as if never forked
        throw e;
      }
      running++;
    } finally {
      lock.unlock();
    }
    return subtask;
  }

  private void run(Subtask<T> subtask) {
    T value = null;
    Throwable failure = null;
    try {
      value = subtask.task.call();
    } catch (Throwable t) {
      failure = t;
    }
    lock.lock();
    try {
      if (failure == null) {
        subtask.succeed(value);
      } else if (cancelled && failure instanceof InterruptedException) {
        subtask.fail(failure, /* byCancellation= */ true);
      } else {
        subtask.fail(failure, /* byCancellation= */ false);
        failures.add(failure);
        cancelLocked();
      }
      running--;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits for every subtask and returns their results in fork order. See the class comment for every way it
   * ends; whichever it is, every subtask thread has ended when it does.
   *
   * @return the subtasks' results, in fork order
   * @throws ScopeFailedException if a subtask failed
   * @throws TimeoutException if the deadline passed; the subtasks still running were cancelled
   * @throws InterruptedException if the owner was interrupted; the subtasks were cancelled
   * @throws WrongThreadException if the caller is not the owner
   * @throws IllegalStateException if called twice, or after {@code close}
   */
  public List<T> join() throws InterruptedException, ScopeFailedException, TimeoutException {
    checkOwner("join");
    boolean timedOut = false;
    InterruptedException interrupted = null;
    lock.lock();
    try {
      if (phase != Phase.OPEN) {
        throw new IllegalStateException("join() may be called once, before close()");
      }
      phase = Phase.JOINED;
      try {
        while (running > 0 && failures.isEmpty()) {
          if (timeout == null) {
            changed.await();
          } else {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
              timedOut = true;
              break;
            }
            changed.awaitNanos(left);
          }
        }
      } catch (InterruptedException e) {
        interrupted = e;
      }
      cancelAndAwaitLocked();
    } finally {
      lock.unlock();
    }
    joinThreads();
    if (interrupted != null) {
      throw interrupted;
    }
    return outcome(timedOut);
  }

  private List<T> outcome(boolean timedOut) throws ScopeFailedException, TimeoutException {
    lock.lock();
    try {
      if (!failures.isEmpty()) {
        throw new ScopeFailedException(failures.get(0), failures.subList(1, failures.size()));
      }
      if (timedOut) {
        long cancelledCount = subtasks.stream().filter(s -> s.state() == Subtask.State.CANCELLED).count();
        throw new TimeoutException(
            "scope deadline of " + timeout + " passed; " + cancelledCount + " subtask(s) were cancelled");
      }
      List<T> results = new ArrayList<>(subtasks.size());
      subtasks.forEach(s -> results.add(s.get()));
      return results;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Cancels every subtask still running and waits until all have ended; a no-op after the first call. Waits
   * uninterruptibly, setting the interrupt status again if the owner was interrupted meanwhile.
   *
   * @throws WrongThreadException if the caller is not the owner
   */
  @Override
  public void close() {
    checkOwner("close");
    lock.lock();
    try {
      if (phase == Phase.CLOSED) {
        return;
      }
      phase = Phase.CLOSED;
      cancelAndAwaitLocked();
    } finally {
      lock.unlock();
    }
    joinThreads();
  }

  @GuardedBy("lock")
  private void cancelLocked() {
    if (cancelled) {
      return;
    }
    cancelled = true;
    for (Subtask<T> s : subtasks) {
      Thread t = s.thread;
      if (s.state() == Subtask.State.RUNNING && t != null) {
        t.interrupt();
      }
    }
  }

  /** If subtasks still run, cancels them and waits, uninterruptibly, until their bodies have returned. */
  @GuardedBy("lock")
  private void cancelAndAwaitLocked() {
    if (running > 0) {
      cancelLocked();
    }
    while (running > 0) {
      changed.awaitUninterruptibly();
    }
  }

  private void joinThreads() {
    List<Thread> threads;
    lock.lock();
    try {
      threads = subtasks.stream().map(s -> s.thread).filter(t -> t != null).toList();
    } finally {
      lock.unlock();
    }
    boolean interrupted = Thread.interrupted();
    for (Thread t : threads) {
      while (true) {
        try {
          t.join(); // the body has returned; this waits for the last few instructions only
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void checkOwner(String what) {
    if (Thread.currentThread() != owner) {
      throw new WrongThreadException(
          what + "() called from " + Thread.currentThread() + ", but only the scope's owner " + owner + " may");
    }
  }
}
