package dev.concurrency.threads;

import static dev.concurrency.threads.TestSupport.LONG_DELAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.util.concurrent.UncheckedExecutionException;
import com.google.common.util.concurrent.UncheckedTimeoutException;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ThreadPool.imap and map as Python's Executor.map: CPython's executor.py (ExecutorTest, 3.14 with buffersize)
 * and test_thread_pool.py map cases, ported.
 */
@Timeout(30)
final class ThreadPoolMapTest {

  private final ThreadPool pool = ThreadPool.builder().workers(5).name("map-test").build();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void shutDown() throws Exception {
    release.countDown();
    pool.shutdown(/* wait= */ true, /* cancelFutures= */ true);
  }

  private static <R> List<R> drain(MapIterator<R> results) throws Exception {
    List<R> out = new ArrayList<>();
    while (results.hasNext()) {
      out.add(results.take());
    }
    return out;
  }

  private static List<Integer> range(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  private static Iterable<Integer> naturals() {
    return () -> Stream.iterate(0, i -> i + 1).iterator();
  }

  private static String divmod(int a, int b) {
    return "(" + a / b + ", " + a % b + ")";
  }

  /** Python's {@code executor.map(divmod, [5, 5, 5, 5], divisors, chunksize=chunkSize)}. */
  private MapIterator<String> divmodFives(List<Integer> divisors, int chunkSize) {
    return pool.imap(
        (Integer a, Integer b) -> divmod(a, b), List.of(5, 5, 5, 5), divisors, MapOptions.DEFAULTS.withChunkSize(chunkSize));
  }

  // CPython: executor.py ExecutorTest.test_map -- two iterables, with and without chunks
  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void imap_twoIterables_resultsInOrder(int chunkSize) throws Exception {
    MapIterator<Long> powers =
        pool.imap(
            (Integer a, Integer b) -> (long) Math.pow(a, b),
            range(10),
            range(10),
            MapOptions.DEFAULTS.withChunkSize(chunkSize));
    List<Long> expected = range(10).stream().map(i -> (long) Math.pow(i, i)).toList();
    assertThat(drain(powers)).containsExactlyElementsOf(expected);
  }

  // CPython: executor.py ExecutorTest.test_map_exception -- the failure comes at its own item; as in Python 3.14
  // the iteration then ends (a newer CPython main goes on to the next item: see CONFORMANCE.md)
  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void imap_itemFails_failureAtThatItemThenIterationEnds(int chunkSize) throws Exception {
    MapIterator<String> i = divmodFives(List.of(2, 3, 0, 5), chunkSize);
    assertThat(i.take()).isEqualTo("(2, 1)");
    assertThat(i.take()).isEqualTo("(1, 2)");
    assertThatThrownBy(i::take).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(ArithmeticException.class);
    assertThat(i.hasNext()).isFalse();
    assertThatThrownBy(i::take).isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void next_itemFails_uncheckedWithTheCause() {
    MapIterator<Integer> i = pool.imap(x -> 10 / x, List.of(0));
    assertThatThrownBy(i::next).isInstanceOf(UncheckedExecutionException.class).hasCauseInstanceOf(ArithmeticException.class);
  }

  // CPython: executor.py ExecutorTest.test_map_timeout_from_callable -- a timeout thrown by the function is that
  // item's failure, never the map's TimeoutException
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void imap_functionThrowsTimeout_isAnItemFailureNotTheMapsTimeout(boolean withDeadline) throws Exception {
    MapOptions options = withDeadline ? MapOptions.DEFAULTS.withTimeout(LONG_DELAY) : MapOptions.DEFAULTS;
    MapIterator<Integer> i =
        pool.imap(
            (Integer x) -> {
              if (x == 1) {
                throw new UncheckedTimeoutException("the function's own timeout");
              }
              return x;
            },
            List.of(0, 1, 2, 3),
            options);
    assertThat(i.take()).isEqualTo(0);
    assertThatThrownBy(i::take)
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(UncheckedTimeoutException.class);
    assertThat(i.hasNext()).isFalse();
  }

  // CPython: executor.py ExecutorTest.test_map_timeout -- the deadline passes at the third item; the remaining
  // calls are cancelled and the iterator is exhausted
  @Test
  void imap_deadlinePasses_timeoutThenExhausted() throws Exception {
    MapIterator<String> i =
        pool.imap(
            (Integer x) -> {
              if (x == 2) {
                awaitRelease();
              }
              return "done " + x;
            },
            List.of(0, 1, 2, 3),
            MapOptions.DEFAULTS.withTimeout(Duration.ofMillis(50)));
    List<String> results = new ArrayList<>();
    assertThatThrownBy(
            () -> {
              while (i.hasNext()) {
                results.add(i.take());
              }
            })
        .isInstanceOf(TimeoutException.class);
    assertThat(results).isIn(List.of("done 0", "done 1"), List.of("done 0"), List.of());
    assertThat(i.hasNext()).isFalse();
    assertThatThrownBy(i::take).isInstanceOf(NoSuchElementException.class);
    assertThatThrownBy(i::next).isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void next_deadlinePasses_uncheckedTimeout() {
    MapIterator<Integer> i =
        pool.imap((Integer x) -> awaitRelease(), List.of(1), MapOptions.DEFAULTS.withTimeout(Duration.ZERO));
    assertThatThrownBy(i::next).isInstanceOf(UncheckedTimeoutException.class);
  }

  // CPython: executor.py ExecutorTest.test_map_close -- close() ends the iteration
  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void close_afterFirstResult_iterationEnds(int chunkSize) throws Exception {
    MapIterator<String> i = divmodFives(List.of(2, 0, 3, 5), chunkSize);
    assertThat(i.take()).isEqualTo("(2, 1)");
    i.close();
    i.close();
    assertThat(i.hasNext()).isFalse();
    assertThatThrownBy(i::take).isInstanceOf(NoSuchElementException.class);
  }

  // CPython: executor.py ExecutorTest.test_map_buffersize_value_validation
  @Test
  void options_badValues_throwWithMessage() {
    for (int bad : new int[] {0, -1}) {
      assertThatThrownBy(() -> MapOptions.DEFAULTS.withBufferSize(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("bufferSize");
      assertThatThrownBy(() -> MapOptions.DEFAULTS.withChunkSize(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("chunkSize");
    }
    assertThatThrownBy(() -> MapOptions.DEFAULTS.withTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeout");
    assertThat(MapOptions.DEFAULTS.withBufferSize(null).bufferSize()).isNull();
  }

  // CPython: executor.py ExecutorTest.test_map_buffersize
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 4, 8})
  void imap_withBuffer_allResultsInOrder(int bufferSize) throws Exception {
    MapIterator<String> res = pool.imap(String::valueOf, range(4), MapOptions.DEFAULTS.withBufferSize(bufferSize));
    assertThat(drain(res)).containsExactly("0", "1", "2", "3");
  }

  // CPython: executor.py ExecutorTest.test_map_buffersize_on_multiple_iterables
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 4, 8})
  void imap_withBufferOnTwoIterables_allResultsInOrder(int bufferSize) throws Exception {
    MapIterator<Integer> res =
        pool.imap(Integer::sum, range(4), range(4), MapOptions.DEFAULTS.withBufferSize(bufferSize));
    assertThat(drain(res)).containsExactly(0, 2, 4, 6);
  }

  // CPython: executor.py ExecutorTest.test_map_buffersize_on_infinite_iterable
  @Test
  void imap_withBufferOnEndlessInput_yieldsAsConsumed() throws Exception {
    try (MapIterator<String> res = pool.imap(String::valueOf, naturals(), MapOptions.DEFAULTS.withBufferSize(2))) {
      assertThat(res.take()).isEqualTo("0");
      assertThat(res.take()).isEqualTo("1");
      assertThat(res.take()).isEqualTo("2");
    }
  }

  // CPython: executor.py ExecutorTest.test_map_buffersize_on_multiple_infinite_iterables
  @Test
  void imap_withBufferOnTwoEndlessInputs_yieldsAsConsumed() throws Exception {
    try (MapIterator<Integer> res = pool.imap(Integer::sum, naturals(), naturals(), MapOptions.DEFAULTS.withBufferSize(2))) {
      assertThat(res.take()).isEqualTo(0);
      assertThat(res.take()).isEqualTo(2);
      assertThat(res.take()).isEqualTo(4);
    }
  }

  // CPython: executor.py ExecutorTest.test_map_buffersize_on_empty_iterable
  @Test
  void imap_emptyInput_nothingToYield() {
    MapIterator<String> res = pool.imap(String::valueOf, List.<Integer>of(), MapOptions.DEFAULTS.withBufferSize(2));
    assertThat(res.hasNext()).isFalse();
  }

  // CPython: executor.py ExecutorTest.test_map_buffersize_without_iterable
  @Test
  void imap_noIterableAtAll_nothingToYield() {
    MapIterator<String> res = pool.imap(args -> String.valueOf(args), MapOptions.DEFAULTS.withBufferSize(2));
    assertThat(res.hasNext()).isFalse();
  }

  // Any number of iterables, zipped to the shortest; the function gets one item of each, in order
  @Test
  void imap_threeIterables_zipsToTheShortest() throws Exception {
    MapIterator<String> res =
        pool.imap(args -> args.toString(), MapOptions.DEFAULTS, List.of(1, 2, 3), List.of("a", "b"), List.of('x', 'y', 'z'));
    assertThat(drain(res)).containsExactly("[1, a, x]", "[2, b, y]");
  }

  // CPython: executor.py ExecutorTest.test_map_buffersize_when_buffer_is_full -- with a buffer of 2 and nobody
  // consuming, exactly two items are read
  @Test
  void imap_bufferFullAndNothingConsumed_readsOnlyTheBuffer() throws Exception {
    Iterator<Integer> ints = range(4).iterator();
    pool.imap(String::valueOf, () -> ints, MapOptions.DEFAULTS.withBufferSize(2));
    pool.shutdown(/* wait= */ true, /* cancelFutures= */ false);
    assertThat(ints.next()).isEqualTo(2);
  }

  // Python 3.14's order: one task in as one comes out, submitted before waiting for the oldest
  @Test
  void imap_withBuffer_readsOneMoreItemPerTaskConsumed() throws Exception {
    AtomicInteger pulled = new AtomicInteger();
    Iterator<Integer> source = range(10).iterator();
    Iterable<Integer> counting =
        () ->
            new Iterator<>() {
              @Override
              public boolean hasNext() {
                return source.hasNext();
              }

              @Override
              public Integer next() {
                pulled.incrementAndGet();
                return source.next();
              }
            };
    MapIterator<Integer> res = pool.imap(x -> x, counting, MapOptions.DEFAULTS.withBufferSize(3));
    assertThat(pulled).hasValue(3);
    res.take();
    assertThat(pulled).hasValue(4);
    res.take();
    assertThat(pulled).hasValue(5);
    assertThat(drain(res)).containsExactly(2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(pulled).hasValue(10);
  }

  // A chunk is one task: its items run one after another on one worker, and their results come back one by one
  @Test
  void imap_chunks_eachChunkRunsAsOneTaskInOrder() throws Exception {
    List<String> runs = new CopyOnWriteArrayList<>();
    MapIterator<Integer> res =
        pool.imap(
            (Integer x) -> {
              runs.add(x + "@" + Thread.currentThread().getName());
              return x * x;
            },
            range(9),
            MapOptions.DEFAULTS.withChunkSize(3));
    assertThat(drain(res)).containsExactly(0, 1, 4, 9, 16, 25, 36, 49, 64);
    for (int chunk = 0; chunk < 3; chunk++) {
      List<String> ofChunk = new ArrayList<>();
      for (String run : runs) {
        int item = Integer.parseInt(run.substring(0, run.indexOf('@')));
        if (item / 3 == chunk) {
          ofChunk.add(run);
        }
      }
      assertThat(ofChunk.stream().map(r -> r.substring(r.indexOf('@'))).distinct()).hasSize(1);
      assertThat(ofChunk.stream().map(r -> Integer.parseInt(r.substring(0, r.indexOf('@'))))).isSorted();
    }
  }

  // CPython: executor.py ExecutorTest.test_shutdown_race_issue12456
  @Test
  void map_moreItemsThanWorkersThenShutdown_noHang() throws Exception {
    assertThat(pool.map(String::valueOf, Collections.nCopies(6, 2))).hasSize(6);
    pool.shutdown();
    assertThat(pool.awaitTermination(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
  }

  // CPython: executor.py ExecutorTest.test_no_stale_references -- a finished task is not kept alive by the pool
  @Test
  void submit_discardedFuture_taskObjectIsCollected() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    Runnable task = ran::countDown;
    WeakReference<Runnable> ref = new WeakReference<>(task);
    pool.submit(task);
    task = null;
    assertThat(ran.await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    awaitCollected(ref);
  }

  // CPython: executor.py ExecutorTest.test_free_reference -- the iterator keeps no reference to a result it has
  // returned
  @Test
  void imap_returnedResults_areNotKept() throws Exception {
    MapIterator<Object> res = pool.imap(x -> new Object(), range(10), MapOptions.DEFAULTS.withChunkSize(5));
    while (res.hasNext()) {
      WeakReference<Object> ref = new WeakReference<>(res.take());
      awaitCollected(ref);
    }
  }

  // CPython: executor.py ExecutorTest.test_max_workers_negative
  @Test
  void builder_zeroOrNegativeWorkers_throwsIllegalArgument() {
    for (int n : new int[] {0, -1}) {
      assertThatThrownBy(() -> ThreadPool.builder().workers(n))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("workers must be at least 1");
    }
  }

  // CPython: test_thread_pool.py ThreadPoolExecutorTest.test_map_submits_without_iteration
  @Test
  void imap_notIterated_everyTaskStillRuns() throws Exception {
    List<Integer> finished = new CopyOnWriteArrayList<>();
    pool.imap(x -> finished.add(x), range(10));
    pool.shutdown(/* wait= */ true, /* cancelFutures= */ false);
    assertThat(finished).containsExactlyInAnyOrderElementsOf(range(10));
  }

  // CPython: test_thread_pool.py ThreadPoolExecutorTest.test_executor_map_current_future_cancel -- a deadline of
  // zero with the pool saturated: the item waited for and the one behind it are both cancelled, never started
  @Test
  void imap_zeroDeadlineOnBusyPool_cancelsWhatHasNotStarted() throws Exception {
    List<String> log = new CopyOnWriteArrayList<>();
    try (ThreadPool one = ThreadPool.fixed(1)) {
      TaskFuture<?> first =
          one.submit(
              () -> {
                log.add("first started");
                awaitRelease();
                log.add("first stopped");
              });
      TestSupport.awaitCondition("first runs", () -> log.contains("first started"));
      try (MapIterator<Integer> gen =
          one.imap(
              (String ident) -> {
                log.add(ident + " started");
                return 0;
              },
              List.of("second", "third"),
              MapOptions.DEFAULTS.withTimeout(Duration.ZERO))) {
        assertThatThrownBy(gen::take).isInstanceOf(TimeoutException.class);
      } finally {
        release.countDown();
      }
      first.get();
    }
    assertThat(log).containsExactly("first started", "first stopped");
  }

  // map (the list form): Python's list(executor.map(...))
  @Test
  void map_list_resultsInOrderAndFirstFailureInInputOrder() throws Exception {
    assertThat(pool.map(x -> x * 2, range(200))).containsExactlyElementsOf(range(200).stream().map(x -> x * 2).toList());
    assertThat(pool.map(x -> x + 1, range(3), LONG_DELAY)).containsExactly(1, 2, 3);
    assertThatThrownBy(
            () ->
                pool.map(
                    x -> {
                      if (x >= 2) {
                        throw new IllegalArgumentException("bad " + x);
                      }
                      return x;
                    },
                    List.of(0, 1, 2, 3)))
        .isInstanceOf(ExecutionException.class)
        .hasRootCauseMessage("bad 2");
    assertThatThrownBy(() -> pool.map(x -> x, List.of(1), Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be negative");
  }

  @Test
  void imap_nullResults_areYielded() throws Exception {
    assertThat(drain(pool.imap(x -> (String) null, range(2)))).containsExactly(null, null);
  }

  @Test
  void imap_forEach_iteratesOnce() {
    List<Integer> seen = new ArrayList<>();
    MapIterator<Integer> res = pool.imap(x -> x, range(3));
    for (int x : res) {
      seen.add(x);
    }
    assertThat(seen).containsExactly(0, 1, 2);
    assertThat(res.iterator()).isSameAs(res);
    assertThat(res.toString()).contains("MapIterator");
  }

  @Test
  void imap_badArguments_throwNullPointer() {
    assertThatThrownBy(() -> pool.imap(null, range(1))).isInstanceOf(NullPointerException.class).hasMessageContaining("fn");
    assertThatThrownBy(() -> pool.imap(x -> x, (List<Integer>) null)).hasMessageContaining("items");
    assertThatThrownBy(() -> pool.imap(x -> x, range(1), null)).hasMessageContaining("options");
    assertThatThrownBy(() -> pool.imap(Integer::sum, range(1), null, MapOptions.DEFAULTS)).hasMessageContaining("seconds");
    assertThatThrownBy(() -> pool.imap(args -> args, MapOptions.DEFAULTS, range(1), null)).hasMessageContaining("iterables[1]");
  }

  // Submitting the next buffered task after shutdown is refused: that next() throws and ends the iteration
  @Test
  void imap_poolShutDownWhileBuffered_nextSubmissionRefused() throws Exception {
    MapIterator<Integer> res = pool.imap(x -> x, range(5), MapOptions.DEFAULTS.withBufferSize(1));
    pool.shutdown();
    assertThatThrownBy(res::take).isInstanceOf(RejectedExecutionException.class).hasMessageContaining("shut down");
    assertThat(res.hasNext()).isFalse();
  }

  // shutdown(wait, cancelFutures=true) cancels the queued items: the iterator reports the cancellation
  @Test
  void imap_tasksCancelledByShutdown_iteratorReportsCancellation() throws Exception {
    try (ThreadPool one = ThreadPool.fixed(1)) {
      CountDownLatch firstRuns = new CountDownLatch(1);
      MapIterator<Integer> res =
          one.imap(
              x -> {
                firstRuns.countDown();
                return awaitRelease();
              },
              range(3));
      firstRuns.await();
      one.shutdown(/* wait= */ false, /* cancelFutures= */ true);
      release.countDown();
      assertThat(res.take()).isZero();
      assertThatThrownBy(res::take).isInstanceOf(CancellationException.class);
      assertThat(res.hasNext()).isFalse();
    }
  }

  // An interrupted wait ends the iteration; next() keeps the interrupt status
  @Test
  void next_interrupted_cancellationAndInterruptStatusKept() throws Exception {
    MapIterator<Integer> res = pool.imap(x -> awaitRelease(), range(1));
    Thread.currentThread().interrupt();
    assertThatThrownBy(res::next).isInstanceOf(CancellationException.class).hasCauseInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).isTrue();
    assertThat(res.hasNext()).isFalse();
  }

  private int awaitRelease() {
    try {
      release.await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS);
      return 0;
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void awaitCollected(WeakReference<?> ref) {
    TestSupport.awaitCondition(
        "the object is garbage collected",
        () -> {
          System.gc();
          return ref.get() == null;
        });
  }

  // A timeout of centuries (more nanoseconds than a long holds) is no limit, not an overflow
  @Test
  void imap_hugeTimeout_noOverflow() throws Exception {
    MapIterator<Integer> res = pool.imap(x -> x, range(3), MapOptions.DEFAULTS.withTimeout(Duration.ofDays(365L * 1000)));
    assertThat(drain(res)).containsExactly(0, 1, 2);
  }
}
