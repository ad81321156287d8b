package dev.concurrency.async;

import static dev.concurrency.async.AsyncIO.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How cancellation travels between tasks and the futures they wait on. */
@Timeout(30)
final class CancellationTest {

  private final VirtualClock clock = VirtualClock.autoAdvancing();

  private EventLoop.Builder config() {
    return EventLoop.builder().clock(clock);
  }

  // CPython test_tasks.py: test_cancel_inner_future — the awaited future is cancelled: the task sees it
  @Test
  void awaitedFutureCancelled_taskGetsCancelledErrorWithMessage() {
    run(config(), () -> {
      AsyncFuture<String> inner = getRunningLoop().createFuture();
      AsyncTask<String> t = createTask(inner::await);
      sleep(Duration.ZERO);
      inner.cancel("inner gone");
      assertThatThrownBy(t::await).isInstanceOf(CancelledError.class).hasMessage("inner gone");
      assertThat(t.cancelled()).isTrue();
      return null;
    });
  }

  // CPython test_tasks.py: test_task_cancel_waiter_future — cancelling the task cancels what it waits on
  @Test
  void taskCancelledWhileWaiting_waitedFutureIsCancelled() {
    run(config(), () -> {
      AsyncFuture<String> inner = getRunningLoop().createFuture();
      AsyncTask<String> t = createTask(inner::await);
      sleep(Duration.ZERO);
      t.cancel("outer");
      assertThat(inner.cancelled()).isTrue();
      assertThatThrownBy(t::await).isInstanceOf(CancelledError.class).hasMessage("outer");
      return null;
    });
  }

  // CPython test_tasks.py: test_cancel_task_ignoring — a task may catch, uncancel and finish normally
  @Test
  void cancelledTaskThatSwallowsAndUncancels_endsWithItsValue() {
    String v = run(config(), () -> {
      AsyncTask<String> t = createTask(() -> {
        try {
          sleep(Duration.ofSeconds(5));
        } catch (CancelledError c) {
          currentTask().uncancel();
          return "ignored the cancellation";
        }
        return "slept";
      });
      sleep(Duration.ZERO);
      t.cancel();
      return t.await();
    });
    assertThat(v).isEqualTo("ignored the cancellation");
  }

  // CPython test_tasks.py: test_cancel_done_future / cancel after the future completed but before the wakeup
  @Test
  void cancelAfterFutureDoneBeforeWakeup_deliveredAtResume() {
    List<String> log = new ArrayList<>();
    run(config(), () -> {
      AsyncFuture<String> inner = getRunningLoop().createFuture();
      AsyncTask<String> t = createTask(() -> {
        try {
          return inner.await();
        } catch (CancelledError c) {
          log.add("cancelled although the future had a result");
          throw c;
        }
      });
      sleep(Duration.ZERO);
      inner.setResult("value");
      assertThat(t.cancel()).isTrue(); // the future is done: the request waits for the task's resumption
      assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
      return null;
    });
    assertThat(log).containsExactly("cancelled although the future had a result");
  }

  // CPython test_waitfor.py: test_cancel_wait_for — an outside cancellation is not turned into a timeout
  @Test
  void waitFor_cancelledFromOutside_isCancellationNotTimeout() {
    run(config(), () -> {
      AsyncTask<String> inner = createTask(() -> {
        sleep(Duration.ofSeconds(10));
        return "late";
      });
      AsyncTask<String> outer = createTask(() -> waitFor(inner, Duration.ofSeconds(5)));
      sleep(Duration.ofSeconds(1));
      outer.cancel();
      assertThatThrownBy(outer::await).isInstanceOf(CancelledError.class);
      assertThat(inner.cancelled()).isTrue();
      return null;
    });
  }

  // CPython test_tasks.py: test_current_task — a callback is not a task
  @Test
  void currentTask_inCallbackIsNull_inTaskIsIt() {
    List<Object> seen = new ArrayList<>();
    run(config(), () -> {
      getRunningLoop().callSoon(() -> seen.add(String.valueOf(currentTask())));
      seen.add(currentTask().getName());
      sleep(Duration.ZERO);
      return null;
    });
    assertThat(seen).containsExactly("main", "null");
  }

  // CPython test_tasks.py: test_sleep_cancel — a cancelled sleep leaves no timer behind to fire
  @Test
  void cancelledSleep_timerIsCancelledToo() {
    run(config(), () -> {
      AsyncTask<Void> sleeper = createTask(() -> sleep(Duration.ofHours(1)));
      sleep(Duration.ZERO);
      sleeper.cancel();
      assertThatThrownBy(sleeper::await).isInstanceOf(CancelledError.class);
      return null;
    });
    assertThat(clock.elapsed()).as("the loop did not wait for the cancelled sleep's timer").isZero();
  }
}
