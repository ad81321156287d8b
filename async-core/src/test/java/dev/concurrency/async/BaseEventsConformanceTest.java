package dev.concurrency.async;

import static dev.concurrency.async.AsyncIO.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Ports of CPython's {@code test_base_events.py} and the loop-level tests of {@code test_events.py}. */
@Timeout(30)
final class BaseEventsConformanceTest {

  private final VirtualClock clock = VirtualClock.autoAdvancing();
  private final List<ErrorContext> reported = new ArrayList<>();

  private EventLoop newLoop() {
    return EventLoop.builder().clock(clock).exceptionHandler((l, c) -> reported.add(c)).build();
  }

  // CPython: test_base_events.py BaseEventLoopTests.test_close — close is idempotent; a closed loop runs nothing
  @Test
  void close_isIdempotent_andAClosedLoopRunsNothing() {
    EventLoop loop = newLoop();
    assertThat(loop.isClosed()).isFalse();
    AsyncFuture<Void> f = loop.createFuture();
    loop.close();
    assertThat(loop.isClosed()).isTrue();
    loop.close();
    loop.close();
    assertThatThrownBy(loop::runForever).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    assertThatThrownBy(() -> loop.runUntilComplete(f)).isInstanceOf(IllegalStateException.class);
  }

  // CPython: test_base_events.py BaseEventLoopTests.test_call_later_negative_delays — a more negative delay runs
  // first, in the next tick
  @Test
  void callLater_negativeDelays_runAsapEarlierFirst() {
    List<String> calls = new ArrayList<>();
    try (EventLoop loop = newLoop()) {
      loop.callLater(Duration.ofSeconds(-1), () -> calls.add("a"));
      loop.callLater(Duration.ofSeconds(-2), () -> calls.add("b"));
      loop.callSoon(loop::stop);
      loop.runForever();
    }
    assertThat(calls).containsExactly("b", "a");
  }

  // CPython: test_base_events.py BaseEventLoopTests.test_run_forever_pre_stopped — stop() before runForever still
  // runs one tick, without waiting
  @Test
  void stoppedBeforeRunForever_runsOneTick() {
    List<String> calls = new ArrayList<>();
    try (EventLoop loop = newLoop()) {
      loop.callSoon(() -> calls.add("first tick"));
      loop.callLater(Duration.ofHours(1), () -> calls.add("never"));
      loop.stop();
      loop.runForever();
      assertThat(calls).containsExactly("first tick");
      assertThat(clock.read()).isZero();
      loop.callSoon(() -> calls.add("second run"));
      loop.callSoon(loop::stop);
      loop.runForever();
    }
    assertThat(calls).containsExactly("first tick", "second run");
  }

  // CPython: test_base_events.py BaseEventLoopTests.test_run_once — callSoon(stop); runForever() runs one tick
  @Test
  void runOnce_idiom() {
    int[] count = {0};
    try (EventLoop loop = newLoop()) {
      loop.callSoon(() -> count[0]++);
      loop.callSoon(loop::stop);
      loop.runForever();
    }
    assertThat(count[0]).isEqualTo(1);
  }

  // CPython: test_base_events.py BaseEventLoopTests.test_set_task_factory / test_set_task_factory_invalid
  @Test
  void setTaskFactory_isUsed_andNullRestoresTheDefault() {
    int[] made = {0};
    TaskFactory counting = new TaskFactory() {
      @Override
      public <T> AsyncTask<T> createTask(EventLoop loop, Coroutine<T> coroutine, TaskOptions options) {
        made[0]++;
        return AsyncTask.create(loop, coroutine, options);
      }
    };
    try (EventLoop loop = newLoop()) {
      assertThat(loop.getTaskFactory()).isNull();
      loop.setTaskFactory(counting);
      assertThat(loop.getTaskFactory()).isSameAs(counting);
      loop.runUntilComplete(loop.createTask(() -> null));
      assertThat(made[0]).isEqualTo(1);
      loop.setTaskFactory(null);
      assertThat(loop.getTaskFactory()).isNull();
      loop.runUntilComplete(loop.createTask(() -> null));
      assertThat(made[0]).isEqualTo(1);
    }
  }

