package dev.concurrency.async;

import static dev.concurrency.async.AsyncIO.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Ports of CPython's {@code test_tasks.py} wait, gather and uncancel tests, on the virtual clock. */
@Timeout(30)
final class TaskWaitGatherConformanceTest {

  private final VirtualClock clock = VirtualClock.autoAdvancing();
  private final List<ErrorContext> reported = new ArrayList<>();

  private EventLoop.Builder config() {
    return EventLoop.builder().clock(clock).exceptionHandler((l, c) -> reported.add(c));
  }

  private double seconds() {
    return clock.read() / 1e9;
  }

  private static void runBriefly(EventLoop loop) {
    loop.runUntilComplete(loop.createTask(() -> null));
  }

  private static AsyncTask<Void> sleeper(EventLoop loop, double s) {
    return loop.createTask(() -> sleep(Duration.ofNanos((long) (s * 1e9))));
  }

  // CPython: test_tasks.py BaseTaskTests.test_wait_duplicate_coroutines — a future given twice counts once
  @Test
  void wait_duplicates_countOnce() {
    run(config(), () -> {
      AsyncTask<String> c = createTask(() -> "test");
      AsyncTask<String> spam = createTask(() -> "spam");
      DoneAndPending<String> r = waitUntil(List.of(c, c, spam), ReturnWhen.ALL_COMPLETED, null);
      assertThat(r.pending()).isEmpty();
      Set<String> results = new HashSet<>();
      r.done().forEach(f -> results.add(f.result()));
      assertThat(results).containsExactlyInAnyOrder("test", "spam");
    });
  }

