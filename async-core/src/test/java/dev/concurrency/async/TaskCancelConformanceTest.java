package dev.concurrency.async;

import static dev.concurrency.async.AsyncIO.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Ports of CPython's {@code test_tasks.py} cancellation tests, on the virtual clock. */
@Timeout(30)
final class TaskCancelConformanceTest {

  private final VirtualClock clock = VirtualClock.autoAdvancing();

  private EventLoop.Builder config() {
    return EventLoop.builder().clock(clock);
  }

  private double seconds() {
    return clock.read() / 1e9;
  }

  // CPython: test_tasks.py BaseTaskTests.test_cancel_current_task — a task that cancels itself is cancelled at
  // its very next await: the sleep it starts is cancelled at once, no virtual time passes
  @Test
  void cancelCurrentTask_nextSleepEndsAtOnce() {
    List<String> log = new ArrayList<>();
    run(config(), () -> {
      AsyncTask<Void> t = createTask(() -> {
        currentTask().cancel();
        log.add("cancel requested, still running");
        sleep(Duration.ofSeconds(100));
        log.add("never");
      });
      assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
      assertThat(t.cancelled()).isTrue();
      return null;
    });
    assertThat(log).containsExactly("cancel requested, still running");
    assertThat(seconds()).isZero();
  }

  // CPython: test_tasks.py BaseTaskTests.test_cancel_awaited_task — a task cancelled while running, which then
  // awaits another task, cancels that task too (the awaited future is cancelled at once)
  @Test
  void cancelledWhileRunning_thenAwaitsTask_cancelsThatTask() {
    run(config(), () -> {
      AsyncTask<String> inner = createTask(() -> {
        sleep(Duration.ofSeconds(100));
        return "inner";
      });
      AsyncTask<String> outer = createTask(() -> {
        currentTask().cancel("outer");
        return inner.await();
      });
      assertThatThrownBy(outer::await).isInstanceOf(CancelledError.class);
      assertThat(inner.cancelled()).isTrue();
      assertThat(outer.cancelled()).isTrue();
      return null;
    });
    assertThat(seconds()).isZero();
  }
}