  // CPython: test_base_events.py BaseEventLoopTests.test_create_named_task_with_default_factory /
  // test_create_named_task_with_custom_factory
  @Test
  void namedTask_withDefaultAndCustomFactory() {
    try (EventLoop loop = newLoop()) {
      AsyncTask<Void> t1 = loop.createTask(() -> null, "test_task");
      assertThat(t1.getName()).isEqualTo("test_task");
      loop.runUntilComplete(t1);
      loop.setTaskFactory(TaskFactory.plain());
      AsyncTask<Void> t2 = loop.createTask(() -> null, "test_task");
      assertThat(t2.getName()).isEqualTo("test_task");
      loop.runUntilComplete(t2);
    }
  }

  // A factory must return a task of the loop it was asked for
  @Test
  void taskFactoryReturningAForeignTask_isRefused() {
    try (EventLoop other = newLoop(); EventLoop loop = newLoop()) {
      AsyncTask<Void> foreign = other.createTask(() -> null);
      loop.setTaskFactory(new TaskFactory() {
        @Override
        @SuppressWarnings("unchecked")
        public <T> AsyncTask<T> createTask(EventLoop l, Coroutine<T> coroutine, TaskOptions options) {
          return (AsyncTask<T>) foreign;
        }
      });
      assertThatThrownBy(() -> loop.createTask(() -> null)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("must return a task of this loop");
    }
  }

  // CPython: test_base_events.py BaseEventLoopTests.test_run_until_complete_loop — a future of another loop
  @Test
  void runUntilComplete_foreignFuture_isRefused() {
    try (EventLoop loop = newLoop(); EventLoop other = newLoop()) {
      AsyncFuture<Void> f = loop.createFuture();
      assertThatThrownBy(() -> other.runUntilComplete(f)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  // CPython: test_base_events.py BaseEventLoopTests.test_run_until_complete_baseexception /
  // test_run_until_complete_loop_orphan_future_close_loop — a failed runUntilComplete leaves no stop behind
  @Test
  void failedRunUntilComplete_leavesNoPendingStop() {
    try (EventLoop loop = newLoop()) {
      assertThatThrownBy(() -> loop.runUntilComplete(loop.createTask(() -> {
        throw new IllegalStateException("interrupt");
      }))).hasMessage("interrupt");
      boolean[] called = {false};
      loop.callSoon(() -> loop.callSoon(() -> {
        loop.stop();
        called[0] = true;
      }));
      loop.runForever();
      assertThat(called[0]).isTrue();
      assertThat(loop.runUntilComplete(loop.createTask(() -> sleep(Duration.ofMillis(200), "second run"))))
          .isEqualTo("second run");
    }
  }

  // CPython: test_base_events.py BaseEventLoopTests.test_time_and_call_at
  @Test
  void callAt_runsAtItsDeadline() {
    try (EventLoop loop = newLoop()) {
      long t0 = loop.time();
      loop.callAt(t0 + Duration.ofMillis(100).toNanos(), loop::stop);
      loop.runForever();
      assertThat(loop.time() - t0).isEqualTo(Duration.ofMillis(100).toNanos());
    }
  }

  // CPython: test_base_events.py BaseEventLoopTests.test_call_soon / test_call_later — handles of each kind
  @Test
  void callSoonAndCallLater_returnTheirHandles() {
    try (EventLoop loop = newLoop()) {
      Handle h = loop.callSoon(() -> {});
      assertThat(h).isNotInstanceOf(TimerHandle.class);
      TimerHandle t = loop.callLater(Duration.ofSeconds(10), () -> {});
      assertThat(t.when()).isEqualTo(loop.time() + Duration.ofSeconds(10).toNanos());
      assertThatThrownBy(() -> loop.callLater(null, () -> {})).isInstanceOf(NullPointerException.class);
    }
  }

  // CPython: test_base_events.py BaseEventLoopTests.test_check_thread — scheduling from another thread while the
  // loop runs is refused (difference: always, not only in debug mode)
  @Test
  void schedulingFromAnotherThread_isRefused() throws Exception {
    try (EventLoop loop = newLoop()) {
      AsyncFuture<Throwable> seen = loop.createFuture();
      loop.callSoon(() -> {
        CompletableFuture<Throwable> fromThread = CompletableFuture.supplyAsync(() -> {
          try {
            loop.callSoon(() -> {});
            return null;
          } catch (IllegalStateException e) {
            return e;
          }
        });
        try {
          seen.setResult(fromThread.get(10, TimeUnit.SECONDS));
        } catch (Exception e) {
          seen.setException(e);
        }
      });
      assertThat(loop.runUntilComplete(seen)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("callSoonThreadsafe");
    }
  }

  // CPython: test_base_events.py BaseEventLoopTests.test_set_exc_handler_custom — the handler gets the context,
  // null restores the default
  @Test
  void exceptionHandler_customThenDefault() {
    try (EventLoop loop = newLoop()) {
      List<ErrorContext> mine = new ArrayList<>();
      ExceptionHandler handler = (l, c) -> mine.add(c);
      loop.setExceptionHandler(handler);
      assertThat(loop.getExceptionHandler()).isSameAs(handler);
      Handle h = loop.callSoon(() -> {
        throw new ArithmeticException("zero_error");
      });
      loop.callSoon(loop::stop);
      loop.runForever();
      assertThat(mine).singleElement().satisfies(c -> {
        assertThat(c.message()).startsWith("Exception in callback");
        assertThat(c.exception()).isInstanceOf(ArithmeticException.class);
        assertThat(c.handle()).isSameAs(h);
      });
      loop.setExceptionHandler(null);
      assertThat(loop.getExceptionHandler()).isNotSameAs(handler);
    }
  }

  // CPython: test_base_events.py BaseEventLoopTests.test_set_exc_handler_broken — a handler that throws is logged,
  // and the loop goes on
  @Test
  void brokenExceptionHandler_loopGoesOn() {
    List<String> after = new ArrayList<>();
    try (EventLoop loop = newLoop()) {
      loop.setExceptionHandler((l, c) -> {
        throw new IllegalStateException("spam");
      });
      loop.callSoon(() -> {
        throw new ArithmeticException();
      });
      loop.callSoon(() -> after.add("still running"));
      loop.callSoon(loop::stop);
      loop.runForever();
    }
    assertThat(after).containsExactly("still running");
  }

  // CPython: test_base_events.py RunningLoopTests.test_running_loop_within_a_loop — a loop cannot run inside
  // another on the same thread
  @Test
  void loopWithinALoop_isRefused() {
    try (EventLoop outer = newLoop(); EventLoop inner = newLoop()) {
      AsyncFuture<Throwable> seen = outer.createFuture();
      outer.callSoon(() -> {
        try {
          inner.runUntilComplete(inner.createTask(() -> null));
          seen.setResult(null);
        } catch (IllegalStateException e) {
          seen.setResult(e);
        }
      });
      assertThat(outer.runUntilComplete(seen)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("another loop is running on this thread");
    }
  }

  // CPython: test_events.py EventLoopTestsMixin.test_run_until_complete_nesting — runUntilComplete from a task of
  // the running loop is refused
  @Test
  void runUntilComplete_nested_isRefused() {
    try (EventLoop loop = newLoop()) {
      AsyncTask<Object> outer = loop.createTask(() -> loop.runUntilComplete(loop.createTask(() -> null)));
      assertThatThrownBy(() -> loop.runUntilComplete(outer)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already running");
    }
  }

  // CPython: test_events.py EventLoopTestsMixin.test_close_running_event_loop / test_close
  @Test
  void closeWhileRunning_isRefused() {
    try (EventLoop loop = newLoop()) {
      AsyncTask<Void> t = loop.createTask(() -> {
        assertThatThrownBy(loop::close).isInstanceOf(IllegalStateException.class).hasMessageContaining("running");
        return null;
      });
      loop.runUntilComplete(t);
    }
  }

  // CPython: test_events.py EventLoopTestsMixin.test_call_soon — arguments are the callback's (a lambda here)
  @Test
  void callSoon_runsWithItsArguments() {
    List<Object> results = new ArrayList<>();
    try (EventLoop loop = newLoop()) {
      loop.callSoon(() -> results.addAll(List.of("hello", "world")));
      loop.callSoon(loop::stop);
      loop.runForever();
    }
    assertThat(results).containsExactly("hello", "world");
  }

  // CPython: test_events.py EventLoopTestsMixin.test_timeout_rounding — a timer runs at (not before) its deadline
  @Test
  void timerRunsAtItsDeadline_notBefore() {
    try (EventLoop loop = newLoop()) {
      long[] ranAt = {0};
      long when = loop.time() + 1;
      loop.callAt(when, () -> {
        ranAt[0] = loop.time();
        loop.stop();
      });
      loop.runForever();
      assertThat(ranAt[0]).isGreaterThanOrEqualTo(when);
    }
  }
}
