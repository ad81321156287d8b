package dev.concurrency.async;

import static java.util.Objects.requireNonNull;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Bridges between an event loop and threads: run blocking code on a thread pool and await its result from a
 * task, await a {@link CompletableFuture} completed by another thread, or submit a coroutine to a loop from a
 * plain thread.
 *
 * {@snippet class=dev.concurrency.async.AsyncSnippetsTest region=toThread}
 *
 * {@snippet class=dev.concurrency.async.AsyncSnippetsTest region=runCoroutineThreadsafe}
 *
 * <p><b>Semantics.</b> {@link #toThread} and {@link #runInExecutor} submit the callable to a pool and suspend
 * the calling task; the worker thread hands the outcome back with {@link EventLoop#callSoonThreadsafe}, and
 * the task resumes with the result or rethrows the exception (a checked one inside {@link
 * CompletionException}). If the awaiting task is cancelled, the job is cancelled too if it has not started (a
 * running job is not interrupted: Java cannot stop a thread safely, and neither can Python), its outcome is
 * dropped, and the worker never calls back into the loop, even if the loop has closed meanwhile. An interrupt of
 * the awaiting task's thread does not end its wait (see {@link AsyncTask}); a worker's interrupt is the job's
 * business, and an {@link InterruptedException} it throws comes back to the task like any other exception.
 *
 * <p><b>The default pool.</b> {@link #toThread} uses one shared pool of daemon platform threads, {@code
 * min(32, cores + 4)} of them like Python's default executor, whose idle threads end after 30 s. Platform
 * threads, not virtual ones, because the point is to absorb blocking calls that pin a carrier (native code,
 * {@code synchronized} I/O) without starving the loop's own virtual threads.
 *
 * <p><b>Thread-safety.</b> {@link #toThread}, {@link #runInExecutor} and {@link #awaitFuture} must be called
 * from a task of a running loop; {@link #runCoroutineThreadsafe} from any thread except the loop's own.
 *
 * <p><b>Memory consistency.</b> Actions of the task before {@code toThread(c)} happen-before {@code c} runs
 * (the executor's guarantee); actions of {@code c} happen-before the task resumes ({@code
 * callSoonThreadsafe}'s guarantee). Actions of a thread before {@code runCoroutineThreadsafe} happen-before the
 * coroutine runs; the coroutine's actions happen-before the returned future completes.
 *
 * <p><b>Virtual time.</b> While a {@code toThread}/{@code runInExecutor} job is under way, a loop on an
 * auto-advancing {@link VirtualClock} does not jump to its next timer: the job's result, not the timer, is
 * what happens next in real time.
 *
 * <p><b>Python:</b> {@code asyncio.to_thread}, {@code loop.run_in_executor}, {@code asyncio.wrap_future} and
 * {@code asyncio.run_coroutine_threadsafe}. As {@code to_thread} does, {@link #toThread} runs the work in a copy of
 * the task's {@link Context}, so {@link ContextVar}s read there see the task's values. Differences: the default
 * pool is shared by all loops instead of one per loop.
 */
public final class ThreadBridge {

  private static final System.Logger LOG = System.getLogger(ThreadBridge.class.getName());

  private ThreadBridge() {}

  /**
   * Runs {@code work} on the default platform-thread pool and suspends the calling task until it is done.
   *
   * <p>Ends in one of these ways: returns what {@code work} returned; throws what it threw (a checked exception
   * wrapped in {@link CompletionException}); throws {@link dev.concurrency.async.CancelledError} if the task
   * is cancelled meanwhile (see the class description for what happens to the job).
   *
   * @param <T> the type of the result
   * @param work the blocking work
   * @return what {@code work} returned
   * @throws IllegalStateException if called outside a task of a running event loop
   */
  public static <T> T toThread(Callable<T> work) {
    requireNonNull(work, "work");
    Context context = AsyncIO.copyContext(); // asyncio.to_thread runs the function in a copy of the context
    return runInExecutor(DefaultPool.INSTANCE, () -> context.call(work));
  }

  /**
   * Runs {@code work} on {@code executor} and suspends the calling task until it is done; see {@link
   * #toThread}. With an {@link ExecutorService}, cancelling the task cancels the job if it has not started.
   *
   * @param <T> the type of the result
   * @param executor the executor that runs it
   * @param work the blocking work
   * @return what {@code work} returned
   * @throws java.util.concurrent.RejectedExecutionException if the executor refuses the job (thrown at once)
   * @throws IllegalStateException if called outside a task of a running event loop
   */
  public static <T> T runInExecutor(Executor executor, Callable<T> work) {
    requireNonNull(executor, "executor");
    requireNonNull(work, "work");
    EventLoop loop = requireTaskLoop("runInExecutor");
    AsyncFuture<T> result = loop.createFuture();
    // Announced, not just posted: a virtual clock must not jump past timers while the job runs (its result is
    // what happens next), and a simulated run picks the tick the result arrives in.
    ExpectedArrival arrival = loop.expectArrival("toThread");
    Job<T> job = new Job<>(arrival, result, work);
    try {
      if (executor instanceof ExecutorService service) {
        job.handle = service.submit(job);
      } else {
        executor.execute(job);
      }
    } catch (RuntimeException e) {
      arrival.close();
      throw e;
    }
    result.addDoneCallback(job::onLoopFutureDone);
    return result.await();
  }

  /**
   * Suspends the calling task until {@code future}, completed by any thread, is done. Cancelling the task
   * cancels {@code future} too.
   *
   * <p>Ends in one of these ways: returns its result; throws its exception (unwrapped from {@link
   * CompletionException}, a checked one wrapped again); throws {@link dev.concurrency.async.CancelledError} if
   * {@code future} was cancelled or the task was.
   *
   * <p><b>Python:</b> {@code await asyncio.wrap_future(f)}.
   *
   * @param <T> the type of the result
   * @param future the future
   * @return the future's result
   * @throws IllegalStateException if called outside a task of a running event loop
   */
  public static <T> T awaitFuture(CompletableFuture<T> future) {
    requireNonNull(future, "future");
    EventLoop loop = requireTaskLoop("awaitFuture");
    AsyncFuture<T> wrapped = loop.createFuture();
    future.whenComplete(
        (value, error) -> {
          try {
            loop.callSoonThreadsafe(() -> completeLike(wrapped, future, value, error));
          } catch (IllegalStateException closed) {
            // the loop closed while the future ran: nobody is left to tell
          }
        });
    wrapped.addDoneCallback(
        f -> {
          if (f.cancelled()) {
            future.cancel(/* mayInterruptIfRunning= */ false);
          }
        });
    return wrapped.await();
  }

  /**
   * Schedules {@code coroutine} as a task on {@code loop} from another thread, and returns a future of its
   * outcome. Cancelling the returned future cancels the task.
   *
   * <p>Waiting for the returned future is the JDK's: {@code get()} throws {@link InterruptedException} if the
   * waiting thread is interrupted (its status cleared), {@code join()} waits on and returns with the status set.
   * Neither touches the task, which goes on: an interrupted waiter that wants the task stopped cancels the future.
   *
   * <p><b>Python:</b> {@code asyncio.run_coroutine_threadsafe(coro, loop)}.
   *
   * @param <T> the type of the result
   * @param loop the event loop
   * @param coroutine the task's body
   * @return a future of the task's outcome
   * @throws IllegalStateException if {@code loop} is closed
   */
  public static <T> CompletableFuture<T> runCoroutineThreadsafe(EventLoop loop, Coroutine<T> coroutine) {
    requireNonNull(loop, "loop");
    requireNonNull(coroutine, "coroutine");
    CompletableFuture<T> out = new CompletableFuture<>();
    loop.callSoonThreadsafe(
        () -> {
          if (out.isDone()) {
            return; // cancelled before it could start
          }
          AsyncTask<T> task;
          try {
            task = loop.createTask(coroutine);
          } catch (RuntimeException | Error e) {
            // a failing task factory: the caller must not wait forever, and the loop's handler hears of it too
            out.completeExceptionally(e);
            throw e;
          }
          task.addDoneCallback(
              t -> {
                if (t.cancelled()) {
                  out.cancel(/* mayInterruptIfRunning= */ false);
                } else if (t.exception() != null) {
                  out.completeExceptionally(t.exception());
                } else {
                  out.complete(t.result());
                }
              });
          out.whenComplete(
              (v, e) -> {
                if (out.isCancelled()) {
                  try {
                    loop.callSoonThreadsafe(task::cancel);
                  } catch (IllegalStateException closed) {
                    // the loop closed first, and closing already ended the task
                  }
                }
              });
        });
    return out;
  }

  /** On the loop: completes {@code target} as {@code source} ended; a cancelled source cancels it. */
  private static <T> void completeLike(
      AsyncFuture<T> target, CompletableFuture<T> source, @Nullable T value, @Nullable Throwable error) {
    if (target.done()) {
      return;
    }
    if (source.isCancelled()) {
      target.cancel();
    } else if (error != null) {
      target.setException(AsyncFuture.unwrapCompletion(error));
    } else {
      target.setResult(value);
    }
  }

  private static EventLoop requireTaskLoop(String what) {
    AsyncTask<?> task = AsyncIO.currentTask();
    if (task == null) {
      throw new IllegalStateException(
          what + "() must be called from a task of a running event loop (inside AsyncIO.run(...)); from a plain"
              + " thread, call the blocking code directly or use runCoroutineThreadsafe(loop, ...)");
    }
    return task.getLoop();
  }

  /** One job on a worker thread, and its way back to the loop. */
  private static final class Job<T> implements Runnable {
    private final ExpectedArrival arrival;
    private final AsyncFuture<T> result;
    private final Callable<T> work;
    private volatile boolean abandoned;
    volatile @Nullable Future<?> handle;

    Job(ExpectedArrival arrival, AsyncFuture<T> result, Callable<T> work) {
      this.arrival = arrival;
      this.result = result;
      this.work = work;
    }

    @Override
    public void run() {
      if (abandoned) {
        return; // the awaiting task was cancelled before the job started
      }
      T value = null;
      Throwable error = null;
      try {
        value = work.call();
      } catch (Throwable e) {
        error = e;
      }
      deliver(value, error);
    }

    private void deliver(@Nullable T value, @Nullable Throwable error) {
      if (abandoned) {
        return; // nobody awaits it: never call back into the loop, which may be closed by now
      }
      try {
        arrival.arrive(
            () -> {
              if (result.done()) {
                return;
              }
              if (error != null) {
                result.setException(error);
              } else {
                result.setResult(value);
              }
            });
      } catch (IllegalStateException closed) {
        // The loop closed while the job ran and its task was not cancelled first: nobody can receive this.
        if (error != null) {
          LOG.log(System.Logger.Level.WARNING, "a thread job failed after its event loop closed", error);
        }
      }
    }

    /** On the loop: the awaiting side is done (cancelled, or completed by us). */
    void onLoopFutureDone(AsyncFuture<T> f) {
      arrival.close();
      if (f.cancelled()) {
        abandoned = true;
        Future<?> h = handle;
        if (h != null) {
          h.cancel(/* mayInterruptIfRunning= */ false);
        }
      }
    }
  }

  /** The shared default pool, created on first use. */
  private static final class DefaultPool {
    static final ExecutorService INSTANCE = create();

    private static ExecutorService create() {
      int size = Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
      ThreadPoolExecutor pool =
          new ThreadPoolExecutor(
              size,
              size,
              30,
              TimeUnit.SECONDS,
              new LinkedBlockingQueue<>(),
              new ThreadFactoryBuilder().setNameFormat("asyncio-to-thread-%d").setDaemon(true).build());
      pool.allowCoreThreadTimeOut(true);
      return pool;
    }
  }
}
