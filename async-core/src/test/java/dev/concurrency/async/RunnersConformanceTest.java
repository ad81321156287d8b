package dev.concurrency.async;

import static dev.concurrency.async.AsyncIO.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Ports of CPython's {@code test_runners.py}: {@code asyncio.run} and {@code asyncio.Runner}. */
@Timeout(30)
final class RunnersConformanceTest {

  private final VirtualClock clock = VirtualClock.autoAdvancing();
  private final List<ErrorContext> reported = new ArrayList<>();

  private EventLoop newLoop() {
    return EventLoop.builder().clock(clock).exceptionHandler((l, c) -> reported.add(c)).build();
  }

  // CPython: test_runners.py RunTests.test_asyncio_run_return
  @Test
  void run_returnsMainsResult() {
    assertThat(run(() -> sleep(Duration.ZERO, 42), this::newLoop)).isEqualTo(42);
  }

  // CPython: test_runners.py RunTests.test_asyncio_run_raises
  @Test
  void run_raisesMainsException() {
    assertThatThrownBy(() -> run(() -> {
      sleep(Duration.ZERO);
      throw new IllegalArgumentException("spam");
    }, this::newLoop)).isInstanceOf(IllegalArgumentException.class).hasMessage("spam");
  }

  // CPython: test_runners.py RunTests.test_asyncio_run_debug — debug is the loop's setting
  @Test
  void run_debugFollowsTheLoopConfiguration() {
    assertThat(run(EventLoop.builder().clock(clock).debug(true), () -> getRunningLoop().isDebug())).isTrue();
    assertThat(run(EventLoop.builder().clock(clock).debug(false), () -> getRunningLoop().isDebug())).isFalse();
  }

  // CPython: test_runners.py RunTests.test_asyncio_run_from_running_loop
  @Test
  void run_fromARunningLoop_isRefused() {
    assertThatThrownBy(() -> run(() -> run(() -> 1, this::newLoop), this::newLoop))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot be called from a running event loop");
  }

  // CPython: test_runners.py RunTests.test_asyncio_run_cancels_hanging_tasks
  @Test
  void run_cancelsLeftoverTasks() {
    AtomicReference<AsyncTask<Void>> leftover = new AtomicReference<>();
    int v = run(() -> {
      leftover.set(createTask(() -> sleep(Duration.ofMillis(100))));
      return 123;
    }, this::newLoop);
    assertThat(v).isEqualTo(123);
    assertThat(leftover.get().done()).isTrue();
    assertThat(leftover.get().cancelled()).isTrue();
  }

  // CPython: test_runners.py RunTests.test_asyncio_run_reports_hanging_tasks_errors
  @Test
  void run_reportsLeftoversThatFailOnTheWayOut() {
    AtomicReference<AsyncTask<Void>> leftover = new AtomicReference<>();
    int v = run(() -> {
      leftover.set(createTask(() -> {
        try {
          sleep(Duration.ofMillis(100));
        } catch (CancelledError c) {
          throw new ArithmeticException("/ by zero");
        }
      }));
      return 123;
    }, this::newLoop);
    assertThat(v).isEqualTo(123);
    assertThat(leftover.get().done()).isTrue();
    assertThat(reported).singleElement().satisfies(c -> {
      assertThat(c.message()).contains("run() shutdown");
      assertThat(c.future()).isSameAs(leftover.get());
      assertThat(c.exception()).isInstanceOf(ArithmeticException.class);
    });
  }

  // CPython: test_runners.py RunTests.test_asyncio_run_loop_factory — the factory is called once, its loop runs main
  @Test
  void run_loopFactory_isCalledOnce() {
    AtomicInteger calls = new AtomicInteger();
    AtomicReference<EventLoop> made = new AtomicReference<>();
    run(() -> {
      assertThat(getRunningLoop()).isSameAs(made.get());
    }, () -> {
      calls.incrementAndGet();
      made.set(newLoop());
      return made.get();
    });
    assertThat(calls).hasValue(1);
    assertThat(made.get().isClosed()).isTrue();
  }

  // CPython: test_runners.py RunTests.test_loop_factory_default_event_loop — the plain factory gives the default loop
  @Test
  void run_withEventLoopCreate_runsOnTheDefaultLoop() {
    assertThat(run(() -> getRunningLoop().toString(), EventLoop::create)).startsWith("EventLoop[running");
  }

  // CPython: test_runners.py RunnerTests.test_non_debug / test_debug
  @Test
  void runner_debugComesFromTheLoopConfiguration() {
    try (Runner runner = new Runner(EventLoop.builder().clock(clock).debug(false))) {
      assertThat(runner.getLoop().isDebug()).isFalse();
    }
    try (Runner runner = new Runner(EventLoop.builder().clock(clock).debug(true))) {
      assertThat(runner.getLoop().isDebug()).isTrue();
    }
  }

  // CPython: test_runners.py RunnerTests.test_custom_factory
  @Test
  void runner_customFactory_givesItsLoop() {
    EventLoop loop = newLoop();
    try (Runner runner = new Runner(() -> loop)) {
      assertThat(runner.getLoop()).isSameAs(loop);
    }
    assertThat(loop.isClosed()).isTrue();
  }

