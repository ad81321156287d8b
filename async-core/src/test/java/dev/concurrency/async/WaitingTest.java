package dev.concurrency.async;

import static dev.concurrency.async.AsyncIO.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
final class WaitingTest {

  private final VirtualClock clock = VirtualClock.autoAdvancing();
  private final List<ErrorContext> errors = new ArrayList<>();

  private EventLoop.Builder config() {
    return EventLoop.builder().clock(clock).exceptionHandler((l, c) -> errors.add(c));
  }

  private static AsyncTask<String> after(long seconds, String value) {
    return createTask(() -> {
      sleep(Duration.ofSeconds(seconds));
      return value;
    });
  }

  // CPython test_tasks.py: test_wait_first_completed
  @Test
  void waitUntil_firstCompleted_returnsEarliest() {
    run(config(), () -> {
      AsyncTask<String> a = after(1, "a");
      AsyncTask<String> b = after(5, "b");
      DoneAndPending<String> r = waitUntil(List.of(a, b), ReturnWhen.FIRST_COMPLETED, null);
      assertThat(r.done()).containsExactly(a);
      assertThat(r.pending()).containsExactly(b);
      assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(1));
      b.cancel();
      return null;
    });
  }

  // CPython test_tasks.py: test_wait_first_exception / test_wait_first_exception_in_wait
  @Test
  void waitUntil_firstException_returnsOnFailure() {
    run(config(), () -> {
      AsyncTask<String> ok = after(1, "ok");
      AsyncTask<String> bad = createTask(() -> {
        sleep(Duration.ofSeconds(2));
        throw new IllegalStateException("bad");
      });
      AsyncTask<String> slow = after(9, "slow");
      DoneAndPending<String> r = waitUntil(List.of(ok, bad, slow), ReturnWhen.FIRST_EXCEPTION, null);
      assertThat(r.done()).containsExactly(ok, bad);
      assertThat(r.pending()).containsExactly(slow);
      assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(2));
      slow.cancel();
      return null;
    });
    assertThat(errors).isEmpty();
  }

  // CPython test_tasks.py: test_wait / test_wait_with_timeout
  @Test
  void waitUntil_allCompletedAndTimeout() {
    run(config(), () -> {
      AsyncTask<String> a = after(1, "a");
      AsyncTask<String> b = after(3, "b");
      DoneAndPending<String> partial = waitUntil(List.of(a, b), ReturnWhen.ALL_COMPLETED, Duration.ofSeconds(2));
      assertThat(partial.done()).containsExactly(a);
      assertThat(partial.pending()).containsExactly(b);
      assertThat(b.cancelled()).isFalse();
      DoneAndPending<String> all = waitUntil(List.of(a, b), ReturnWhen.ALL_COMPLETED, null);
      assertThat(all.done()).containsExactly(a, b);
      assertThat(all.pending()).isEmpty();
      assertThatThrownBy(() -> waitUntil(List.of(), ReturnWhen.ALL_COMPLETED, null))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
      return null;
    });
  }

  // CPython test_tasks.py: test_shield_result / test_shield_cancel_outer
  @Test
  void shield_outerCancelled_innerKeepsRunning() {
    List<String> log = new ArrayList<>();
    run(config(), () -> {
      AsyncTask<String> inner = createTask(() -> {
        sleep(Duration.ofSeconds(2));
        log.add("inner finished");
        return "inner";
      });
      AsyncTask<String> waiter = createTask(() -> shield(inner).await());
      sleep(Duration.ofSeconds(1));
      waiter.cancel();
      assertThatThrownBy(waiter::await).isInstanceOf(CancelledError.class);
      assertThat(inner.cancelled()).isFalse();
      assertThat(inner.await()).isEqualTo("inner");
      assertThat(shield(inner)).isSameAs(inner);
      assertThat(shield(after(1, "x")).await()).isEqualTo("x");
      return null;
    });
    assertThat(log).containsExactly("inner finished");
  }

  // CPython test_tasks.py: test_shield_exception / test_shield_cancel_inner
  @Test
  void shield_innerFailsOrIsCancelled_outerFollows() {
    run(config(), () -> {
      AsyncTask<String> failing = createTask(() -> {
        sleep(Duration.ofSeconds(1));
        throw new IllegalStateException("inner failed");
      });
      assertThatThrownBy(() -> shield(failing).await()).hasMessage("inner failed");
      AsyncTask<String> cancelled = after(5, "never");
      AsyncFuture<String> outer = shield(cancelled);
      sleep(Duration.ZERO);
      cancelled.cancel();
      assertThatThrownBy(outer::await).isInstanceOf(CancelledError.class);
      return null;
    });
    assertThat(errors).isEmpty();
  }

  @Test
  void wrapFuture_completedByAnotherThread_isAwaitable() throws Exception {
    CompletableFuture<String> cf = new CompletableFuture<>();
    Thread completer = new Thread(() -> cf.complete("from a thread"));
    String v = run(() -> {
      AsyncFuture<String> f = wrapFuture(cf);
      completer.start();
      return f.await();
    });
    completer.join();
    assertThat(v).isEqualTo("from a thread");
  }

  @Test
  void getRunningLoop_outside_failsClearly() {
    assertThatThrownBy(AsyncIO::getRunningLoop).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no running event loop");
    assertThat(currentTask()).isNull();
  }
}
