package dev.concurrency.async;

import static dev.concurrency.async.AsyncIO.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Ports of CPython's {@code test_futures.py}: wrap_future, done-callbacks and the unretrieved-exception report. */
@Timeout(30)
final class FuturesConformanceTest {

  private final List<ErrorContext> reported = new ArrayList<>();

  private EventLoop.Builder config() {
    return EventLoop.builder().exceptionHandler((l, c) -> reported.add(c));
  }

  // CPython: test_futures.py BaseFutureTests.test_wrap_future — a future completed by a pool thread
  @Test
  void wrapFuture_resultFromAnotherThread() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      String v = run(config(), () -> {
        CompletableFuture<String> f1 = CompletableFuture.supplyAsync(() -> "oi", pool);
        AsyncFuture<String> f2 = wrapFuture(f1);
        return f2.await();
      });
      assertThat(v).isEqualTo("oi");
    } finally {
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  // CPython: test_futures.py BaseFutureTests.test_wrap_future_without_loop — no running loop: a clear error
  @Test
  void wrapFuture_withoutALoop_failsClearly() {
    assertThatThrownBy(() -> wrapFuture(new CompletableFuture<>()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("running event loop");
  }

  // CPython: test_futures.py BaseFutureTests.test_wrap_future_use_running_loop — the wrapper is of the running loop
  @Test
  void wrapFuture_belongsToTheRunningLoop() {
    run(config(), () -> {
      AsyncFuture<String> f2 = wrapFuture(new CompletableFuture<>());
      assertThat(f2.getLoop()).isSameAs(getRunningLoop());
      f2.cancel();
    });
  }

  // CPython: test_futures.py BaseFutureTests.test_wrap_future_cancel — cancelling the source cancels the wrapper
  @Test
  void wrapFuture_sourceCancelled_wrapperCancelled() {
    run(config(), () -> {
      CompletableFuture<String> f1 = new CompletableFuture<>();
      AsyncFuture<String> f2 = wrapFuture(f1);
      f1.cancel(/* mayInterruptIfRunning= */ false);
      assertThatThrownBy(f2::await).isInstanceOf(CancelledError.class);
      assertThat(f1.isCancelled()).isTrue();
      assertThat(f2.cancelled()).isTrue();
    });
  }

  // CPython: test_futures.py BaseFutureTests.test_wrap_future_cancel2 — cancelling the wrapper cancels the source
  // (and a source completed meanwhile does not complete the cancelled wrapper)
  @Test
  void wrapFuture_wrapperCancelled_sourceCancelled() throws Exception {
    CompletableFuture<Integer> f1 = new CompletableFuture<>();
    run(config(), () -> {
      AsyncFuture<Integer> f2 = wrapFuture(f1);
      f2.cancel();
      sleep(Duration.ZERO);
      assertThat(f1.isCancelled()).isTrue();
      assertThat(f2.cancelled()).isTrue();
    });
    CompletableFuture<Integer> f3 = new CompletableFuture<>();
    run(config(), () -> {
      AsyncFuture<Integer> f4 = wrapFuture(f3);
      f3.complete(42);
      f4.cancel();
      sleep(Duration.ZERO);
      assertThat(f4.cancelled()).isTrue();
    });
    assertThat(f3.get()).isEqualTo(42);
  }

  // CPython: test_futures.py BaseFutureDoneCallbackTests.test_callbacks_invoked_on_set_exception
  @Test
  void doneCallbacks_invokedOnSetException() {
    List<Object> seen = new ArrayList<>();
    run(config(), () -> {
      AsyncFuture<String> f = getRunningLoop().createFuture();
      f.addDoneCallback(x -> seen.add(x.exception()));
      IllegalStateException error = new IllegalStateException("boom");
      f.setException(error);
      assertThat(seen).isEmpty();
      sleep(Duration.ZERO);
      assertThat(seen).containsExactly(error);
    });
  }

  // CPython: test_futures.py BaseFutureDoneCallbackTests.test_callbacks_remove_first_callback /
  // test_callbacks_remove_first_and_second_callback / test_callbacks_remove_third_callback
  @Test
  void removedCallbacks_doNotRun_theOthersRunInOrder() {
    for (int[] removed : new int[][] {{0}, {0, 1}, {2}}) {
      List<Integer> bag = new ArrayList<>();
      run(config(), () -> {
        AsyncFuture<String> f = getRunningLoop().createFuture();
        List<java.util.function.Consumer<AsyncFuture<String>>> cbs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          int n = i + 42;
          cbs.add(x -> bag.add(n));
          f.addDoneCallback(cbs.get(i));
        }
        for (int r : removed) {
          assertThat(f.removeDoneCallback(cbs.get(r))).isEqualTo(1);
        }
        f.setResult("foo");
        sleep(Duration.ZERO);
      });
      List<Integer> expected = new ArrayList<>(List.of(42, 43, 44));
      for (int r : removed) {
        expected.remove(Integer.valueOf(42 + r));
      }
      assertThat(bag).isEqualTo(expected);
    }
  }

  // CPython: test_futures.py BaseFutureTests.test_tb_logger_result_unretrieved / test_tb_logger_result_retrieved
  // / test_tb_logger_abandoned — only an exception nobody retrieved is reported, never a result
  @Test
  void onlyUnretrievedExceptionsAreReported() {
    try (EventLoop loop = config().build()) {
      AsyncFuture<String> withResult = loop.createFuture();
      withResult.setResult("never asked");
      AsyncFuture<String> pending = loop.createFuture();
      assertThat(pending.done()).isFalse();
    }
    assertThat(reported).noneMatch(c -> c.message().contains("never retrieved"));
  }

  // CPython: test_futures.py BaseFutureTests.test_tb_logger_not_called_after_cancel — a cancelled future is not
  // an unretrieved exception
  @Test
  void cancelledFuture_isNotReported() {
    try (EventLoop loop = config().build()) {
      AsyncFuture<String> f = loop.createFuture();
      f.setException(new IllegalStateException("boom"));
      AsyncFuture<String> g = loop.createFuture();
      g.cancel();
      f.exception();
    }
    assertThat(reported).isEmpty();
  }

  // CPython: test_futures.py BaseFutureTests.test_tb_logger_exception_result_retrieved — result() retrieves too
  @Test
  void resultRetrievesTheException() {
    try (EventLoop loop = config().build()) {
      AsyncFuture<String> f = loop.createFuture();
      f.setException(new IllegalStateException("boom"));
      assertThatThrownBy(f::result).isInstanceOf(IllegalStateException.class);
    }
    assertThat(reported).isEmpty();
  }

  // CPython: test_futures.py BaseFutureTests.test_future_repr — toString names the state and the outcome
  @Test
  void toString_namesStateAndOutcome() {
    try (EventLoop loop = config().build()) {
      AsyncFuture<Integer> pending = loop.createFuture();
      assertThat(pending).hasToString("AsyncFuture[pending]");
      AsyncFuture<Integer> cancelled = loop.createFuture();
      cancelled.cancel();
      assertThat(cancelled).hasToString("AsyncFuture[cancelled]");
      AsyncFuture<Integer> result = loop.createFuture();
      result.setResult(4);
      assertThat(result).hasToString("AsyncFuture[finished result=4]");
      assertThat(result.result()).isEqualTo(4);
      IllegalStateException error = new IllegalStateException();
      AsyncFuture<Integer> failed = loop.createFuture();
      failed.setException(error);
      assertThat(failed).hasToString("AsyncFuture[finished exception=java.lang.IllegalStateException]");
      assertThat(failed.exception()).isSameAs(error);
    }
  }

  // CPython: test_futures2.py FutureTests.test_handle_exc_handler_correct_context — the exception handler runs
  // in the failing callback's context
  @Test
  void exceptionHandler_runsInTheFailingCallbacksContext() {
    ContextVar<String> name = new ContextVar<>("name", "foo");
    List<String> seen = new ArrayList<>();
    run(EventLoop.builder(), () -> {
      EventLoop loop = getRunningLoop();
      loop.setExceptionHandler((l, c) -> seen.add(name.get()));
      loop.callSoon(() -> {
        name.set("bar");
        throw new ArithmeticException("/ by zero");
      });
      sleep(Duration.ZERO);
    });
    assertThat(seen).containsExactly("bar");
  }
}
