package dev.concurrency.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Serial;
import java.io.Serializable;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code multiprocessing.Pool} classes of CPython's {@code _test_multiprocessing.py} ({@code _TestPool},
 * {@code _TestPoolWorkerErrors}, {@code _TestPoolWorkerLifetime} and the pool tests of the other classes), ported
 * to {@link ProcessPool}: {@code apply} is {@code submit(..).get()}, {@code apply_async} is {@code submit} (its
 * callbacks the future's {@code whenComplete}), {@code terminate} is {@code shutdownNow}, {@code close} and
 * {@code join} are {@code shutdown} and {@code awaitTermination}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
final class MultiprocessingPoolConformanceTest {

  private static final long LIMIT_S = 30;

  private final Captured output = new Captured();
  private final Started started = new Started();
  private ProcessPool pool;

  @BeforeAll
  void startPool() {
    pool = pool(ProcessPool.builder().maxWorkers(2));
  }

  @AfterAll
  void stopPools() throws InterruptedException {
    started.stopAll();
  }

  private ProcessPool pool(ProcessPool.Builder builder) {
    return started.pool(builder, output);
  }

  static int sqr(int x) {
    return x * x;
  }

  static int sqr(int x, long waitMillis) {
    PoolApi314Test.pause(waitMillis);
    return x * x;
  }

  static int mul(int x, int y) {
    return x * y;
  }

  private static List<Integer> range(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  private static List<Integer> squares(int n) {
    return IntStream.range(0, n).map(i -> i * i).boxed().toList();
  }

  /** Raised by the input, not by a task. */
  static final class SayWhenError extends IllegalArgumentException {
    @Serial private static final long serialVersionUID = 1L;

    SayWhenError() {
      super("Somebody said when");
    }
  }

  /** Python's {@code exception_throwing_generator(total, when)}: counts up to total, failing at {@code when}. */
  static Iterable<Integer> exceptionThrowingGenerator(int total, int when) {
    return () -> new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        if (when == -1) {
          throw new SayWhenError();
        }
        return next < total;
      }

      @Override
      public Integer next() {
        if (next == when) {
          throw new SayWhenError();
        }
        return next++;
      }
    };
  }

  private static <T> List<T> drain(Iterator<T> results) {
    List<T> all = new ArrayList<>();
    results.forEachRemaining(all::add);
    return all;
  }

  // CPython: _test_multiprocessing.py _TestPool.test_apply
  @Test
  void apply_isSubmitThenGet() throws Exception {
    assertThat(pool.submit(() -> sqr(5)).get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo(25);
    assertThat(pool.submit(() -> sqr(3)).get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo(9);
  }

  // CPython: _test_multiprocessing.py _TestPool.test_map
  @Test
  void map_asBuiltinMap_withAndWithoutChunkSize() {
    assertThat(pool.map(MultiprocessingPoolConformanceTest::sqr, range(10))).isEqualTo(squares(10));
    assertThat(pool.map(MultiprocessingPoolConformanceTest::sqr, range(100), 20)).isEqualTo(squares(100));
  }

  private static List<Map.Entry<Integer, Integer>> tuples(int n) {
    return IntStream.range(0, n).mapToObj(i -> Map.entry(i, n - 1 - i)).toList();
  }

  private static List<Integer> products(int n) {
    return tuples(n).stream().map(t -> t.getKey() * t.getValue()).toList();
  }

  // CPython: _test_multiprocessing.py _TestPool.test_starmap
  @Test
  void starmap_asItertoolsStarmap() {
    assertThat(pool.starmap(MultiprocessingPoolConformanceTest::mul, tuples(10))).isEqualTo(products(10));
    assertThat(pool.starmap(MultiprocessingPoolConformanceTest::mul, tuples(100), 20)).isEqualTo(products(100));
  }

  // CPython: _test_multiprocessing.py _TestPool.test_starmap_async
  @Test
  void starmapAsync_sameResults() throws Exception {
    assertThat(pool.starmapAsync(MultiprocessingPoolConformanceTest::mul, tuples(100), 8).get(LIMIT_S, TimeUnit.SECONDS))
        .isEqualTo(products(100));
  }

  // CPython: _test_multiprocessing.py _TestPool.test_map_async
  @Test
  void mapAsync_sameResults() throws Exception {
    assertThat(pool.mapAsync(MultiprocessingPoolConformanceTest::sqr, range(10)).get(LIMIT_S, TimeUnit.SECONDS))
        .isEqualTo(squares(10));
  }

  // CPython: _test_multiprocessing.py _TestPool.test_map_async_callbacks
  @Test
  void mapAsync_callbacksAreTheFuturesWhenComplete() throws Exception {
    List<Object> callArgs = Collections.synchronizedList(new ArrayList<>());

    pool.mapAsync(Integer::parseInt, List.of("1"))
        .whenComplete((value, error) -> callArgs.add(error == null ? value : error))
        .exceptionally(e -> null)
        .get(LIMIT_S, TimeUnit.SECONDS);
    assertThat(callArgs).containsExactly(List.of(1));
    pool.mapAsync(Integer::parseInt, List.of("a"))
        .whenComplete((value, error) -> callArgs.add(error == null ? value : error))
        .exceptionally(e -> null)
        .get(LIMIT_S, TimeUnit.SECONDS);

    assertThat(callArgs).hasSize(2);
    assertThat(callArgs.get(1)).isInstanceOf(RemoteException.class);
    assertThat(((Throwable) callArgs.get(1)).getCause()).isInstanceOf(NumberFormatException.class);
  }

  /** Cannot be serialized: Python's {@code __reduce__} that raises. */
  static final class A {}

  // CPython: _test_multiprocessing.py _TestPool.test_map_unplicklable
  @Test
  void map_itemsThatCannotBeSerialized_refused_noHang() {
    List<Object> items = Collections.nCopies(10, new A());

    assertThatThrownBy(() -> pool.map(Object::hashCode, items)).isInstanceOf(IllegalArgumentException.class);
  }

  // CPython: _test_multiprocessing.py _TestPool.test_map_chunksize
  @Test
  void mapAsync_emptyInput_withAChunkSize_doesNotStall() throws Exception {
    assertThat(pool.mapAsync(MultiprocessingPoolConformanceTest::sqr, List.<Integer>of(), 1).get(LIMIT_S, TimeUnit.SECONDS))
        .isEmpty();
  }

  // CPython: _test_multiprocessing.py _TestPool.test_map_handle_iterable_exception
  @Test
  void map_anInputThatThrows_throwsItsException_andCanDoItAgain() {
    for (int attempt = 0; attempt < 2; attempt++) {
      assertThatThrownBy(() -> pool.map(MultiprocessingPoolConformanceTest::sqr, exceptionThrowingGenerator(1, -1), 1))
          .isInstanceOf(SayWhenError.class);
    }
    assertThatThrownBy(() -> pool.map(MultiprocessingPoolConformanceTest::sqr, exceptionThrowingGenerator(10, 3), 1))
        .isInstanceOf(SayWhenError.class);
    Iterable<Integer> special = () -> new Iterator<>() {
      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public Integer next() {
        throw new SayWhenError();
      }
    };
    for (int attempt = 0; attempt < 2; attempt++) {
      assertThatThrownBy(() -> pool.map(MultiprocessingPoolConformanceTest::sqr, special, 1)).isInstanceOf(SayWhenError.class);
    }
  }

  // CPython: _test_multiprocessing.py _TestPool.test_async
  @Test
  void applyAsync_getWaitsForTheResult() throws Exception {
    assertThat(pool.submit(() -> sqr(7, 100)).get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo(49);
  }

  // CPython: _test_multiprocessing.py _TestPool.test_async_timeout
  @Test
  void applyAsync_getWithATimeout_timesOut_thenTerminate() throws Exception {
    ProcessPool p = pool(ProcessPool.builder().maxWorkers(3));
    try {
      Future<Integer> res = p.submit(() -> sqr(6, 5_000));

      assertThatThrownBy(() -> res.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
    } finally {
      p.shutdownNow();
      assertThat(p.awaitTermination(LIMIT_S, TimeUnit.SECONDS)).isTrue();
    }
  }

  // CPython: _test_multiprocessing.py _TestPool.test_imap
  @Test
  void imap_inOrder_thenNoSuchElement() {
    assertThat(drain(pool.imap(MultiprocessingPoolConformanceTest::sqr, range(10)))).isEqualTo(squares(10));

    ResultIterator<Integer> it = pool.imap(MultiprocessingPoolConformanceTest::sqr, range(10));
    for (int i = 0; i < 10; i++) {
      assertThat(it.next()).isEqualTo(i * i);
    }
    assertThatThrownBy(it::next).isInstanceOf(java.util.NoSuchElementException.class);

    ResultIterator<Integer> chunked = pool.imap(MultiprocessingPoolConformanceTest::sqr, range(1000), 100);
    for (int i = 0; i < 1000; i++) {
      assertThat(chunked.next()).isEqualTo(i * i);
    }
    assertThatThrownBy(chunked::next).isInstanceOf(java.util.NoSuchElementException.class);
  }

  // CPython: _test_multiprocessing.py _TestPool.test_imap_handle_iterable_exception
  @Test
  void imap_anInputThatThrows_itsExceptionAtTheStartOfTheChunkItBroke() {
    for (int attempt = 0; attempt < 2; attempt++) {
      ResultIterator<Integer> it = pool.imap(MultiprocessingPoolConformanceTest::sqr, exceptionThrowingGenerator(1, -1), 1);
      assertThatThrownBy(it::next).isInstanceOf(SayWhenError.class);
    }
    ResultIterator<Integer> byOne = pool.imap(MultiprocessingPoolConformanceTest::sqr, exceptionThrowingGenerator(10, 3), 1);
    for (int i = 0; i < 3; i++) {
      assertThat(byOne.next()).isEqualTo(i * i);
    }
    assertThatThrownBy(byOne::next).isInstanceOf(SayWhenError.class);

    ResultIterator<Integer> byTwo = pool.imap(MultiprocessingPoolConformanceTest::sqr, exceptionThrowingGenerator(20, 7), 2);
    for (int i = 0; i < 6; i++) {
      assertThat(byTwo.next()).isEqualTo(i * i);
    }
    assertThatThrownBy(byTwo::next).isInstanceOf(SayWhenError.class);
    ResultIterator<Integer> byFour = pool.imap(MultiprocessingPoolConformanceTest::sqr, exceptionThrowingGenerator(20, 7), 4);
    for (int i = 0; i < 4; i++) {
      assertThat(byFour.next()).isEqualTo(i * i);
    }
    assertThatThrownBy(byFour::next).isInstanceOf(SayWhenError.class);
  }

  // CPython: _test_multiprocessing.py _TestPool.test_imap_unordered
  @Test
  void imapUnordered_everyResult() {
    assertThat(drain(pool.imapUnordered(MultiprocessingPoolConformanceTest::sqr, range(10)))).containsExactlyInAnyOrderElementsOf(squares(10));
    assertThat(drain(pool.imapUnordered(MultiprocessingPoolConformanceTest::sqr, range(1000), 100)))
        .containsExactlyInAnyOrderElementsOf(squares(1000));
  }

  private static void assertSayWhenWhileDraining(ResultIterator<Integer> it, int total) {
    Set<Integer> expected = new HashSet<>(squares(total));
    assertThatThrownBy(() -> {
      for (int i = 0; i < total; i++) {
        int value = it.next();
        assertThat(expected.remove(value)).as("%s expected once", value).isTrue();
      }
    }).isInstanceOf(SayWhenError.class);
  }

  // CPython: _test_multiprocessing.py _TestPool.test_imap_unordered_handle_iterable_exception
  @Test
  void imapUnordered_anInputThatThrows_itsExceptionComesAmongTheResults() {
    for (int attempt = 0; attempt < 2; attempt++) {
      ResultIterator<Integer> it = pool.imapUnordered(MultiprocessingPoolConformanceTest::sqr, exceptionThrowingGenerator(1, -1), 1);
      assertThatThrownBy(it::next).isInstanceOf(SayWhenError.class);
    }
    assertSayWhenWhileDraining(pool.imapUnordered(MultiprocessingPoolConformanceTest::sqr, exceptionThrowingGenerator(10, 3), 1), 10);
    assertSayWhenWhileDraining(pool.imapUnordered(MultiprocessingPoolConformanceTest::sqr, exceptionThrowingGenerator(20, 7), 2), 20);
  }

  // CPython: _test_multiprocessing.py _TestPool.test_make_pool
  @Test
  void makePool_negativeOrZeroRefused_threeStartedAtOnce() throws Exception {
    assertThatThrownBy(() -> ProcessPool.builder().maxWorkers(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProcessPool.builder().maxWorkers(0)).isInstanceOf(IllegalArgumentException.class);

    ProcessPool p = pool(ProcessPool.builder().maxWorkers(3).prestart(true)); // Python's Pool starts its workers
    try {
      assertThat(p.workerPids()).hasSize(3);
    } finally {
      p.shutdown();
      assertThat(p.awaitTermination(LIMIT_S, TimeUnit.SECONDS)).isTrue();
    }
  }

  // CPython: _test_multiprocessing.py _TestPool.test_terminate
  @Test
  void terminate_withThousandsOfLongTasksQueued_endsPromptly() throws Exception {
    ProcessPool p = pool(ProcessPool.builder().maxWorkers(3));
    p.mapAsync(millis -> sqr(1, millis), Collections.nCopies(2_000, 600_000L), 1);

    p.shutdownNow();

    assertThat(p.awaitTermination(LIMIT_S, TimeUnit.SECONDS)).isTrue();
  }

  // CPython: _test_multiprocessing.py _TestPool.test_empty_iterable
  @Test
  void emptyInput_everyFormReturnsNothing() throws Exception {
    ProcessPool p = pool(ProcessPool.builder().maxWorkers(1));

    assertThat(p.map(MultiprocessingPoolConformanceTest::sqr, List.<Integer>of())).isEmpty();
    assertThat(drain(p.imap(MultiprocessingPoolConformanceTest::sqr, List.<Integer>of()))).isEmpty();
    assertThat(drain(p.imapUnordered(MultiprocessingPoolConformanceTest::sqr, List.<Integer>of()))).isEmpty();
    assertThat(p.mapAsync(MultiprocessingPoolConformanceTest::sqr, List.<Integer>of()).get(LIMIT_S, TimeUnit.SECONDS)).isEmpty();
    p.shutdown();
    assertThat(p.awaitTermination(LIMIT_S, TimeUnit.SECONDS)).isTrue();
  }

  // CPython: _test_multiprocessing.py _TestPool.test_context
  @Test
  void tryWithResources_thenThePoolRefusesWork() throws Exception {
    List<Integer> l = range(10);
    ProcessPool p;
    try (ProcessPool opened = ProcessPool.builder().maxWorkers(2).jvmOptions(TestJvm.options()).output(output.out).build()) {
      p = opened;
      assertThat(opened.mapAsync(MultiprocessingPoolConformanceTest::sqr, l).get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo(squares(10));
    }
    assertThat(p.isTerminated()).isTrue();
    assertThatThrownBy(() -> p.mapAsync(MultiprocessingPoolConformanceTest::sqr, l)).isInstanceOf(RejectedExecutionException.class);
  }

  static int testTraceback() {
    throw new IllegalStateException("123"); // some comment
  }

  // CPython: _test_multiprocessing.py _TestPool.test_traceback
  @Test
  void traceback_theChildsTraceCrosses_butAnInputsExceptionIsNotRemote() throws Exception {
    Future<Integer> future = pool.submit(MultiprocessingPoolConformanceTest::testTraceback);
    Throwable exc = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, future::get).getCause();

    assertThat(exc).isInstanceOf(RemoteException.class);
    assertThat(exc.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("123");
    assertThat(((RemoteException) exc).remoteStackTrace()).contains("testTraceback");
    Throwable notRemote = org.junit.jupiter.api.Assertions.assertThrows(
        SayWhenError.class, () -> pool.map(MultiprocessingPoolConformanceTest::sqr, exceptionThrowingGenerator(1, -1), 1));
    assertThat(notRemote.getCause()).isNull();
  }

  static int testWrappedException() {
    throw new IllegalStateException("foo");
  }

  // CPython: _test_multiprocessing.py _TestPool.test_wrapped_exception (here: the original is the cause)
  @Test
  void wrappedException_theOriginalIsTheRemoteExceptionsCause() {
    Future<Integer> future = pool.submit(MultiprocessingPoolConformanceTest::testWrappedException);

    assertThatThrownBy(future::get).isInstanceOf(ExecutionException.class).cause().isInstanceOf(RemoteException.class)
        .cause().isInstanceOf(IllegalStateException.class).hasMessage("foo");
  }

  /** Python's {@code raise_large_valuerror(wait)}, leaving a file behind to show it ran to its end. */
  record RaiseLargeValueError(String markerPrefix) implements SerializableFunction<Integer, Integer> {
    @Override
    public Integer apply(Integer waitSeconds) {
      PoolApi314Test.pause(TimeUnit.SECONDS.toMillis(waitSeconds));
      try {
        Files.createFile(Path.of(markerPrefix + waitSeconds));
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
      throw new IllegalArgumentException("x".repeat(1 << 20));
    }
  }

  // CPython: _test_multiprocessing.py _TestPool.test_map_no_failfast
  @Test
  void map_failsFast_butCloseStillWaitsForEveryTask(@TempDir Path dir) {
    String prefix = dir.resolve("done-").toString();
    ProcessPool p = pool(ProcessPool.builder().maxWorkers(2));

    assertThatThrownBy(() -> {
      try {
        p.map(new RaiseLargeValueError(prefix), List.of(0, 1), 1);
      } finally {
        p.close();
      }
    }).isInstanceOf(RemoteException.class).hasCauseInstanceOf(IllegalArgumentException.class);

    assertThat(Path.of(prefix + 1)).as("close waited for the slower task").exists();
  }

  /** Counted as Python's CountedObject is: this test watches them with weak references instead. */
  static final class CountedObject implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
  }

  // CPython: _test_multiprocessing.py _TestPool.test_release_task_refs
  @Test
  void map_keepsNoReferenceToTheArgumentsOrResults() {
    List<CountedObject> objs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      objs.add(new CountedObject());
    }
    List<WeakReference<CountedObject>> refs = objs.stream().map(WeakReference::new).toList();
    List<CountedObject> results = pool.map(x -> x, objs);
    List<WeakReference<CountedObject>> resultRefs = results.stream().map(WeakReference::new).toList();
    objs = null;
    results = null;

    refs.forEach(ExecutorConformanceTest::awaitCollected);
    resultRefs.forEach(ExecutorConformanceTest::awaitCollected);
  }

  static int raising() {
    throw new java.util.NoSuchElementException("key");
  }

  // CPython: _test_multiprocessing.py _TestPoolWorkerErrors.test_async_error_callback
  @Test
  void applyAsync_errorCallbackGetsTheException() throws Exception {
    AtomicReference<Throwable> scratchpad = new AtomicReference<>();
    CompletableFuture<Integer> res = pool.submit(MultiprocessingPoolConformanceTest::raising);
    CompletableFuture<Integer> callbackDone = res.whenComplete((value, error) -> scratchpad.set(error));

    assertThatThrownBy(() -> res.get(LIMIT_S, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    callbackDone.exceptionally(e -> null).get(LIMIT_S, TimeUnit.SECONDS);
    assertThat(scratchpad.get()).isInstanceOf(RemoteException.class).hasCauseInstanceOf(java.util.NoSuchElementException.class);
  }

  static Object unpickleableResult() {
    return new A();
  }

  // CPython: _test_multiprocessing.py _TestPoolWorkerErrors.test_unpickleable_result
  @Test
  void resultsThatCannotBeSerialized_failOneByOne_noWorkerIsLost() throws Exception {
    ProcessPool p = pool(ProcessPool.builder().maxWorkers(2));
    Set<Long> workers = new HashSet<>();
    for (int iteration = 0; iteration < 20; iteration++) {
      AtomicReference<Throwable> scratchpad = new AtomicReference<>();
      CompletableFuture<Object> res = p.submit(MultiprocessingPoolConformanceTest::unpickleableResult);
      res.whenComplete((value, error) -> scratchpad.set(error));

      assertThatThrownBy(() -> res.get(LIMIT_S, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
      assertThat(scratchpad.get()).isInstanceOf(RemoteException.class).hasMessageContaining("NotSerializableException");
      workers.addAll(p.workerPids());
    }
    assertThat(workers).as("the same workers all along").hasSizeLessThanOrEqualTo(2);
    p.shutdown();
    assertThat(p.awaitTermination(LIMIT_S, TimeUnit.SECONDS)).isTrue();
  }

  // CPython: _test_multiprocessing.py _TestPoolWorkerLifetime.test_pool_worker_lifetime
  @Test
  void maxTasksPerChild_workersAreReplaced_resultsRight() throws Exception {
    ProcessPool p = pool(ProcessPool.builder().maxWorkers(2).maxTasksPerChild(10).prestart(true));
    Set<Long> original = new HashSet<>(p.workerPids());
    assertThat(original).hasSize(2);
    List<Future<Integer>> results = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < 60; i++) {
      int n = i;
      results.add(p.submit(() -> sqr(n)));
    }
    for (int j = 0; j < results.size(); j++) {
      assertThat(results.get(j).get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo(j * j);
      seen.addAll(p.workerPids());
    }

    assertThat(seen).as("the workers changed").isNotEqualTo(original).hasSizeGreaterThan(2);
    p.shutdown();
    assertThat(p.awaitTermination(LIMIT_S, TimeUnit.SECONDS)).isTrue();
  }

  // CPython: _test_multiprocessing.py _TestPoolWorkerLifetime.test_pool_worker_lifetime_early_close
  @Test
  void maxTasksPerChildOne_closedBeforeTheTasksAreDone_closeDoesNotHang() throws Exception {
    ProcessPool p = pool(ProcessPool.builder().maxWorkers(3).maxTasksPerChild(1));
    List<Future<Integer>> results = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      int n = i;
      results.add(p.submit(() -> sqr(n, 300)));
    }

    p.shutdown();
    assertThat(p.awaitTermination(LIMIT_S, TimeUnit.SECONDS)).isTrue();

    for (int j = 0; j < results.size(); j++) {
      assertThat(results.get(j).get()).isEqualTo(j * j);
    }
  }

  // CPython: _test_multiprocessing.py _TestPoolWorkerLifetime.test_pool_maxtasksperchild_invalid (0 means no limit here)
  @Test
  void maxTasksPerChild_negativeRefused_zeroMeansNoLimit() throws Exception {
    assertThatThrownBy(() -> ProcessPool.builder().maxTasksPerChild(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxTasksPerChild must be >= 0 (0: no limit)");

    ProcessPool unlimited = pool(ProcessPool.builder().maxWorkers(1).maxTasksPerChild(0));
    long first = unlimited.submit(() -> ProcessHandle.current().pid()).get(LIMIT_S, TimeUnit.SECONDS);
    for (int i = 0; i < 5; i++) {
      assertThat(unlimited.submit(() -> ProcessHandle.current().pid()).get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo(first);
    }
  }

  /** In a fresh JVM: a pool held by an object, used once, never closed, as the upstream script does. */
  record PoolInAnObject() implements SerializableRunnable {
    @Override
    public void run() {
      List<Integer> mapped = new Holder().pool.map(Integer::intValue, IntStream.range(0, 10).boxed().toList());
      System.out.println("mapped " + mapped.size());
    }

    static final class Holder {
      final ProcessPool pool = ProcessPool.builder().maxWorkers(1).jvmOptions(TestJvm.options()).build();
    }
  }

  // CPython: _test_multiprocessing.py _TestPoolWorkerLifetime.test_worker_finalization_via_atexit_handler_of_multiprocessing
  @Test
  void aPoolNeverClosed_theJvmStillExitsCleanly() throws Exception {
    ChildProcess child = ChildProcess.builder(new PoolInAnObject()).jvmOptions(TestJvm.options()).output(output.out).build();
    child.start();

    assertThat(child.join(Duration.ofSeconds(LIMIT_S))).isTrue();

    assertThat(child.exitCode()).hasValue(0);
    assertThat(output.lines()).contains("mapped 10");
  }
}
