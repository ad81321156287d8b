package dev.concurrency.threads;

import static dev.concurrency.threads.TestSupport.LONG_DELAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * wait and as_completed on a thread pool's futures: CPython's test_wait.py (WaitTests, ThreadPoolWaitTests) and
 * test_as_completed.py (AsCompletedTests), ported. Python's "sleep 1.5 s" tasks are tasks blocked on a latch.
 * Difference: a cancelled future counts as done at once (Python's CANCELLED_FUTURE, cancelled but not yet seen by
 * its executor, does not).
 */
@Timeout(30)
final class ConcurrentFuturesConformanceTest {

  private final ThreadPool pool = ThreadPool.builder().workers(5).name("wait-test").build();
  private final CountDownLatch release = new CountDownLatch(1);
  private final FutureStates states = new FutureStates();

  @AfterEach
  void shutDown() throws Exception {
    release.countDown();
    states.close();
    pool.shutdown(/* wait= */ true, /* cancelFutures= */ true);
  }

  private static int divide(int a, int b) {
    return a / b;
  }

  /** A task that runs until the test ends: Python's time.sleep(1.5) in these tests. */
  private TaskFuture<Boolean> blocked() {
    return pool.submit(() -> release.await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS));
  }

  // CPython: test_wait.py WaitTests.test_20369 -- a future given twice is one future
  @Test
  void waitFor_duplicateFuture_countedOnce() throws Exception {
    TaskFuture<Integer> future = pool.submit(() -> 1);
    DoneAndNotDone<TaskFuture<Integer>> r = ConcurrentFutures.waitFor(List.of(future, future), ReturnWhen.ALL_COMPLETED, null);
    assertThat(r.done()).containsExactly(future);
    assertThat(r.notDone()).isEmpty();
  }

  // CPython: test_wait.py WaitTests.test_first_completed
  @Test
  void waitFor_firstCompleted_returnsWithTheFirstDone() throws Exception {
    TaskFuture<Integer> future1 = pool.submit(() -> 21 * 2);
    TaskFuture<Boolean> future2 = blocked();
    future1.get();
    DoneAndNotDone<CompletableFuture<?>> r =
        ConcurrentFutures.waitFor(List.of(future1, future2), ReturnWhen.FIRST_COMPLETED, null);
    assertThat(r.done()).containsExactly(future1);
    assertThat(r.notDone()).containsExactly(future2);
  }

  // CPython: test_wait.py WaitTests.test_first_completed_some_already_completed
  @Test
  void waitFor_firstCompletedSomeAlreadyDone_returnsAtOnceWithThem() throws Exception {
    TaskFuture<Integer> cancelled = states.cancelled();
    TaskFuture<Integer> successful = states.successful();
    TaskFuture<Boolean> future1 = blocked();
    DoneAndNotDone<CompletableFuture<?>> r =
        ConcurrentFutures.waitFor(List.of(cancelled, successful, future1), ReturnWhen.FIRST_COMPLETED, null);
    assertThat(r.done()).containsExactlyInAnyOrder(cancelled, successful);
    assertThat(r.notDone()).containsExactly(future1);
  }

  // CPython: test_wait.py WaitTests.test_first_exception
  @Test
  void waitFor_firstException_returnsOnceOneFails() throws Exception {
    CountDownLatch raise = new CountDownLatch(1);
    TaskFuture<Integer> future1 = pool.submit(() -> 2 * 21);
    TaskFuture<Integer> future2 =
        pool.submit(
            () -> {
              raise.await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS);
              throw new IllegalStateException("this is an exception");
            });
    TaskFuture<Boolean> future3 = blocked();
    future1.get();
    ThreadHandle raiser = ThreadHandle.platform("raiser", raise::countDown).start();
    DoneAndNotDone<CompletableFuture<?>> r =
        ConcurrentFutures.waitFor(List.of(future1, future2, future3), ReturnWhen.FIRST_EXCEPTION, null);
    raiser.joinOrThrow();
    assertThat(r.done()).containsExactlyInAnyOrder(future1, future2);
    assertThat(r.notDone()).containsExactly(future3);
  }

  // CPython: test_wait.py WaitTests.test_first_exception_some_already_complete
  @Test
  void waitFor_firstExceptionSomeAlreadyDone_returnsWhenOneFails() throws Exception {
    TaskFuture<Integer> successful = states.successful();
    TaskFuture<Integer> cancelled = states.cancelled();
    TaskFuture<Integer> future1 = pool.submit(() -> divide(21, 0));
    TaskFuture<Boolean> future2 = blocked();
    DoneAndNotDone<CompletableFuture<?>> r =
        ConcurrentFutures.waitFor(List.of(successful, cancelled, future1, future2), ReturnWhen.FIRST_EXCEPTION, null);
    assertThat(r.done()).containsExactlyInAnyOrder(successful, cancelled, future1);
    assertThat(r.notDone()).containsExactly(future2);
  }

  // CPython: test_wait.py WaitTests.test_first_exception_one_already_failed
  @Test
  void waitFor_firstExceptionOneAlreadyFailed_returnsAtOnce() throws Exception {
    TaskFuture<Boolean> future1 = blocked();
    TaskFuture<Integer> failed = states.failed();
    DoneAndNotDone<CompletableFuture<?>> r =
        ConcurrentFutures.waitFor(List.of(failed, future1), ReturnWhen.FIRST_EXCEPTION, null);
    assertThat(r.done()).containsExactly(failed);
    assertThat(r.notDone()).containsExactly(future1);
  }

  // CPython: test_wait.py WaitTests.test_all_completed
  @Test
  void waitFor_allCompleted_everyOneDone() throws Exception {
    TaskFuture<Integer> successful = states.successful();
    TaskFuture<Integer> cancelled = states.cancelled();
    TaskFuture<Integer> failed = states.failed();
    TaskFuture<Integer> future1 = pool.submit(() -> divide(2, 0));
    TaskFuture<Integer> future2 = pool.submit(() -> 2 * 21);
    List<CompletableFuture<?>> all = List.of(successful, cancelled, failed, future1, future2);
    DoneAndNotDone<CompletableFuture<?>> r = ConcurrentFutures.waitFor(all, ReturnWhen.ALL_COMPLETED, null);
    assertThat(r.done()).containsExactlyInAnyOrderElementsOf(all);
    assertThat(r.notDone()).isEmpty();
  }

  // CPython: test_wait.py WaitTests.test_timeout
  @Test
  void waitFor_timeout_partitionAtTheDeadline() throws Exception {
    TaskFuture<Integer> cancelled = states.cancelled();
    TaskFuture<Integer> failed = states.failed();
    TaskFuture<Integer> successful = states.successful();
    TaskFuture<Boolean> future = blocked();
    DoneAndNotDone<CompletableFuture<?>> r =
        ConcurrentFutures.waitFor(List.of(cancelled, failed, successful, future), ReturnWhen.ALL_COMPLETED, Duration.ofMillis(50));
    assertThat(r.done()).containsExactlyInAnyOrder(cancelled, failed, successful);
    assertThat(r.notDone()).containsExactly(future);
  }

  // CPython: test_wait.py ThreadPoolWaitTests.test_pending_calls_race -- 100 futures released at once
  @Test
  void waitFor_manyFuturesCompletingTogether_allSeen() throws Exception {
    CountDownLatch event = new CountDownLatch(1);
    Set<TaskFuture<Boolean>> fs = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      fs.add(pool.submit(() -> event.await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)));
    }
    event.countDown();
    DoneAndNotDone<TaskFuture<Boolean>> r = ConcurrentFutures.waitFor(fs, ReturnWhen.ALL_COMPLETED, null);
    assertThat(r.done()).hasSize(100);
  }

  // CPython: test_as_completed.py AsCompletedTests.test_no_timeout
  @Test
  void asCompleted_noTimeout_yieldsEveryFuture() throws Exception {
    List<CompletableFuture<?>> all =
        List.of(states.cancelled(), states.failed(), states.successful(), pool.submit(() -> 2 * 21), pool.submit(() -> 7 * 6));
    Set<CompletableFuture<?>> completed = new HashSet<>();
    for (CompletableFuture<?> f : ConcurrentFutures.asCompleted(all, null)) {
      completed.add(f);
    }
    assertThat(completed).containsExactlyInAnyOrderElementsOf(all);
  }

  // CPython: test_as_completed.py AsCompletedTests.test_future_times_out -- with a timeout of 0 and of 0.1 s
  @Test
  void asCompleted_timesOutBeforeTheLast_yieldsOnlyTheDone() throws Exception {
    for (Duration timeout : List.of(Duration.ZERO, Duration.ofMillis(100))) {
      Set<CompletableFuture<?>> alreadyCompleted = Set.of(states.cancelled(), states.failed(), states.successful());
      TaskFuture<Boolean> future = blocked();
      List<CompletableFuture<?>> all = new ArrayList<>(alreadyCompleted);
      all.add(future);
      Set<CompletableFuture<?>> completed = new HashSet<>();
      AsCompleted<CompletableFuture<?>> it = ConcurrentFutures.asCompleted(all, timeout);
      assertThatThrownBy(
              () -> {
                while (it.hasNext()) {
                  completed.add(it.take());
                }
              })
          .isInstanceOf(TimeoutException.class);
      assertThat(completed).isEqualTo(alreadyCompleted);
    }
  }

  // CPython: test_as_completed.py AsCompletedTests.test_duplicate_futures
  @Test
  void asCompleted_sameFutureThreeTimes_yieldedOnce() {
    TaskFuture<Boolean> future1 = pool.submit(() -> true);
    List<TaskFuture<Boolean>> seen = new ArrayList<>();
    ConcurrentFutures.asCompleted(Collections.nCopies(3, future1), null).forEachRemaining(seen::add);
    assertThat(seen).containsExactly(future1);
  }

  // CPython: test_as_completed.py AsCompletedTests.test_free_reference_yielded_future -- the iterator keeps no
  // reference to a future it has yielded
  @Test
  void asCompleted_yieldedFutures_areNotKept() throws Exception {
    List<CompletableFuture<String>> futures = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      futures.add(new CompletableFuture<>());
    }
    futures.add(CompletableFuture.completedFuture("42"));
    AsCompleted<CompletableFuture<String>> it = ConcurrentFutures.asCompleted(futures, null);
    while (!futures.isEmpty()) {
      futures.get(0).complete("test");
      CompletableFuture<String> next = it.take();
      futures.remove(next);
      WeakReference<CompletableFuture<String>> ref = new WeakReference<>(next);
      next = null;
      TestSupport.awaitCondition(
          "the yielded future is collected",
          () -> {
            System.gc();
            return ref.get() == null;
          });
    }
  }

  // CPython: test_as_completed.py AsCompletedTests.test_correct_timeout_exception_msg
  @Test
  void asCompleted_timeout_messageSaysHowManyAreUnfinished() throws Exception {
    TaskFuture<Integer> running = states.running();
    List<CompletableFuture<?>> all = List.of(states.cancelled(), states.pending(), running, states.successful());
    AsCompleted<CompletableFuture<?>> it = ConcurrentFutures.asCompleted(all, Duration.ZERO);
    assertThatThrownBy(
            () -> {
              while (it.hasNext()) {
                it.take();
              }
            })
        .isInstanceOf(TimeoutException.class)
        .hasMessage("2 (of 4) futures unfinished");
  }
}
