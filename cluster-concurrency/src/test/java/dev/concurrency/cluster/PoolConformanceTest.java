package dev.concurrency.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Serial;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The rest of CPython's {@code _test_multiprocessing.py} {@code _TestPool} that {@link ClusterPoolMapTest} does
 * not cover: an input iterable that raises, completion callbacks, a bounded wait on a result, and a failing map
 * whose other chunks still finish. CONFORMANCE.md lists every upstream test and where it went.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
final class PoolConformanceTest {

  private static final long WAIT_SECONDS = 60;

  private static ClusterPool pool;

  @BeforeAll
  static void start() {
    pool = ClusterPool.on(TestCluster.shared().first());
  }

  @AfterAll
  static void stop() {
    pool.close();
  }

  static int sqr(int x) {
    return x * x;
  }

  /** The upstream {@code SayWhenError}: what the input iterable raises. */
  static final class SayWhenError extends RuntimeException {
    @Serial private static final long serialVersionUID = 1L;

    SayWhenError() {
      super("Somebody said when");
    }
  }

  /**
   * The upstream {@code exception_throwing_generator(total, when)}: yields 0, 1, ... and throws
   * {@link SayWhenError} instead of item {@code when} ({@code -1}: at once); {@code total} items otherwise.
   */
  static Iterable<Integer> throwingAt(int total, int when) {
    return () ->
        new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < total || next == when;
          }

          @Override
          public Integer next() {
            if (next == when || when == -1) {
              throw new SayWhenError();
            }
            if (next >= total) {
              throw new NoSuchElementException();
            }
            return next++;
          }
        };
  }

  // CPython: _test_multiprocessing.py _TestPool.test_map_handle_iterable_exception
  @Test
  void map_inputIterableThrows_mapThrowsItsOwnExceptionAndThePoolCarriesOn() {
    for (int attempt = 0; attempt < 2; attempt++) { // upstream: "make sure it's reentrant"
      assertThatThrownBy(() -> pool.map(PoolConformanceTest::sqr, throwingAt(1, -1), 1)).isInstanceOf(SayWhenError.class);
    }
    assertThatThrownBy(() -> pool.map(PoolConformanceTest::sqr, throwingAt(10, 3), 1)).isInstanceOf(SayWhenError.class);

    assertThat(pool.map(PoolConformanceTest::sqr, List.of(1, 2, 3), 1)).containsExactly(1, 4, 9);
  }

  // CPython: _test_multiprocessing.py _TestPool.test_imap_handle_iterable_exception
  @Test
  void imap_inputIterableThrows_resultsBeforeItThenItsOwnException() {
    for (int attempt = 0; attempt < 2; attempt++) {
      Iterator<Integer> results = pool.imap(PoolConformanceTest::sqr, throwingAt(1, -1), 1);
      assertThatThrownBy(results::next).isInstanceOf(SayWhenError.class);
    }

    Iterator<Integer> one = pool.imap(PoolConformanceTest::sqr, throwingAt(10, 3), 1);
    assertThat(List.of(one.next(), one.next(), one.next())).containsExactly(0, 1, 4);
    assertThatThrownBy(one::next).isInstanceOf(SayWhenError.class);

    // with chunks, the results of the whole chunks before the bad item come first (upstream: 20 items, 7 is bad)
    Iterator<Integer> pairs = pool.imap(PoolConformanceTest::sqr, throwingAt(20, 7), 2);
    List<Integer> before = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      before.add(pairs.next());
    }
    assertThat(before).containsExactly(0, 1, 4, 9, 16, 25);
    assertThatThrownBy(pairs::next).isInstanceOf(SayWhenError.class);
  }

  // CPython: _test_multiprocessing.py _TestPool.test_imap_unordered_handle_iterable_exception
  @Test
  void imapUnordered_inputIterableThrows_itsOwnExceptionComesAndNoResultIsWrong() {
    Iterator<Integer> first = pool.imapUnordered(PoolConformanceTest::sqr, throwingAt(1, -1), 1);
    assertThatThrownBy(first::next).isInstanceOf(SayWhenError.class);

    List<Integer> expected = new ArrayList<>(IntStream.range(0, 20).map(x -> x * x).boxed().toList());
    Iterator<Integer> results = pool.imapUnordered(PoolConformanceTest::sqr, throwingAt(20, 7), 2);
    assertThatThrownBy(
            () -> {
              for (int i = 0; i < 20; i++) {
                Integer value = results.next();
                assertThat(expected.remove(value)).as("%d is an expected result, seen once", value).isTrue();
              }
            })
        .isInstanceOf(SayWhenError.class);
  }

  // CPython: _test_multiprocessing.py _TestPool.test_map_async_callbacks
  @Test
  void submit_completionCallbacks_getTheResultOrTheError() throws Exception {
    List<Object> calls = new ArrayList<>();
    CompletableFuture<?> ok =
        pool.submit(() -> Integer.parseInt("1")).whenComplete((value, error) -> calls.add(error == null ? value : error));
    ok.get(WAIT_SECONDS, TimeUnit.SECONDS);
    CompletableFuture<?> bad =
        pool.submit(() -> Integer.parseInt("a")).whenComplete((value, error) -> calls.add(error == null ? value : error));
    assertThatThrownBy(() -> bad.get(WAIT_SECONDS, TimeUnit.SECONDS)).hasCauseInstanceOf(RemoteException.class);

    assertThat(calls).hasSize(2);
    assertThat(calls.get(0)).isEqualTo(1);
    assertThat(calls.get(1))
        .isInstanceOfSatisfying(
            RemoteException.class, e -> assertThat(e.remoteType()).isEqualTo(NumberFormatException.class.getName()));
  }

  /** Where the task of the timeout test waits: a static, since the members run in this JVM. */
  static final class Gate {
    static volatile CountDownLatch release = new CountDownLatch(0);
  }

  // CPython: _test_multiprocessing.py _TestPool.test_async_timeout
  @Test
  void get_withATimeoutShorterThanTheTask_timesOutAndTheTaskStillFinishes() throws Exception {
    Gate.release = new CountDownLatch(1);
    ClusterFuture<Integer> slow =
        pool.submit(
            () -> {
              Gate.release.await(WAIT_SECONDS, TimeUnit.SECONDS);
              return 36;
            });

    assertThatThrownBy(() -> slow.get(100, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
    assertThat(slow).isNotDone();
    Gate.release.countDown();
    assertThat(slow.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(36);
  }

  // CPython: _test_multiprocessing.py _TestPool.test_map_no_failfast
  @Test
  void map_anItemFails_theOtherChunksStillRunAndThePoolClosesWithoutHanging() {
    ClusterPool own = ClusterPool.on(TestCluster.shared().first());
    try {
      assertThatThrownBy(() -> own.map(PoolConformanceTest::failFirst, List.of(0, 1), 1)).isInstanceOf(RemoteException.class);
    } finally {
      own.close(); // waits for the other chunk: upstream's join after a failed map
    }

    assertThat(own.isTerminated()).isTrue();
    assertThat(own.workLog().runs()).hasSize(2);
    assertThat(own.workLog().runs().stream().map(TaskRun::status))
        .containsExactlyInAnyOrder(TaskRun.Status.FAILED, TaskRun.Status.SUCCEEDED);
  }

  /** Item 0 fails at once; item 1 takes a little longer, so the map has failed before it finishes. */
  static int failFirst(int x) {
    if (x == 0) {
      throw new IllegalArgumentException("item 0 fails");
    }
    try {
      Thread.sleep(Duration.ofMillis(200)); // work that outlasts the failure, not a wait for another thread
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    return x;
  }
}
