package dev.concurrency.async;

import static dev.concurrency.async.AsyncIO.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Ports of CPython 3.14's {@code test_waitfor.py} ({@code AsyncioWaitForTest}, {@code WaitForShieldTests}), on the
 * virtual clock. Since 3.12, {@code wait_for(coro(), t)} runs the coroutine in the calling task under a {@code
 * timeout}; {@link AsyncIO#waitFor(Coroutine, Duration)} does the same.
 */
@org.junit.jupiter.api.Timeout(value = 30, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
final class WaitForConformanceTest {

  /** Upstream's {@code _EPSILON}: a timeout that passes "timeout > 0" but is as good as zero. */
  private static final Duration EPSILON = Duration.ofNanos(100_000);

  private final VirtualClock clock = VirtualClock.autoAdvancing();

  private EventLoop.Builder config() {
    return EventLoop.builder().clock(clock);
  }

  private static Duration seconds(double s) {
    return Duration.ofNanos(Math.round(s * 1e9));
  }

  /** Upstream's {@code SlowTask}: runs for 0.2 s, ignoring cancellation requests. */
  private static final class SlowTask {
    static final Duration TASK_TIMEOUT = seconds(0.2);
    boolean exited;

    void run() {
      EventLoop loop = getRunningLoop();
      long exitAt = loop.time() + TASK_TIMEOUT.toNanos();
      for (;;) {
        long toSleep = exitAt - loop.time();
        if (toSleep <= 0) {
          break;
        }
        try {
          sleep(Duration.ofNanos(toSleep));
        } catch (CancelledError ignored) {
          // this task ignores cancellation, on purpose
        }
      }
      exited = true;
    }
  }

  // CPython: test_waitfor.py AsyncioWaitForTest.test_asyncio_wait_for_cancelled
  @Test
  void asyncioWaitForCancelled_innerIgnoresCancellation_runsToItsEnd() {
    SlowTask t = new SlowTask();
    run(config(), () -> {
      AsyncTask<Void> waitForTask = createTask(() -> {
        waitFor(() -> {
          t.run();
          return null;
        }, SlowTask.TASK_TIMEOUT.multipliedBy(2));
      });
      sleep(Duration.ZERO);
      waitForTask.cancel();
      waitUntil(List.<AsyncFuture<Void>>of(waitForTask), ReturnWhen.ALL_COMPLETED, null);
    });
    assertThat(t.exited).isTrue();
    assertThat(clock.elapsed()).isEqualTo(SlowTask.TASK_TIMEOUT);
  }

  // CPython: test_waitfor.py AsyncioWaitForTest.test_asyncio_wait_for_timeout — wait_for waits for the inner code
  // to end, even past the deadline
  @Test
  void asyncioWaitForTimeout_innerIgnoresTheTimeout_waitedFor() {
    SlowTask t = new SlowTask();
    run(config(), () -> {
      try {
        waitFor(() -> {
          t.run();
          return null;
        }, SlowTask.TASK_TIMEOUT.dividedBy(2));
      } catch (AsyncTimeoutException e) {
        // upstream accepts either outcome
      }
    });
    assertThat(t.exited).isTrue();
    assertThat(clock.elapsed()).isEqualTo(SlowTask.TASK_TIMEOUT);
  }

  // CPython: test_waitfor.py AsyncioWaitForTest.test_wait_for_timeout_less_then_0_or_0_future_done
  @Test
  void waitForTimeoutLessThen0Or0FutureDone_returnsTheResult() {
    run(config(), () -> {
      AsyncFuture<String> fut = getRunningLoop().createFuture();
      fut.setResult("done");
      assertThat(waitFor(fut, Duration.ZERO)).isEqualTo("done");
      assertThat(fut.done()).isTrue();
    });
  }

  // CPython: test_waitfor.py AsyncioWaitForTest.test_wait_for_timeout_less_then_0_or_0_coroutine_do_not_started
  @Test
  void waitForTimeoutLessThen0Or0CoroutineDoNotStarted_timeoutAndNeverRun() {
    boolean[] started = {false};
    run(config(), () -> {
      assertThatThrownBy(() -> waitFor(() -> started[0] = true, Duration.ZERO))
          .isInstanceOf(AsyncTimeoutException.class);
    });
    assertThat(started[0]).isFalse();
  }

  // CPython: test_waitfor.py AsyncioWaitForTest.test_wait_for_timeout_less_then_0_or_0
  @Test
  void waitForTimeoutLessThen0Or0_runningTaskCancelledAndWaitedFor() {
    for (Duration timeout : List.of(Duration.ZERO, seconds(-1))) {
      Boolean[] running = {null};
      run(config(), () -> {
        AsyncFuture<Void> started = getRunningLoop().createFuture();
        AsyncTask<String> fut = createTask(() -> {
          running[0] = true;
          started.setResult(null);
          try {
            sleep(seconds(10));
          } finally {
            running[0] = false;
          }
          return "done";
        });
        started.await();
        assertThatThrownBy(() -> waitFor(fut, timeout)).isInstanceOf(AsyncTimeoutException.class);
        assertThat(fut.done()).isTrue();
        assertThat(fut.cancelled()).isTrue();
        assertThat(running[0]).as("timeout %s", timeout).isFalse();
      });
    }
  }

  // CPython: test_waitfor.py AsyncioWaitForTest.test_wait_for
  @Test
  void waitFor_taskOutlivesTheTimeout_cancelledAndWaitedFor() {
    Boolean[] running = {null};
    run(config(), () -> {
      AsyncTask<String> fut = createTask(() -> {
        running[0] = true;
        try {
          sleep(Duration.ofMinutes(5)); // support.LONG_TIMEOUT
        } finally {
          running[0] = false;
        }
        return "done";
      });
      assertThatThrownBy(() -> waitFor(fut, seconds(0.1))).isInstanceOf(AsyncTimeoutException.class);
      assertThat(fut.done()).isTrue();
      assertThat(fut.cancelled()).isTrue();
      assertThat(running[0]).isFalse();
    });
    assertThat(clock.elapsed()).isEqualTo(seconds(0.1));
  }

  // CPython: test_waitfor.py AsyncioWaitForTest.test_wait_for_blocking
  @Test
  void waitForBlocking_noTimeout_returnsTheResult() {
    run(config(), () -> {
      assertThat(waitFor(() -> "done", null)).isEqualTo("done");
    });
  }

  // CPython: test_waitfor.py AsyncioWaitForTest.test_wait_for_race_condition
  @Test
  void waitForRaceCondition_resultSetInTheNextTick_returned() {
    run(config(), () -> {
      AsyncFuture<String> fut = getRunningLoop().createFuture();
      getRunningLoop().callSoon(() -> fut.setResult("ok"));
      assertThat(waitFor(fut, seconds(0.2))).isEqualTo("ok");
    });
  }

  // CPython: test_waitfor.py AsyncioWaitForTest.test_wait_for_cancellation_race_condition — the inner code
  // swallows the timeout's cancellation and returns: its value comes out
  @Test
  void waitForCancellationRaceCondition_innerSwallowsTheCancellation_valueReturned() {
    run(config(), () -> {
      int result = waitFor(() -> {
        assertThatThrownBy(() -> sleep(seconds(1))).isInstanceOf(CancelledError.class);
        return 1;
      }, seconds(0.01));
      assertThat(result).isEqualTo(1);
    });
  }

  /** Upstream's {@code inner}: sleeps, and when cancelled awaits once more before it ends cancelled. */
  private static Coroutine<@Nullable Void> slowToCancel(boolean[] taskDone) {
    return () -> {
      try {
        sleep(seconds(10));
      } catch (CancelledError c) {
        sleep(EPSILON);
        throw c;
      } finally {
        taskDone[0] = true;
      }
      return null;
    };
  }

  // CPython: test_waitfor.py AsyncioWaitForTest.test_wait_for_waits_for_task_cancellation
  @Test
  void waitForWaitsForTaskCancellation_timeoutOnlyAfterTheTaskEnded() {
    boolean[] taskDone = {false};
    run(config(), () -> {
      AsyncTask<@Nullable Void> inner = createTask(slowToCancel(taskDone));
      assertThatThrownBy(() -> waitFor(inner, EPSILON)).isInstanceOf(AsyncTimeoutException.class)
          .hasCauseInstanceOf(CancelledError.class);
      assertThat(taskDone[0]).isTrue();
    });
  }

  // CPython: test_waitfor.py AsyncioWaitForTest.test_wait_for_waits_for_task_cancellation_w_timeout_0
  @Test
  void waitForWaitsForTaskCancellationWTimeout0_timeoutOnlyAfterTheTaskEnded() {
    boolean[] taskDone = {false};
    run(config(), () -> {
      AsyncTask<@Nullable Void> inner = createTask(slowToCancel(taskDone));
      sleep(EPSILON);
      assertThatThrownBy(() -> waitFor(inner, Duration.ZERO)).isInstanceOf(AsyncTimeoutException.class)
          .hasCauseInstanceOf(CancelledError.class);
      assertThat(taskDone[0]).isTrue();
    });
  }

  static final class FooException extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  // CPython: test_waitfor.py AsyncioWaitForTest.test_wait_for_reraises_exception_during_cancellation
  @Test
  @SuppressWarnings("finally") // upstream raises from a cleanup on purpose: the new error replaces the old
  void waitForReraisesExceptionDuringCancellation_theTasksErrorComesOut() {
    run(config(), () -> {
      AsyncTask<Void> inner = createTask(() -> {
        try {
          sleep(seconds(0.2));
        } finally {
          throw new FooException();
        }
      });
      assertThatThrownBy(() -> waitFor(inner, EPSILON)).isInstanceOf(FooException.class);
    });
  }

  /** Upstream's {@code _test_cancel_wait_for}: cancelling the waiting task cancels the awaited one (bpo-23219). */
  private void cancelWaitFor(@Nullable Duration timeout) {
    run(config(), () -> {
      EventLoop loop = getRunningLoop();
      AsyncTask<Void> task = createTask(() -> {
        AsyncFuture<Void> never = loop.createFuture();
        never.await();
      });
      AsyncTask<Void> waiting = createTask(() -> waitFor(task, timeout));
      loop.callSoon(waiting::cancel);
      assertThatThrownBy(waiting::await).isInstanceOf(CancelledError.class);
      assertThat(task.cancelled()).isTrue();
    });
  }

  // CPython: test_waitfor.py AsyncioWaitForTest.test_cancel_blocking_wait_for
  @Test
  void cancelBlockingWaitFor_noTimeout_cancelsTheAwaitedTask() {
    cancelWaitFor(null);
  }

  // CPython: test_waitfor.py AsyncioWaitForTest.test_cancel_wait_for
  @Test
  void cancelWaitFor_withTimeout_cancelsTheAwaitedTask() {
    cancelWaitFor(seconds(60));
  }

  // CPython: test_waitfor.py AsyncioWaitForTest.test_wait_for_cancel_suppressed (GH-86296)
  @Test
  void waitForCancelSuppressed_valueReturnedNotTimeout() {
    run(config(), () -> {
      int result = waitFor(() -> {
        try {
          sleep(seconds(10));
        } catch (CancelledError c) {
          return 42;
        }
        return 0;
      }, seconds(0.1));
      assertThat(result).isEqualTo(42);
    });
  }

  // CPython: test_waitfor.py AsyncioWaitForTest.test_wait_for_issue86296 — the waiting task is cancelled, not run
  // to its end, even though the awaited task finished in one tick
  @Test
  void waitForIssue86296_waitingTaskCancelledAfterTheInnerOneFinished() {
    boolean[] reachedEnd = {false};
    run(config(), () -> {
      AsyncTask<String> inner = createTask(() -> "done");
      AsyncTask<Void> task = createTask(() -> {
        waitFor(inner, seconds(100));
        sleep(seconds(1));
        reachedEnd[0] = true;
      });
      assertThat(task.done()).isFalse();
      sleep(Duration.ZERO);
      task.cancel();
      assertThatThrownBy(task::await).isInstanceOf(CancelledError.class);
      assertThat(inner.done()).isTrue();
      assertThat(inner.await()).isEqualTo("done");
    });
    assertThat(reachedEnd[0]).isFalse();
  }

  private static AsyncTask<String> doneAfter(Duration d) {
    return createTask(() -> {
      sleep(d);
      return "done";
    });
  }

  // CPython: test_waitfor.py WaitForShieldTests.test_zero_timeout — the shield is cancelled, the task runs on
  @Test
  void zeroTimeout_shieldCancelled_taskRunsOn() {
    run(config(), () -> {
      AsyncTask<String> task = doneAfter(seconds(0.01));
      AsyncFuture<String> shielded = shield(task);
      assertThatThrownBy(() -> waitFor(shielded, Duration.ZERO)).isInstanceOf(AsyncTimeoutException.class);
      assertThat(task.done()).isFalse();
      assertThat(task.cancelled()).isFalse();
      assertThat(shielded.cancelled()).isTrue();
      sleep(seconds(0.1));
      assertThat(task.done()).isTrue();
    });
  }

  // CPython: test_waitfor.py WaitForShieldTests.test_none_timeout
  @Test
  void noneTimeout_shieldedTaskRunsToCompletion() {
    run(config(), () -> {
      AsyncTask<String> task = doneAfter(seconds(0.1));
      waitFor(shield(task), null);
      assertThat(task.done()).isTrue();
      assertThat(task.await()).isEqualTo("done");
    });
  }

  // CPython: test_waitfor.py WaitForShieldTests.test_shielded_timeout — the timeout does not reach the task
  @Test
  void shieldedTimeout_taskNotCancelled() {
    run(config(), () -> {
      AsyncTask<String> task = doneAfter(seconds(0.1));
      assertThatThrownBy(() -> waitFor(shield(task), seconds(0.01))).isInstanceOf(AsyncTimeoutException.class);
      assertThat(task.done()).isFalse();
      assertThat(task.cancelled()).isFalse();
      assertThat(task.await()).isEqualTo("done");
    });
  }
}