  // CPython: test_tasks.py BaseTaskTests.test_wait_errors — an empty collection is refused (an invalid
  // return_when cannot be written: ReturnWhen is an enum)
  @Test
  void wait_emptyCollection_isRefused() {
    run(config(), () -> assertThatThrownBy(() -> waitUntil(List.<AsyncFuture<String>>of(), ReturnWhen.ALL_COMPLETED,
        null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty"));
  }

  // CPython: test_tasks.py BaseTaskTests.test_wait_really_done — futures that became done before their callbacks
  // ran count as done
  @Test
  void wait_firstCompleted_countsEveryFutureAlreadyDone() {
    try (EventLoop loop = config().build()) {
      AsyncTask<Void> a = loop.createTask(() -> sleep(Duration.ZERO));
      AsyncTask<Void> b = loop.createTask(() -> {
        sleep(Duration.ZERO);
        sleep(Duration.ZERO);
      });
      DoneAndPending<Void> r = loop.runUntilComplete(
          loop.createTask(() -> waitUntil(List.of(b, a), ReturnWhen.FIRST_COMPLETED, null)));
      assertThat(r.done()).containsExactlyInAnyOrder(a, b);
      assertThat(a.result()).isNull();
      assertThat(b.result()).isNull();
    }
  }

  // CPython: test_tasks.py BaseTaskTests.test_wait_with_exception — a failure among the done ones is returned, not
  // raised
  @Test
  void wait_withException_returnsItAmongTheDone() {
    try (EventLoop loop = config().build()) {
      AsyncTask<Void> a = sleeper(loop, 0.1);
      AsyncTask<Void> b = loop.createTask(() -> {
        sleep(Duration.ofMillis(150));
        throw new ArithmeticException("really");
      });
      for (int round = 0; round < 2; round++) {
        loop.runUntilComplete(loop.createTask(() -> {
          DoneAndPending<Void> r = waitUntil(List.of(b, a), ReturnWhen.ALL_COMPLETED, null);
          assertThat(r.done()).hasSize(2);
          assertThat(r.pending()).isEmpty();
          assertThat(r.done()).filteredOn(f -> f.exception() != null).hasSize(1);
          return null;
        }));
        assertThat(seconds()).isCloseTo(0.15, Offset.offset(1e-9));
      }
    }
  }

  // CPython: test_tasks.py BaseTaskTests.test_wait_concurrent_complete — a future finishing exactly at the timeout
  // is done
  @Test
  void wait_futureFinishingAtTheTimeout_isDone() {
    try (EventLoop loop = config().build()) {
      AsyncTask<Void> a = sleeper(loop, 0.1);
      AsyncTask<Void> b = sleeper(loop, 0.15);
      DoneAndPending<Void> r = loop.runUntilComplete(
          loop.createTask(() -> waitUntil(List.of(b, a), ReturnWhen.ALL_COMPLETED, Duration.ofMillis(100))));
      assertThat(r.done()).containsExactly(a);
      assertThat(r.pending()).containsExactly(b);
      assertThat(seconds()).isCloseTo(0.1, Offset.offset(1e-9));
      b.cancel();
      assertThatThrownBy(() -> loop.runUntilComplete(b)).isInstanceOf(CancelledError.class);
    }
  }

  // CPython: test_tasks.py FutureGatherTests.test_constructor_empty_sequence_without_loop /
  // CoroutineGatherTests.test_constructor_without_loop — gather needs a running loop
  @Test
  void gather_withoutALoop_failsClearly() {
    assertThatThrownBy(() -> gather(List.<AsyncFuture<?>>of(), false))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("running event loop");
    assertThatThrownBy(() -> gather(() -> 1, () -> 2))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("running event loop");
  }

  // CPython: test_tasks.py FutureGatherTests.test_constructor_heterogenous_futures — futures of two loops
  @Test
  void gather_futuresOfTwoLoops_isRefused() {
    try (EventLoop one = config().build(); EventLoop other = config().build()) {
      AsyncFuture<Void> fut1 = one.createFuture();
      AsyncFuture<Void> fut2 = other.createFuture();
      assertThatThrownBy(() -> gather(fut1, fut2)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("different event loops");
    }
  }

  // CPython: test_tasks.py FutureGatherTests.test_result_exception_one_cancellation — with returnExceptions,
  // cancellations and failures are elements, and the gather waits for all
  @Test
  void gather_returnExceptions_withCancellations() {
    try (EventLoop loop = config().build()) {
      List<AsyncFuture<Integer>> fs = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        fs.add(loop.createFuture());
      }
      AsyncFuture<List<Object>> fut = AsyncIO.gather(new ArrayList<AsyncFuture<?>>(fs), true);
      fs.get(0).setResult(1);
      ArithmeticException zde = new ArithmeticException();
      fs.get(1).setException(zde);
      fs.get(2).cancel();
      runBriefly(loop);
      assertThat(fut.done()).isFalse();
      fs.get(3).setResult(3);
      fs.get(4).cancel();
      IllegalStateException rte = new IllegalStateException();
      fs.get(5).setException(rte);
      List<Object> res = loop.runUntilComplete(fut);
      assertThat(res.get(2)).isInstanceOf(CancelledError.class);
      assertThat(res.get(4)).isInstanceOf(CancelledError.class);
      assertThat(res.get(0)).isEqualTo(1);
      assertThat(res.get(1)).isSameAs(zde);
      assertThat(res.get(3)).isEqualTo(3);
      assertThat(res.get(5)).isSameAs(rte);
    }
  }

  // CPython: test_tasks.py CoroutineGatherTests.test_cancellation_broadcast — cancelling the task that awaits a
  // gather cancels every child and what they wait on
  @Test
  void gather_cancellationBroadcast() {
    int[] proof = {0};
    try (EventLoop loop = config().build()) {
      AsyncFuture<Void> waiter = loop.createFuture();
      AsyncTask<Void> child1 = loop.createTask(() -> {
        waiter.await();
        proof[0] += 1;
      });
      AsyncTask<Void> child2 = loop.createTask(() -> {
        waiter.await();
        proof[0] += 1;
      });
      List<AsyncFuture<List<Object>>> gatherer = new ArrayList<>();
      AsyncTask<Void> f = loop.createTask(() -> {
        gatherer.add(gather(child1, child2));
        gatherer.get(0).await();
        proof[0] += 100;
      });
      runBriefly(loop);
      assertThat(f.cancel()).isTrue();
      assertThatThrownBy(() -> loop.runUntilComplete(f)).isInstanceOf(CancelledError.class);
      assertThat(gatherer.get(0).cancel()).isFalse();
      assertThat(waiter.cancelled()).isTrue();
      assertThat(child1.cancelled()).isTrue();
      assertThat(child2.cancelled()).isTrue();
      runBriefly(loop);
    }
    assertThat(proof[0]).isZero();
  }

  // CPython: test_tasks.py CoroutineGatherTests.test_exception_marking — a second failure after the gather
  // failed is marked retrieved: no "never retrieved" report, and the first failure comes out
  @Test
  void gather_laterFailureIsMarkedRetrieved() {
    EventLoop loop = config().build();
    AsyncFuture<Void> a = loop.createFuture();
    AsyncFuture<Void> b = loop.createFuture();
    AsyncTask<List<Object>> f = loop.createTask(() -> gather(
        () -> {
          a.await();
          throw new IllegalStateException("should not be ignored");
        },
        () -> {
          b.await();
          throw new IllegalStateException("should not be ignored either");
        }).await());
    runBriefly(loop);
    a.setResult(null);
    runBriefly(loop);
    b.setResult(null);
    runBriefly(loop);
    assertThat(f.exception()).isInstanceOf(IllegalStateException.class).hasMessage("should not be ignored");
    loop.close();
    assertThat(reported).noneMatch(c -> c.message().contains("never retrieved"));
  }

  // CPython: test_tasks.py BaseTaskTests.test_uncancel_structured_blocks — a hand-made timeout with callLater,
  // cancel and uncancel: the structured block is cancelled, the code after it goes on, nothing stays pending
  @Test
  void uncancel_structuredBlocks() {
    try (EventLoop loop = config().build()) {
      boolean[] t1 = loop.runUntilComplete(loop.createTask(() -> requestWithTimeout(loop, 10.0, 0.1)));
      assertThat(t1).containsExactly(true, false, true);
      boolean[] t2 = loop.runUntilComplete(loop.createTask(() -> requestWithTimeout(loop, 0, 10.0)));
      assertThat(t2).containsExactly(false, true, true);
    }
  }

  /** Returns {timed out, structured block finished, outer code reached}, and checks cancelling() is back to 0. */
  private static boolean[] requestWithTimeout(EventLoop loop, double sleepSeconds, double timeoutSeconds) {
    AsyncTask<?> task = currentTask();
    boolean[] timedOut = {false};
    boolean structuredBlockFinished = false;
    TimerHandle timeoutHandle = loop.callLater(Duration.ofNanos((long) (timeoutSeconds * 1e9)), () -> {
      timedOut[0] = true;
      task.cancel();
    });
    try {
      try {
        sleep(Duration.ofNanos((long) (sleepSeconds * 1e9)));
        structuredBlockFinished = true;
      } catch (CancelledError c) {
        if (timedOut[0] && task.uncancel() == 0) {
          throw new AsyncTimeoutException("the structured block timed out", c);
        }
        throw c;
      } finally {
        timeoutHandle.cancel();
      }
    } catch (AsyncTimeoutException e) {
      assertThat(timedOut[0]).isTrue();
    }
    sleep(Duration.ZERO); // outer code, not affected by the timeout
    assertThat(task.cancelling()).isZero();
    return new boolean[] {timedOut[0], structuredBlockFinished, true};
  }

  // CPython: test_tasks.py CoroutineGatherTests.test_duplicate_coroutines — one task given several times: its
  // result fills each of its places
  @Test
  void gather_sameTaskSeveralTimes_fillsEachPlace() {
    run(config(), () -> {
      AsyncTask<String> c = createTask(() -> "abc");
      AsyncTask<String> d = createTask(() -> "def");
      assertThat(gather(c, c, d, c).await()).containsExactly("abc", "abc", "def", "abc");
    });
  }
}
