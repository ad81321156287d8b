package dev.concurrency.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Serial;
import java.io.Serializable;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * CPython's {@code test_concurrent_futures/executor.py} ({@code ExecutorTest}, run on a process pool) and
 * {@code test_process_pool.py} ({@code ProcessPoolExecutorTest}), ported. Tests that share the pool use one of two
 * workers; those about worker counts build their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
final class ExecutorConformanceTest {

  private static final long LIMIT_S = 30;

  private final Captured output = new Captured();
  private final Started started = new Started();
  private ProcessPool executor;

  @BeforeAll
  void startExecutor() {
    executor = pool(ProcessPool.builder().maxWorkers(2));
  }

  @AfterAll
  void stopPools() throws InterruptedException {
    started.stopAll();
  }

  private ProcessPool pool(ProcessPool.Builder builder) {
    return started.pool(builder, output);
  }

  static int pow(int base, int exponent) {
    return (int) Math.pow(base, exponent);
  }

  static int mul(int x, int y) {
    return x * y;
  }

  /** Python's {@code divmod}: the floor quotient and the remainder. */
  record DivMod(int quotient, int remainder) implements Serializable {
    static DivMod of(int a, int b) {
      return new DivMod(Math.floorDiv(a, b), Math.floorMod(a, b));
    }
  }

  private static <R> List<R> drain(ResultIterator<R> results) {
    List<R> all = new ArrayList<>();
    results.forEachRemaining(all::add);
    return all;
  }

