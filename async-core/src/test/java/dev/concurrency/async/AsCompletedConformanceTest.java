package dev.concurrency.async;

import static dev.concurrency.async.AsyncIO.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Ports of CPython's {@code test_tasks.py} {@code as_completed} tests, on the virtual clock. */
@Timeout(30)
final class AsCompletedConformanceTest {

  private final VirtualClock clock = VirtualClock.autoAdvancing();

  private EventLoop.Builder config() {
    return EventLoop.builder().clock(clock);
  }

  private static AsyncTask<String> after(double seconds, String value) {
    return createTask(() -> sleep(Duration.ofNanos((long) (seconds * 1e9)), value));
  }

  private double seconds() {
    return clock.read() / 1e9;
  }

  // CPython: test_tasks.py BaseTaskTests.test_as_completed — both forms give the results in completion order
  @Test
  void bothForms_yieldInCompletionOrder() {
    List<String> classic = new ArrayList<>();
    List<String> iterated = new ArrayList<>();
    run(config(), () -> {
      List<AsyncTask<String>> fs = List.of(after(0.15, "c"), after(0.01, "a"), after(0.02, "b"));
      for (Awaitable<String> next : asCompleted(fs).awaitables()) {
        classic.add(next.await());
      }
      List<AsyncTask<String>> gs = List.of(after(0.15, "c"), after(0.01, "a"), after(0.02, "b"));
      for (AsyncFuture<String> done : asCompleted(gs)) {
        assertThat(done.done()).isTrue();
        iterated.add(done.result());
      }
    });
    assertThat(classic).containsExactly("a", "b", "c");
    assertThat(iterated).containsExactly("a", "b", "c");
    assertThat(seconds()).isCloseTo(0.30, org.assertj.core.data.Offset.offset(1e-9));
  }

  // CPython: test_tasks.py BaseTaskTests.test_as_completed_same_tasks_in_as_out — the 3.13 form hands back the
  // very futures that went in
  @Test
  void iteration_returnsTheOriginalFutures() {
    run(config(), () -> {
      List<AsyncTask<String>> in = List.of(after(0, "w"), after(0, "x"), after(0, "y"));
      Set<AsyncFuture<String>> out = new HashSet<>();
      for (AsyncFuture<String> f : asCompleted(in)) {
        out.add(f);
      }
      assertThat(out).containsExactlyInAnyOrderElementsOf(in);
    });
  }

  // CPython: test_tasks.py BaseTaskTests.test_as_completed_with_timeout — the steps left after the timeout throw
  @Test
  void timeout_stepsLeftThrowTimeout() {
    List<Object> classic = new ArrayList<>();
    List<Object> iterated = new ArrayList<>();
    run(config(), () -> {
      AsyncTask<String> a = after(0.1, "a");
      AsyncTask<String> b = after(0.15, "b");
      for (Awaitable<String> f : asCompleted(List.of(a, b), Duration.ofMillis(120)).awaitables()) {
        try {
          classic.add(f.await());
        } catch (AsyncTimeoutException e) {
          classic.add(e);
        }
      }
      assertThat(seconds()).isCloseTo(0.12, org.assertj.core.data.Offset.offset(1e-9));
      b.cancel();
      AsyncTask<String> c = after(0.1, "c");
      AsyncTask<String> d = after(0.15, "d");
      try {
        for (AsyncFuture<String> f : asCompleted(List.of(c, d), Duration.ofMillis(120))) {
          iterated.add(f.result());
        }
      } catch (AsyncTimeoutException e) {
        iterated.add(e);
      }
      d.cancel();
    });
    assertThat(classic).hasSize(2);
    assertThat(classic.get(0)).isEqualTo("a");
    assertThat(classic.get(1)).isInstanceOf(AsyncTimeoutException.class);
    assertThat(iterated).hasSize(2);
    assertThat(iterated.get(0)).isEqualTo("c");
    assertThat(iterated.get(1)).isInstanceOf(AsyncTimeoutException.class);
  }

  // CPython: test_tasks.py BaseTaskTests.test_as_completed_with_unused_timeout — a timeout that never fires is
  // cancelled with the last completion and leaves nothing behind
  @Test
  void unusedTimeout_isCancelled() {
    run(config(), () -> {
      AsyncTask<String> a = after(0.01, "a");
      for (Awaitable<String> f : asCompleted(List.of(a), Duration.ofSeconds(1)).awaitables()) {
        assertThat(f.await()).isEqualTo("a");
      }
      assertThat(getRunningLoop().cancelledTimersHeld()).isLessThanOrEqualTo(1);
    });
    assertThat(seconds()).isCloseTo(0.01, org.assertj.core.data.Offset.offset(1e-9));
  }