  // CPython: test_runners.py RunnerTests.test_run — run, then the runner is closed with its loop
  @Test
  void runner_run_thenClosed() {
    EventLoop loop;
    try (Runner runner = new Runner(this::newLoop)) {
      assertThat(runner.run(() -> sleep(Duration.ZERO, "done"))).isEqualTo("done");
      loop = runner.getLoop();
      Runner closing = runner;
      closing.close();
      assertThatThrownBy(closing::getLoop).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
    assertThat(loop.isClosed()).isTrue();
  }

  // CPython: test_runners.py RunnerTests.test_run_non_coro / test_run_future — only a coroutine can be run
  @Test
  void runner_run_null_isRefused() {
    try (Runner runner = new Runner(this::newLoop)) {
      assertThatThrownBy(() -> runner.run((Coroutine<Object>) null)).isInstanceOf(NullPointerException.class);
    }
  }

  // CPython: test_runners.py RunnerTests.test_explicit_close / test_double_close
  @Test
  void runner_close_isIdempotent_andClosesTheLoop() {
    Runner runner = new Runner(this::newLoop);
    EventLoop loop = runner.getLoop();
    runner.close();
    assertThat(loop.isClosed()).isTrue();
    assertThatThrownBy(runner::getLoop).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    runner.close();
    assertThat(loop.isClosed()).isTrue();
  }

  // CPython: test_runners.py RunnerTests.test_second_with_block_raises — a closed runner runs nothing
  @Test
  void runner_afterClose_runsNothing() {
    List<Integer> ret = new ArrayList<>();
    Runner runner = new Runner(this::newLoop);
    try (runner) {
      runner.run(() -> ret.add(1));
    }
    assertThatThrownBy(() -> runner.run(() -> ret.add(2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Runner is closed");
    assertThat(ret).containsExactly(1);
  }

  // CPython: test_runners.py RunnerTests.test_run_keeps_context — every run shares the runner's context
  @Test
  void runner_runsShareTheRunnersContext() {
    ContextVar<Integer> cvar = new ContextVar<>("cvar", -1);
    try (Runner runner = new Runner(this::newLoop)) {
      assertThat(runner.run(() -> setAfterYield(cvar, 1))).isEqualTo(-1);
      assertThat(runner.run(() -> setAfterYield(cvar, 2))).isEqualTo(1);
      assertThat(runner.run(AsyncIO::copyContext).get(cvar)).isEqualTo(2);
    }
  }

  private static int setAfterYield(ContextVar<Integer> cvar, int value) {
    int old = cvar.get();
    sleep(Duration.ZERO);
    cvar.set(value);
    return old;
  }

  // CPython: test_runners.py RunnerTests.test_recursive_run
  @Test
  void runner_runInsideItsOwnLoop_isRefused() {
    try (Runner runner = new Runner(this::newLoop)) {
      assertThatThrownBy(() -> runner.run(() -> runner.run(() -> null)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Runner.run() cannot be called from a running event loop");
    }
  }

  // CPython: test_runners.py RunnerTests.test_no_repr_is_call_on_the_task_result — the result is returned as it
  // is, untouched
  @Test
  void runner_returnsTheResultObjectItself() {
    Object result = new Object() {
      @Override
      public String toString() {
        throw new AssertionError("toString() must not be called on the result");
      }
    };
    try (Runner runner = new Runner(this::newLoop)) {
      assertThat(runner.run(() -> result) == result).isTrue();
    }
  }

  // CPython: test_runners.py RunnerTests.test_set_event_loop_called_once — one loop for all runs
  @Test
  void runner_usesOneLoopForEveryRun() {
    AtomicInteger made = new AtomicInteger();
    try (Runner runner = new Runner(() -> {
      made.incrementAndGet();
      return newLoop();
    })) {
      EventLoop first = runner.run(AsyncIO::getRunningLoop);
      EventLoop second = runner.run(AsyncIO::getRunningLoop);
      assertThat(first).isSameAs(second);
    }
    assertThat(made).hasValue(1);
  }

  // A task left pending by one run keeps going in the next run, and close() cancels what is left
  @Test
  void runner_tasksLeftPending_continueInTheNextRun_andAreCancelledAtClose() {
    List<String> log = new ArrayList<>();
    AtomicReference<AsyncTask<Void>> background = new AtomicReference<>();
    try (Runner runner = new Runner(this::newLoop)) {
      runner.run(() -> {
        background.set(createTask(() -> {
          try {
            for (int i = 0; ; i++) {
              sleep(Duration.ofSeconds(1));
              log.add("tick " + i);
            }
          } finally {
            log.add("cleaned up");
          }
        }));
        sleep(Duration.ofMillis(1500));
      });
      assertThat(log).containsExactly("tick 0");
      runner.run(() -> sleep(Duration.ofSeconds(1)));
      assertThat(log).containsExactly("tick 0", "tick 1");
    }
    assertThat(background.get().cancelled()).isTrue();
    assertThat(log).containsExactly("tick 0", "tick 1", "cleaned up");
  }

  // CPython: test_runners.py RunnerTests.test_run_future (3.14) — a future of the runner's loop can be run
  @Test
  void runner_runsAFuture() {
    try (Runner runner = new Runner(this::newLoop)) {
      AsyncFuture<String> fut = runner.getLoop().createFuture();
      fut.setResult("done");
      assertThat(runner.run(fut)).isEqualTo("done");
    }
  }

  // CPython: test_runners.py RunnerTests.test_run_awaitable (3.14) — any awaitable, through its await method
  @Test
  void runner_runsAnAwaitable() {
    Awaitable<String> myAwaitable = () -> sleep(Duration.ZERO, "done");
    try (Runner runner = new Runner(this::newLoop)) {
      assertThat(runner.run(myAwaitable::await)).isEqualTo("done");
    }
  }
}
