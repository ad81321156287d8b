package dev.concurrency.async;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The baton across stops and restarts: tasks survive a stopped loop and continue when it runs again. */
@Timeout(30)
final class LoopLifecycleTest {

  private final List<ErrorContext> errors = new ArrayList<>();
  private final EventLoop loop =
      EventLoop.builder().clock(VirtualClock.autoAdvancing()).exceptionHandler((l, c) -> errors.add(c)).build();

  @AfterEach
  void closeLoop() {
    loop.close();
  }

  // CPython test_base_events.py: test_run_forever_stop_restart — a task stopped mid-way resumes on the next run
  @Test
  void taskStopsLoop_nextRunResumesIt() {
    List<String> log = new ArrayList<>();
    AsyncTask<String> t = loop.createTask(() -> {
      log.add("before");
      loop.stop();
      AsyncIO.sleep(Duration.ZERO);
      log.add("after");
      return "done";
    });
    loop.runForever();
    assertThat(log).containsExactly("before");
    assertThat(t.done()).isFalse();
    assertThat(loop.runUntilComplete(t)).isEqualTo("done");
    assertThat(log).containsExactly("before", "after");
  }

  // several runs in a row on one loop, each with tasks sleeping across the stop
  @Test
  void runUntilComplete_repeatedWithPendingTasks_allFinishInTimeOrder() {
    List<String> log = new ArrayList<>();
    AsyncTask<Void> slow = loop.createTask(() -> {
      AsyncIO.sleep(Duration.ofSeconds(3));
      log.add("slow");
      return null;
    });
    for (int i = 1; i <= 2; i++) {
      int k = i;
      loop.runUntilComplete(loop.createTask(() -> {
        AsyncIO.sleep(Duration.ofSeconds(1));
        log.add("quick " + k);
        return null;
      }));
    }
    loop.runUntilComplete(slow);
    assertThat(log).containsExactly("quick 1", "quick 2", "slow");
    assertThat(loop.time()).isEqualTo(Duration.ofSeconds(3).toNanos());
  }

  // CPython test_futures.py: test_callbacks_exception — a failing done-callback goes to the handler
  @Test
  void doneCallbackThrows_handlerGetsIt_otherCallbacksRun() {
    List<String> log = new ArrayList<>();
    AsyncFuture<String> f = loop.createFuture();
    f.addDoneCallback(x -> {
      throw new IllegalStateException("callback failed");
    });
    f.addDoneCallback(x -> log.add("second callback"));
    loop.callSoon(() -> f.setResult("x"));
    loop.callLater(Duration.ofSeconds(1), loop::stop);
    loop.runForever();
    assertThat(log).containsExactly("second callback");
    assertThat(errors).singleElement().extracting(ErrorContext::exception).extracting(Throwable::getMessage)
        .isEqualTo("callback failed");
  }

  // CPython test_tasks.py: test_create_task_from_callback — callbacks may create tasks
  @Test
  void callbackCreatesTask_taskRunsAndCanSleep() {
    List<String> log = new ArrayList<>();
    loop.callSoon(() -> loop.createTask(() -> {
      AsyncIO.sleep(Duration.ofSeconds(1));
      log.add("task from callback");
      loop.stop();
      return null;
    }));
    loop.runForever();
    assertThat(log).containsExactly("task from callback");
  }
}