  // CPython: test_tasks.py BaseTaskTests.test_as_completed_resume_iterator — breaking out and iterating again
  // resumes the same steps, in both forms
  @Test
  void breakingOut_thenIteratingAgain_resumes() {
    run(config(), () -> {
      for (boolean classic : new boolean[] {true, false}) {
        AsCompleted<String> it = asCompleted(List.of(after(0, "0"), after(0, "1"), after(0, "2"), after(0, "3")));
        List<String> collected = new ArrayList<>();
        int iterations = 0;
        for (String v : values(it, classic)) {
          collected.add(v);
          if (++iterations == 2) {
            break;
          }
        }
        assertThat(collected).hasSize(2);
        assertThat(it.remaining()).isEqualTo(2);
        for (String v : values(it, classic)) {
          collected.add(v);
        }
        assertThat(collected).containsExactlyInAnyOrder("0", "1", "2", "3");
      }
    });
  }

  private static Iterable<String> values(AsCompleted<String> it, boolean classic) {
    if (classic) {
      return () -> new Iterator<>() {
        private final Iterator<Awaitable<String>> steps = it.awaitables().iterator();

        @Override
        public boolean hasNext() {
          return steps.hasNext();
        }

        @Override
        public String next() {
          return steps.next().await();
        }
      };
    }
    return () -> new Iterator<>() {
      private final Iterator<AsyncFuture<String>> steps = it.iterator();

      @Override
      public boolean hasNext() {
        return steps.hasNext();
      }

      @Override
      public String next() {
        return steps.next().result();
      }
    };
  }

  // CPython: test_tasks.py BaseTaskTests.test_as_completed_reverse_wait — the first awaitable awaited gets the
  // first outcome, even if it was handed out second (queue semantics)
  @Test
  void awaitablesAwaitedInReverse_firstAwaitedGetsFirstOutcome() {
    run(config(), () -> {
      AsyncTask<String> a = after(0.05, "a");
      AsyncTask<String> b = after(0.10, "b");
      List<Awaitable<String>> futs = new ArrayList<>();
      asCompleted(List.of(a, b)).awaitables().forEach(futs::add);
      assertThat(futs).hasSize(2);
      assertThat(futs.get(1).await()).isEqualTo("a");
      assertThat(seconds()).isCloseTo(0.05, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(futs.get(0).await()).isEqualTo("b");
      assertThat(seconds()).isCloseTo(0.10, org.assertj.core.data.Offset.offset(1e-9));
    });
  }

  // CPython: test_tasks.py BaseTaskTests.test_as_completed_concurrent — several awaitables awaited at once by
  // different tasks each get one outcome
  @Test
  void awaitablesAwaitedConcurrently_eachGetsOneOutcome() {
    run(config(), () -> {
      List<Awaitable<String>> futs = new ArrayList<>();
      asCompleted(List.of(after(0.05, "a"), after(0.05, "b"))).awaitables().forEach(futs::add);
      List<AsyncFuture<String>> waiters = new ArrayList<>();
      for (Awaitable<String> f : futs) {
        waiters.add(createTask(f::await));
      }
      DoneAndPending<String> r = waitUntil(waiters, ReturnWhen.ALL_COMPLETED, null);
      Set<String> results = new HashSet<>();
      r.done().forEach(f -> results.add(f.result()));
      assertThat(results).containsExactlyInAnyOrder("a", "b");
    });
    assertThat(seconds()).isCloseTo(0.05, org.assertj.core.data.Offset.offset(1e-9));
  }

  // CPython: test_tasks.py BaseTaskTests.test_as_completed_duplicate_coroutines — a future given twice counts once
  @Test
  void duplicates_countOnce() {
    run(config(), () -> {
      AsyncTask<String> c = after(0, "ham");
      List<String> result = new ArrayList<>();
      for (Awaitable<String> f : asCompleted(List.of(c, c, after(0, "spam"))).awaitables()) {
        result.add(f.await());
      }
      assertThat(result).containsExactlyInAnyOrder("ham", "spam");
    });
  }

  // CPython: test_tasks.py BaseTaskTests.test_as_completed_coroutine_without_loop — no running loop: a clear error
  @Test
  void withoutRunningLoop_failsClearly() {
    assertThatThrownBy(() -> asCompleted(List.<AsyncFuture<String>>of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("running event loop");
  }

  // CPython: test_tasks.py BaseTaskTests.test_as_completed_coroutine_use_running_loop — tasks of the running loop
  @Test
  void usesTheRunningLoop() {
    int v = run(config(), () -> {
      List<Awaitable<Integer>> futs = new ArrayList<>();
      asCompleted(List.of(createTask(() -> 42))).awaitables().forEach(futs::add);
      assertThat(futs).hasSize(1);
      return futs.get(0).await();
    });
    assertThat(v).isEqualTo(42);
  }

  // An exhausted iterator says so; a failed future's exception comes out of the classic form's await
  @Test
  void exhausted_throwsNoSuchElement_andFailuresPropagate() {
    run(config(), () -> {
      AsyncTask<String> bad = createTask(() -> {
        throw new IllegalArgumentException("bad");
      });
      Iterator<Awaitable<String>> steps = asCompleted(List.of(bad)).awaitables().iterator();
      Awaitable<String> only = steps.next();
      assertThatThrownBy(only::await).isInstanceOf(IllegalArgumentException.class).hasMessage("bad");
      assertThat(steps.hasNext()).isFalse();
      assertThatThrownBy(steps::next).isInstanceOf(NoSuchElementException.class);
    });
  }
}
