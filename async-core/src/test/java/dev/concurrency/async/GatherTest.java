package dev.concurrency.async;

import static dev.concurrency.async.AsyncIO.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
final class GatherTest {

  private final List<ErrorContext> errors = new ArrayList<>();

  private EventLoop.Builder config() {
    return EventLoop.builder().clock(VirtualClock.autoAdvancing()).exceptionHandler((l, c) -> errors.add(c));
  }

  private static Coroutine<String> after(long seconds, String value) {
    return () -> {
      sleep(Duration.ofSeconds(seconds));
      return value;
    };
  }

  // CPython test_tasks.py: GatherTests test_result_order — results in argument order, not completion order
  @Test
  void gather_resultsInArgumentOrder() {
    List<Object> results = run(config(), () -> gather(after(3, "slow"), after(1, "fast"), after(2, "mid")).await());
    assertThat(results).containsExactly("slow", "fast", "mid");
  }

  // CPython test_tasks.py: test_one_exception — first failure propagates, the others keep running
  @Test
  void gather_firstFailurePropagates_othersNotCancelled() {
    List<String> log = new ArrayList<>();
    run(config(), () -> {
      AsyncTask<String> slow = createTask(() -> {
        sleep(Duration.ofSeconds(5));
        log.add("slow finished");
        return "slow";
      });
      AsyncTask<String> failing = createTask(() -> {
        sleep(Duration.ofSeconds(1));
        throw new IllegalStateException("first failure");
      });
      assertThatThrownBy(() -> gather(slow, failing).await()).hasMessage("first failure");
      assertThat(slow.done()).isFalse();
      assertThat(slow.await()).isEqualTo("slow");
      return null;
    });
    assertThat(log).containsExactly("slow finished");
    assertThat(errors).isEmpty();
  }

  // CPython test_tasks.py: test_return_exceptions
  @Test
  void gather_returnExceptions_failuresAndCancellationsAreElements() {
    List<Object> results = run(config(), () -> {
      AsyncTask<String> ok = createTask(after(1, "ok"));
      AsyncTask<String> bad = createTask(() -> {
        throw new IllegalArgumentException("bad");
      });
      AsyncTask<String> gone = createTask(after(9, "never"));
      gone.cancel("dropped");
      return gather(List.of(ok, bad, gone), true).await();
    });
    assertThat(results.get(0)).isEqualTo("ok");
    assertThat(results.get(1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(results.get(2)).isInstanceOf(CancelledError.class).hasFieldOrPropertyWithValue("message", "dropped");
    assertThat(errors).isEmpty();
  }

  // CPython test_tasks.py: test_cancel_gather_1 — cancelling the gather cancels the children
  @Test
  void gather_cancelled_cancelsChildren() {
    run(config(), () -> {
      AsyncTask<String> a = createTask(after(5, "a"));
      AsyncTask<String> b = createTask(after(5, "b"));
      AsyncFuture<List<Object>> g = gather(a, b);
      sleep(Duration.ZERO);
      assertThat(g.cancel()).isTrue();
      assertThatThrownBy(g::await).isInstanceOf(CancelledError.class);
      assertThat(a.cancelled()).isTrue();
      assertThat(b.cancelled()).isTrue();
      assertThat(g.cancel()).isFalse();
      return null;
    });
  }

  // CPython test_tasks.py: test_one_cancellation — a cancelled child fails the gather with CancelledError
  @Test
  void gather_childCancelled_outerFailsWithCancelledError() {
    run(config(), () -> {
      AsyncTask<String> a = createTask(after(5, "a"));
      AsyncTask<String> b = createTask(after(1, "b"));
      AsyncFuture<List<Object>> g = gather(a, b);
      sleep(Duration.ZERO);
      a.cancel("child");
      assertThatThrownBy(g::await).isInstanceOf(CancelledError.class).hasMessage("child");
      assertThat(b.await()).isEqualTo("b");
      return null;
    });
  }

  // CPython test_tasks.py: test_constructor_empty_sequence
  @Test
  void gather_empty_isDoneWithEmptyList() {
    List<Object> results = run(config(), () -> {
      AsyncFuture<List<Object>> g = gather(List.of(), false);
      assertThat(g.done()).isTrue();
      return g.await();
    });
    assertThat(results).isEmpty();
  }

  @Test
  void gather_outsideLoop_failsClearly() {
    assertThatThrownBy(() -> gather(List.of(), false)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("running event loop");
  }

  @Test
  void gather_fromCallback_worksWithoutTask() {
    List<Object> seen = new ArrayList<>();
    try (EventLoop loop = config().build()) {
      AsyncFuture<String> a = loop.createFuture();
      AsyncFuture<List<Object>> g = GatheringFuture.of(loop, List.of(a), false);
      g.addDoneCallback(f -> seen.addAll(f.result()));
      loop.callSoon(() -> a.setResult("from callback"));
      loop.runUntilComplete(g);
      loop.callSoon(loop::stop);
      loop.runForever();
      assertThat(g.toString()).contains("GatheringFuture");
    }
    assertThat(seen).containsExactly("from callback");
  }
}
