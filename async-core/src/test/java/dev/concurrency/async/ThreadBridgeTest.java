package dev.concurrency.async;

import static dev.concurrency.async.AsyncIO.allTasks;
import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.getRunningLoop;
import static dev.concurrency.async.AsyncIO.run;
import static dev.concurrency.async.AsyncIO.sleep;
import static dev.concurrency.async.ThreadBridge.awaitFuture;
import static dev.concurrency.async.ThreadBridge.runCoroutineThreadsafe;
import static dev.concurrency.async.ThreadBridge.runInExecutor;
import static dev.concurrency.async.ThreadBridge.toThread;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
final class ThreadBridgeTest {

  private final ExecutorService pool = Executors.newSingleThreadExecutor();

  @AfterEach
  void shutdownPool() throws InterruptedException {
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  // CPython test_threads.py: test_to_thread — runs on another (platform) thread while the loop goes on
  @Test
  void toThread_blockingWork_runsOnPlatformThreadWhileLoopRuns() {
    CountDownLatch loopRanMeanwhile = new CountDownLatch(1);
    AtomicReference<Thread> worker = new AtomicReference<>();
    String result = run(() -> {
      createTask(() -> {
        loopRanMeanwhile.countDown(); // a loop task runs while the job blocks
      });
      return toThread(() -> {
        worker.set(Thread.currentThread());
        assertThat(loopRanMeanwhile.await(10, TimeUnit.SECONDS)).isTrue();
        return "done";
      });
    });
    assertThat(result).isEqualTo("done");
    assertThat(worker.get().isVirtual()).isFalse();
    assertThat(worker.get().getName()).startsWith("asyncio-to-thread-");
  }

  // CPython test_threads.py: test_to_thread_exception
  @Test
  void toThread_jobThrows_exceptionPropagates_checkedWrapped() {
    run(() -> {
      assertThatThrownBy(() -> toThread(() -> {
        throw new IllegalArgumentException("bad");
      })).isInstanceOf(IllegalArgumentException.class).hasMessage("bad");
      assertThatThrownBy(() -> toThread(() -> {
        throw new IOException("disk");
      })).isInstanceOf(CompletionException.class).hasCauseInstanceOf(IOException.class);
    });
  }

  // CPython test_events.py: test_run_in_executor_cancel — cancel while the job runs; no call into a closed loop
  @Test
  void runInExecutor_awaitingTaskCancelledWhileJobRuns_taskCancelled_jobEndsQuietly() throws Exception {
    CountDownLatch jobStarted = new CountDownLatch(1);
    CountDownLatch releaseJob = new CountDownLatch(1);
    AtomicBoolean jobFinished = new AtomicBoolean();
    AtomicReference<EventLoop> loopRef = new AtomicReference<>();
    run(() -> {
      loopRef.set(getRunningLoop());
      AsyncTask<String> waiter = createTask(() -> runInExecutor(pool, () -> {
        jobStarted.countDown();
        releaseJob.await();
        jobFinished.set(true);
        return "late";
      }));
      awaitFuture(CompletableFuture.runAsync(() -> awaitLatch(jobStarted)));
      waiter.cancel();
      assertThatThrownBy(waiter::await).isInstanceOf(CancelledError.class);
    });
    assertThat(loopRef.get().isClosed()).isTrue();
    releaseJob.countDown();
    // the job finishes after the loop closed; a call back into it would throw in the pool thread
    assertThat(pool.submit(() -> jobFinished.get()).get(10, TimeUnit.SECONDS)).isTrue();
  }

  // CPython test_events.py: run_in_executor — a job cancelled before it starts never runs
  @Test
  void runInExecutor_cancelledBeforeJobStarts_jobNeverRuns() throws Exception {
    CountDownLatch blockerRunning = new CountDownLatch(1);
    CountDownLatch releaseBlocker = new CountDownLatch(1);
    AtomicBoolean secondRan = new AtomicBoolean();
    pool.execute(() -> {
      blockerRunning.countDown();
      awaitLatch(releaseBlocker);
    });
    run(() -> {
      AsyncTask<Boolean> queued = createTask(() -> runInExecutor(pool, () -> secondRan.getAndSet(true)));
      awaitFuture(CompletableFuture.runAsync(() -> awaitLatch(blockerRunning)));
      queued.cancel();
      assertThatThrownBy(queued::await).isInstanceOf(CancelledError.class);
    });
    releaseBlocker.countDown();
    pool.submit(() -> { }).get(10, TimeUnit.SECONDS);
    assertThat(secondRan.get()).isFalse();
  }

  @Test
  void runInExecutor_plainExecutor_resultComesBack() throws InterruptedException {
    List<Thread> started = new ArrayList<>();
    Integer v = run(() -> runInExecutor(r -> {
      Thread t = new Thread(r, "plain-executor");
      started.add(t);
      t.start();
    }, () -> 6 * 7));
    assertThat(v).isEqualTo(42);
    for (Thread t : started) {
      t.join(10_000);
      assertThat(t.isAlive()).isFalse();
    }
  }

  // CPython test_futures.py: test_wrap_future / test_wrap_future_cancel
  @Test
  void awaitFuture_completedByOtherThread_returnsResult_cancelPropagates() {
    run(() -> {
      CompletableFuture<String> cf = new CompletableFuture<>();
      pool.execute(() -> cf.complete("from thread"));
      assertThat(awaitFuture(cf)).isEqualTo("from thread");

      CompletableFuture<String> never = new CompletableFuture<>();
      AsyncTask<String> t = createTask(() -> awaitFuture(never));
      sleep(Duration.ZERO);
      t.cancel();
      assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
      assertThat(never.isCancelled()).isTrue();

      CompletableFuture<String> failed = CompletableFuture.failedFuture(new IllegalStateException("nope"));
      assertThatThrownBy(() -> awaitFuture(failed)).hasMessage("nope");
      CompletableFuture<String> cancelled = new CompletableFuture<>();
      cancelled.cancel(false);
      assertThatThrownBy(() -> awaitFuture(cancelled)).isInstanceOf(CancelledError.class);
      // cancelled by another thread while awaited: the awaiting task sees CancelledError, as in asyncio
      CompletableFuture<String> cancelledLater = new CompletableFuture<>();
      AsyncTask<String> awaiting = createTask(() -> awaitFuture(cancelledLater));
      sleep(Duration.ZERO);
      pool.execute(() -> cancelledLater.cancel(false));
      assertThatThrownBy(awaiting::await).isInstanceOf(CancelledError.class);
    });
  }

  // CPython test_tasks.py RunCoroutineThreadsafeTests: test_run_coroutine_threadsafe / ..._task_cancelled
  @Test
  void runCoroutineThreadsafe_fromPlainThread_resultAndCancellation() throws Exception {
    AtomicReference<Throwable> threadFailure = new AtomicReference<>();
    run(() -> {
      EventLoop loop = getRunningLoop();
      CompletableFuture<Integer> viaThread = new CompletableFuture<>();
      Thread t = new Thread(() -> {
        try {
          viaThread.complete(runCoroutineThreadsafe(loop, () -> {
            sleep(Duration.ofMillis(1));
            return 42;
          }).get(10, TimeUnit.SECONDS));
        } catch (Exception e) {
          threadFailure.set(e);
          viaThread.completeExceptionally(e);
        }
      });
      t.start();
      assertThat(awaitFuture(viaThread)).isEqualTo(42);
      toThread(() -> {
        t.join();
        return null;
      });

      CompletableFuture<Void> forever = runCoroutineThreadsafe(loop, () -> {
        sleep(Duration.ofHours(1));
        return null;
      });
      sleep(Duration.ofMillis(1));
      forever.cancel(false);
      sleep(Duration.ofMillis(1));
      assertThat(allTasks()).hasSize(1); // only main: the hour-long task was cancelled
      CompletableFuture<Object> failing = runCoroutineThreadsafe(loop, () -> {
        throw new IllegalStateException("inside");
      });
      assertThatThrownBy(() -> awaitFuture(failing)).hasMessage("inside");
    });
    assertThat(threadFailure.get()).isNull();
  }

  // Virtual time: the clock must not jump to a pending timer while a thread job is under way
  @Test
  void toThread_onAutoAdvancingClock_clockHeldWhileJobRuns() {
    VirtualClock clock = VirtualClock.autoAdvancing();
    run(EventLoop.builder().clock(clock), () -> {
      AsyncTask<Void> timer = createTask(() -> sleep(Duration.ofSeconds(10)));
      String v = toThread(() -> "job");
      assertThat(v).isEqualTo("job");
      assertThat(clock.elapsed()).isEqualTo(Duration.ZERO);
      assertThat(timer.done()).isFalse();
      timer.await();
      assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(10));
    });
  }

  // A refused job throws at once, and does not leave the virtual clock held (a later sleep would hang)
  @Test
  void runInExecutor_executorRejects_throwsAtOnce_clockNotLeftHeld() {
    VirtualClock clock = VirtualClock.autoAdvancing();
    run(EventLoop.builder().clock(clock), () -> {
      assertThatThrownBy(() -> runInExecutor(r -> {
        throw new RejectedExecutionException("pool is shut down");
      }, () -> 1)).isInstanceOf(RejectedExecutionException.class);
      sleep(Duration.ofSeconds(5));
      assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(5));
    });
  }

  @Test
  void toThread_outsideTask_throwsClearError() {
    assertThatThrownBy(() -> toThread(() -> 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("must be called from a task");
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