  // CPython: executor.py ExecutorTest.test_submit
  @Test
  void submit_returnsTheResult() throws Exception {
    assertThat(executor.submit(() -> pow(2, 8)).get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo(256);
  }

  // CPython: executor.py ExecutorTest.test_submit_keyword (arguments are captured; Java has no keywords)
  @Test
  void submit_argumentsCapturedByTheLambda() throws Exception {
    int x = 2;
    int y = 8;

    assertThat(executor.submit(() -> mul(x, y)).get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo(16);
  }

  // CPython: executor.py ExecutorTest.test_map
  @Test
  void map_twoInputs_asBuiltinMap_withAndWithoutChunks() {
    List<Integer> range = IntStream.range(0, 10).boxed().toList();
    List<Integer> expected = range.stream().map(i -> pow(i, i)).toList();

    assertThat(drain(executor.map(ExecutorConformanceTest::pow, range, range, MapOptions.DEFAULT))).isEqualTo(expected);
    assertThat(drain(executor.map(ExecutorConformanceTest::pow, range, range, MapOptions.DEFAULT.withChunkSize(3))))
        .isEqualTo(expected);
  }

  // CPython: executor.py ExecutorTest.test_map_exception (3.14: the iteration ends at the exception)
  @Test
  void map_anException_isThrownInItsPlace_thenTheIterationEnds() {
    ResultIterator<DivMod> results =
        executor.map(DivMod::of, List.of(5, 5, 5, 5), List.of(2, 3, 0, 5), MapOptions.DEFAULT);

    assertThat(results.next()).isEqualTo(new DivMod(2, 1));
    assertThat(results.next()).isEqualTo(new DivMod(1, 2));
    assertThatThrownBy(results::next).isInstanceOf(RemoteException.class).hasCauseInstanceOf(ArithmeticException.class);
    assertThat(results.hasNext()).isFalse();
  }

  static int timeoutOnOne(int x) {
    if (x == 1) {
      throw new IllegalStateException(new TimeoutException("the callable's own"));
    }
    return x;
  }

  // CPython: executor.py ExecutorTest.test_map_timeout_from_callable
  @Test
  void map_aTimeoutFromTheCallable_isTheTasksFailure_notTheMapsTimeout() {
    for (MapOptions options : List.of(MapOptions.DEFAULT, MapOptions.DEFAULT.withTimeout(java.time.Duration.ofSeconds(LIMIT_S)))) {
      ResultIterator<Integer> results = executor.map(ExecutorConformanceTest::timeoutOnOne, List.of(0, 1, 2, 3), options);

      assertThat(results.next()).isZero();
      assertThatThrownBy(results::next).isInstanceOf(RemoteException.class).hasMessageContaining("the callable's own");
    }
  }

  // CPython: executor.py ExecutorTest.test_map_buffersize
  @Test
  void map_anyBufferSize_sameResults() {
    for (int buffer : List.of(1, 2, 4, 8)) {
      assertThat(drain(executor.map(String::valueOf, List.of(0, 1, 2, 3), MapOptions.DEFAULT.withBufferSize(buffer))))
          .containsExactly("0", "1", "2", "3");
    }
  }

  // CPython: executor.py ExecutorTest.test_map_buffersize_on_multiple_iterables
  @Test
  void map_bufferSize_twoInputs() {
    List<Integer> ints = List.of(0, 1, 2, 3);
    for (int buffer : List.of(1, 2, 4, 8)) {
      assertThat(drain(executor.map(Integer::sum, ints, ints, MapOptions.DEFAULT.withBufferSize(buffer))))
          .containsExactly(0, 2, 4, 6);
    }
  }

  // CPython: executor.py ExecutorTest.test_map_buffersize_on_empty_iterable
  @Test
  void map_bufferSize_emptyInput_nothing() {
    assertThat(executor.map(String::valueOf, List.<Integer>of(), MapOptions.DEFAULT.withBufferSize(2)).hasNext()).isFalse();
  }

  // CPython: executor.py ExecutorTest.test_map_buffersize_value_validation
  @Test
  void mapOptions_bufferSizeZeroOrNegative_refused() {
    for (int buffer : List.of(0, -1)) {
      assertThatThrownBy(() -> MapOptions.DEFAULT.withBufferSize(buffer))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("bufferSize must be null (no limit) or > 0");
    }
  }

  // CPython: executor.py ExecutorTest.test_shutdown_race_issue12456
  @Test
  void mapThenShutdown_withMoreTasksThanWorkers_doesNotHang() throws Exception {
    ProcessPool pool = pool(ProcessPool.builder().maxWorkers(2));
    ResultIterator<String> results = pool.map(String::valueOf, List.of(2, 2, 2), MapOptions.DEFAULT);

    pool.shutdown();

    assertThat(drain(results)).containsExactly("2", "2", "2");
    assertThat(pool.awaitTermination(LIMIT_S, TimeUnit.SECONDS)).isTrue();
  }

  /** Has a method, as MyObject in the upstream test. */
  static final class MyObject implements Serializable {
    @Serial private static final long serialVersionUID = 1L;

    void myMethod() {}
  }

  static void awaitCollected(WeakReference<?> reference) {
    Await.until(() -> {
      System.gc(); // a full collection clears a weakly reachable object
      return reference.get() == null;
    }, "the object is collected");
  }

  // CPython: executor.py ExecutorTest.test_no_stale_references
  @Test
  void submit_thePoolKeepsNoReferenceToATaskOnceItIsDone() throws Exception {
    MyObject myObject = new MyObject();
    WeakReference<MyObject> reference = new WeakReference<>(myObject);
    SerializableRunnable task = myObject::myMethod;
    executor.submit(task).get(LIMIT_S, TimeUnit.SECONDS); // the future is discarded, as in the upstream test
    myObject = null;
    task = null;

    awaitCollected(reference);
  }

  // CPython: executor.py ExecutorTest.test_max_workers_negative
  @Test
  void maxWorkers_zeroOrNegative_refusedByName() {
    for (int number : List.of(0, -1)) {
      assertThatThrownBy(() -> ProcessPool.builder().maxWorkers(number))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("maxWorkers must be > 0");
    }
  }

  static MyObject makeDummyObject(int ignored) {
    return new MyObject();
  }

  // CPython: executor.py ExecutorTest.test_free_reference
  @Test
  void map_theIteratorKeepsNoReferenceToAResultItReturned() {
    ResultIterator<MyObject> results =
        executor.map(ExecutorConformanceTest::makeDummyObject, IntStream.range(0, 10).boxed().toList(), MapOptions.DEFAULT);
    while (results.hasNext()) {
      WeakReference<MyObject> reference = new WeakReference<>(results.next());

      awaitCollected(reference);
    }
  }

  static Object sleep(long millis) {
    PoolApi314Test.pause(millis);
    return null;
  }

  // CPython: test_process_pool.py ProcessPoolExecutorTest.test_killed_child (Python's policy: BREAK_POOL)
  @Test
  void killedChild_breakPoolPolicy_itsFutureAndLaterSubmitsFailBroken() throws Exception {
    ProcessPool pool = pool(ProcessPool.builder().maxWorkers(1).faultPolicy(ProcessPool.FaultPolicy.BREAK_POOL));
    CompletableFuture<Object> sleeping = pool.submit(() -> sleep(3_000));
    Await.started(pool, sleeping);

    ProcessHandle.of(pool.workerPids().get(0)).orElseThrow().destroy(); // p.terminate()

    assertThatThrownBy(() -> sleeping.get(LIMIT_S, TimeUnit.SECONDS)).cause().isInstanceOf(BrokenPoolException.class);
    assertThatThrownBy(() -> pool.submit(() -> pow(2, 8))).isInstanceOf(BrokenPoolException.class);
  }

  // CPython: test_process_pool.py ProcessPoolExecutorTest.test_map_chunksize
  @Test
  void map_chunkSizes_sameResults_negativeRefused() {
    List<Integer> range = IntStream.range(0, 40).boxed().toList();
    List<Integer> reference = range.stream().map(i -> pow(i, i)).toList();

    for (int chunk : List.of(6, 50, 40)) {
      assertThat(drain(executor.map(ExecutorConformanceTest::pow, range, range, MapOptions.DEFAULT.withChunkSize(chunk))))
          .isEqualTo(reference);
    }
    assertThatThrownBy(() -> MapOptions.DEFAULT.withChunkSize(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  static Object testTraceback() {
    throw new IllegalStateException("123"); // some comment
  }

  // CPython: test_process_pool.py ProcessPoolExecutorTest.test_traceback
  @Test
  void traceback_theChildsTraceIsInTheParentsException_andInWhatItPrints() throws Exception {
    Future<Object> future = executor.submit(ExecutorConformanceTest::testTraceback);

    Throwable exc = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, future::get).getCause();

    assertThat(exc).isInstanceOf(RemoteException.class);
    assertThat(exc.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("123");
    assertThat(((RemoteException) exc).remoteStackTrace()).contains("ExecutorConformanceTest.testTraceback");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    exc.printStackTrace(new PrintStream(printed, true, StandardCharsets.UTF_8));
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("testTraceback");
  }

  // CPython: test_process_pool.py ProcessPoolExecutorTest.test_saturation
  @Test
  void saturation_manyTasks_neverMoreWorkersThanTheMaximum() throws Exception {
    ProcessPool pool = pool(ProcessPool.builder().maxWorkers(2));
    List<Future<Object>> futures = new ArrayList<>();
    for (int i = 0; i < 15 * 2; i++) {
      futures.add(pool.submit(() -> sleep(20)));
    }

    assertThat(pool.workerPids()).hasSize(2);
    for (Future<Object> future : futures) {
      future.get(LIMIT_S, TimeUnit.SECONDS);
      assertThat(pool.workerPids()).hasSizeLessThanOrEqualTo(2);
    }
  }

  static long pid() {
    return ProcessHandle.current().pid();
  }

  // CPython: test_process_pool.py ProcessPoolExecutorTest.test_idle_process_reuse_one
  @Test
  void idleProcessReuse_oneAtATime_oneWorker() throws Exception {
    ProcessPool pool = pool(ProcessPool.builder().maxWorkers(4));
    assertThat(pool.submit(() -> mul(21, 2)).get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo(42);
    assertThat(pool.submit(() -> mul(6, 7)).get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo(42);
    assertThat(pool.submit(() -> mul(3, 14)).get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo(42);

    assertThat(pool.workerPids()).hasSize(1);
  }

  // CPython: test_process_pool.py ProcessPoolExecutorTest.test_idle_process_reuse_multiple
  @Test
  void idleProcessReuse_interleaved_atMostThreeWorkers() throws Exception {
    ProcessPool pool = pool(ProcessPool.builder().maxWorkers(5));
    pool.submit(() -> mul(12, 7)).get(LIMIT_S, TimeUnit.SECONDS);
    pool.submit(() -> mul(33, 25));
    pool.submit(() -> mul(25, 26)).get(LIMIT_S, TimeUnit.SECONDS);
    pool.submit(() -> mul(18, 29));
    pool.submit(() -> mul(1, 2)).get(LIMIT_S, TimeUnit.SECONDS);
    pool.submit(() -> mul(0, 9));

    assertThat(pool.workerPids()).hasSizeLessThanOrEqualTo(3);
    pool.shutdown();
  }

  // CPython: test_process_pool.py ProcessPoolExecutorTest.test_max_tasks_per_child
  @Test
  void maxTasksPerChild_theWorkerIsReplacedAfterThatMany() throws Exception {
    ProcessPool pool = pool(ProcessPool.builder().maxWorkers(1).maxTasksPerChild(3));
    long original = pool.submit(ExecutorConformanceTest::pid).get(LIMIT_S, TimeUnit.SECONDS);
    assertThat(pool.submit(ExecutorConformanceTest::pid).get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo(original);
    assertThat(pool.workerPids()).hasSize(1);
    assertThat(pool.submit(ExecutorConformanceTest::pid).get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo(original);

    long next = pool.submit(ExecutorConformanceTest::pid).get(LIMIT_S, TimeUnit.SECONDS);

    assertThat(next).isNotEqualTo(original);
    assertThat(pool.workerPids()).hasSize(1);
    pool.shutdown();
  }

  // CPython: test_process_pool.py ProcessPoolExecutorTest.test_max_tasks_early_shutdown
  @Test
  void maxTasksPerChildOne_shutdownEarly_everyResultStillArrives() throws Exception {
    ProcessPool pool = pool(ProcessPool.builder().maxWorkers(3).maxTasksPerChild(1));
    List<Future<Integer>> futures = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      int n = i;
      futures.add(pool.submit(() -> mul(n, n)));
    }

    pool.shutdown();

    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < futures.size(); i++) {
      assertThat(futures.get(i).get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo(i * i);
      seen.add(i);
    }
    assertThat(seen).hasSize(6);
  }
}
