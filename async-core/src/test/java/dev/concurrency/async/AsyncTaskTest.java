package dev.concurrency.async;

import static dev.concurrency.async.AsyncIO.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
final class AsyncTaskTest {

  private final List<ErrorContext> errors = new ArrayList<>();

  private EventLoop.Builder config() {
    return EventLoop.builder().clock(VirtualClock.autoAdvancing()).exceptionHandler((l, c) -> errors.add(c));
  }

  // CPython test_tasks.py: test_cancel — cancelling a sleeping task delivers CancelledError at its await
  @Test
  void cancel_sleepingTask_runsFinallyAndEndsCancelled() {
    List<String> log = new ArrayList<>();
    run(config(), () -> {
      AsyncTask<Void> worker = createTask(() -> {
        try {
          sleep(Duration.ofHours(1));
          log.add("not reached");
        } finally {
          log.add("cleanup");
        }
      });
      sleep(Duration.ZERO);
      assertThat(worker.cancel("enough")).isTrue();
      assertThat(worker.cancelling()).isEqualTo(1);
      assertThatThrownBy(worker::await).isInstanceOf(CancelledError.class).hasMessage("enough");
      assertThat(worker.cancelled()).isTrue();
      assertThat(worker.cancel()).isFalse();
      return null;
    });
    assertThat(log).containsExactly("cleanup");
  }

  // CPython test_tasks.py: test_cancel_yield / CancelledError is not an Exception
  @Test
  void cancel_catchException_doesNotSwallowCancellation() {
    List<String> log = new ArrayList<>();
    run(config(), () -> {
      AsyncTask<Void> worker = createTask(() -> {
        try {
          sleep(Duration.ofSeconds(10));
        } catch (Exception e) {
          log.add("swallowed");
        }
        log.add("kept running");
      });
      sleep(Duration.ZERO);
      worker.cancel();
      assertThatThrownBy(worker::await).isInstanceOf(CancelledError.class);
      return null;
    });
    assertThat(log).isEmpty();
  }

  // CPython test_tasks.py: test_cancel_before_start (task never runs)
  @Test
  void cancel_beforeStart_bodyNeverRuns() {
    List<String> log = new ArrayList<>();
    run(config(), () -> {
      AsyncTask<?> t = createTask(() -> log.add("ran"));
      t.cancel();
      sleep(Duration.ZERO);
      assertThat(t.cancelled()).isTrue();
      return null;
    });
    assertThat(log).isEmpty();
  }

  // CPython test_tasks.py: test_cancel_at_end — cancel requested, body returns without awaiting: cancelled
  @Test
  void cancel_requestedWhileRunning_bodyReturnsWithoutAwait_taskIsCancelled() {
    run(config(), () -> {
      AsyncTask<?>[] self = new AsyncTask<?>[1];
      AsyncTask<String> t = createTask(() -> {
        self[0].cancel();
        return "value";
      });
      self[0] = t;
      assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
      assertThat(t.cancelled()).isTrue();
      return null;
    });
  }

  // CPython test_tasks.py: test_uncancel_basic — catching the cancellation and uncancelling keeps the task alive
  @Test
  void uncancel_afterCatchingCancellation_taskContinues() {
    String result = run(config(), () -> {
      AsyncTask<String> t = createTask(() -> {
        try {
          sleep(Duration.ofSeconds(10));
        } catch (CancelledError c) {
          assertThat(currentTask().uncancel()).isZero();
        }
        sleep(Duration.ofSeconds(1));
        return "survived";
      });
      sleep(Duration.ZERO);
      t.cancel();
      return t.await();
    });
    assertThat(result).isEqualTo("survived");
  }

  // CPython test_tasks.py: test_cancelling / uncancel without pending requests
  @Test
  void cancelling_countsRequests_uncancelDropsUndelivered() {
    run(config(), () -> {
      AsyncTask<?> me = currentTask();
      assertThat(me.cancelling()).isZero();
      assertThat(me.uncancel()).isZero();
      me.cancel();
      me.cancel();
      assertThat(me.cancelling()).isEqualTo(2);
      assertThat(me.uncancel()).isEqualTo(1);
      assertThat(me.uncancel()).isZero();
      sleep(Duration.ZERO); // the dropped request is not delivered
      return null;
    });
  }

  // CPython test_tasks.py: test_task_exception / exception becomes the task's; checked rethrown wrapped
  @Test
  void failingTask_awaitRethrows_checkedWrapped() {
    run(config(), () -> {
      AsyncTask<Void> unchecked = createTask(() -> {
        throw new IllegalStateException("unchecked");
      });
      AsyncTask<Void> checked = createTask(() -> {
        throw new IOException("checked");
      });
      assertThatThrownBy(unchecked::await).isInstanceOf(IllegalStateException.class).hasMessage("unchecked");
      assertThatThrownBy(checked::await).isInstanceOf(CompletionException.class).hasCauseInstanceOf(IOException.class);
      assertThat(checked.exception()).isInstanceOf(IOException.class);
      return null;
    });
    assertThat(errors).isEmpty();
  }

  // CPython test_tasks.py: test_exception_traceback / unretrieved task exception reported when the loop closes
  @Test
  void failingTask_neverRetrieved_isReportedAtClose() {
    run(config(), () -> {
      createTask(() -> {
        throw new IllegalStateException("nobody looks");
      });
      sleep(Duration.ofSeconds(1));
      return null;
    });
    assertThat(errors).singleElement().satisfies(c -> {
      assertThat(c.message()).isEqualTo("Task exception was never retrieved");
      assertThat(c.exception()).hasMessage("nobody looks");
    });
  }

  @Test
  void setResultAndSetException_onTask_areRefused() {
    run(config(), () -> {
      AsyncTask<?> me = currentTask();
      assertThatThrownBy(() -> me.setException(new IllegalStateException()))
          .isInstanceOf(UnsupportedOperationException.class);
      @SuppressWarnings("unchecked")
      AsyncTask<Object> asObject = (AsyncTask<Object>) me;
      assertThatThrownBy(() -> asObject.setResult("x")).isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(me::await).isInstanceOf(IllegalStateException.class).hasMessageContaining("itself");
      return null;
    });
  }

  @Test
  void names_defaultAndGiven_andStackOfSuspendedTask() {
    run(config(), () -> {
      AsyncTask<Void> named = createTask(() -> sleep(Duration.ofSeconds(1)), "worker");
      AsyncTask<Void> plain = createTask(() -> sleep(Duration.ofSeconds(1)));
      assertThat(named.getName()).isEqualTo("worker");
      assertThat(plain.getName()).startsWith("Task-");
      sleep(Duration.ZERO);
      assertThat(named.getStack()).isNotEmpty();
      assertThat(allTasks()).contains(named, plain, currentTask());
      named.setName("renamed");
      assertThat(named.toString()).contains("renamed").contains("pending");
      gather(named, plain).await();
      assertThat(named.getStack()).isEmpty();
      assertThat(currentTask().getName()).isEqualTo("main");
      return null;
    });
  }

  // CPython test_runners.py: test_asyncio_run_cancels_hanging_tasks / reports failing leftovers
  @Test
  void run_leftoverTasks_areCancelledAndFailuresReported() {
    List<String> log = new ArrayList<>();
    run(config(), () -> {
      createTask(() -> {
        try {
          sleep(Duration.ofHours(1));
        } finally {
          log.add("hanging task cancelled");
        }
      });
      createTask(() -> {
        try {
          sleep(Duration.ofHours(1));
        } catch (CancelledError c) {
          throw new IllegalStateException("failed while cancelled");
        }
      });
      sleep(Duration.ZERO);
      return null;
    });
    assertThat(log).containsExactly("hanging task cancelled");
    assertThat(errors).singleElement().satisfies(c -> {
      assertThat(c.message()).isEqualTo("unhandled exception during run() shutdown");
      assertThat(c.exception()).hasMessage("failed while cancelled");
    });
  }

  // CPython test_runners.py: test_asyncio_run_from_running_loop
  @Test
  void run_nested_isRefused() {
    run(config(), () -> {
      assertThatThrownBy(() -> run(() -> 1)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("cannot be called from a running event loop");
      return null;
    });
  }

  // CPython test_runners.py: test_asyncio_run_raises / main's exception escapes run
  @Test
  void run_mainFails_exceptionEscapes() {
    assertThatThrownBy(() -> run(config(), () -> {
      throw new IllegalArgumentException("main failed");
    })).isInstanceOf(IllegalArgumentException.class).hasMessage("main failed");
  }

  @Test
  void loopClosedWithPendingTask_taskReportedAndThreadReleased() throws Exception {
    EventLoop loop = config().build();
    CountDownLatch released = new CountDownLatch(1);
    AsyncTask<Void> t = loop.createTask(() -> {
      try {
        sleep(Duration.ofHours(1));
      } catch (CancelledError e) {
        released.countDown();
      }
      return null;
    });
    loop.callSoon(loop::stop);
    loop.runForever();
    loop.close();
    assertThat(errors).singleElement().extracting(ErrorContext::message).isEqualTo("Task was destroyed but it is pending");
    assertThat(released.await(10, TimeUnit.SECONDS)).as("the pending task's thread was released").isTrue();
    assertThat(t.done()).isFalse();
  }
}
