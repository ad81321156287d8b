package dev.concurrency.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InvalidClassException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** The happy paths and per-task failures, on one two-worker pool shared by every test (JVMs are costly). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
final class ProcessPoolTest {

  private static final long LIMIT_S = 30;

  private final Captured output = new Captured();
  private ProcessPool pool;

  @BeforeAll
  void startPool() {
    pool = ProcessPool.builder().maxWorkers(2).jvmOptions(TestJvm.options()).output(output.out).name("shared").build();
  }

  @AfterAll
  void stopPool() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(LIMIT_S, TimeUnit.SECONDS)).isTrue();
  }

  static long pid() {
    return ProcessHandle.current().pid();
  }

  @Test
  void submit_callableRunnableAndRunnableWithResult_completeWithTheirValues() throws Exception {
    Future<Integer> answer = pool.submit(() -> 6 * 7);
    Future<?> nothing = pool.submit(() -> System.out.println("printed by a worker"));
    Future<String> given = pool.submit((Runnable & java.io.Serializable) () -> {}, "given");

    assertThat(answer.get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo(42);
    assertThat(nothing.get(LIMIT_S, TimeUnit.SECONDS)).isNull();
    assertThat(given.get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo("given");
    assertThat(output.lines()).contains("printed by a worker");
  }

  @Test
  void submit_taskRunsInAnotherProcess() throws Exception {
    long worker = pool.submit(ProcessPoolTest::pid).get(LIMIT_S, TimeUnit.SECONDS);

    assertThat(worker).isNotEqualTo(ProcessHandle.current().pid());
    assertThat(pool.workerPids()).contains(worker);
  }

  static int explode() {
    throw new IllegalArgumentException("bad input 7");
  }

  @Test
  void submit_taskThrows_remoteExceptionWithStack_poolStillWorks() throws Exception {
    Future<Integer> failing = pool.submit(ProcessPoolTest::explode);

    assertThatThrownBy(() -> failing.get(LIMIT_S, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(RemoteException.class)
        .hasMessage("java.lang.IllegalArgumentException: bad input 7")
        .satisfies(e -> assertThat(((RemoteException) e).remoteStackTrace()).contains("ProcessPoolTest.explode"));
    assertThat(pool.submit(() -> "still fine").get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo("still fine");
  }

  @Test
  void submit_notSerializableTask_refusedAtSubmit_poolStaysHealthy() throws Exception {
    Callable<String> plain = new Callable<>() {
      @Override
      public String call() {
        return "never";
      }
    };
    Object notSerializable = new Object();

    assertThatThrownBy(() -> pool.submit(plain))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not Serializable")
        .hasMessageContaining("SerializableCallable");
    assertThatThrownBy(() -> pool.submit(() -> notSerializable.hashCode()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Object");
    assertThatThrownBy(() -> pool.execute(() -> {}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(pool.submit(() -> 1).get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo(1);
  }

  @Test
  void submit_resultCannotBeEncoded_failsThatTaskOnly() throws Exception {
    long before = pool.submit(ProcessPoolTest::pid).get(LIMIT_S, TimeUnit.SECONDS);
    Future<Object> unencodable = pool.submit(() -> new Object());

    assertThatThrownBy(() -> unencodable.get(LIMIT_S, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(RemoteException.class)
        .hasMessageContaining("java.io.NotSerializableException");
    assertThat(pool.submit(ProcessPoolTest::pid).get(LIMIT_S, TimeUnit.SECONDS)).as("same worker").isEqualTo(before);
  }

  @Test
  void submit_resultOutsideTheAllowlist_refusedInTheParent_failsThatTaskOnly() throws Exception {
    Future<URI> refused = pool.submit(() -> URI.create("http://example.com"));

    assertThatThrownBy(() -> refused.get(LIMIT_S, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(InvalidClassException.class)
        .hasMessageContaining("allowlist")
        .hasMessageContaining("allow(");
    assertThat(pool.submit(() -> 2).get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo(2);
  }

  @Test
  void submit_oneAfterAnother_reusesTheIdleWorker() throws Exception {
    Set<Long> pids = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      pids.add(pool.submit(ProcessPoolTest::pid).get(LIMIT_S, TimeUnit.SECONDS));
    }

    assertThat(pids).hasSize(1);
  }

  @Test
  void submit_manyAtOnce_neverMoreWorkersThanTheMaximum() throws Exception {
    List<Future<Long>> futures = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      futures.add(pool.submit(ProcessPoolTest::pid));
    }
    Set<Long> pids = new HashSet<>();
    for (Future<Long> future : futures) {
      pids.add(future.get(LIMIT_S, TimeUnit.SECONDS));
    }

    assertThat(pids).hasSizeBetween(1, 2);
    assertThat(pool.workerPids()).hasSizeLessThanOrEqualTo(2);
  }

  @Test
  void map_chunked_resultsInOrder() {
    List<Integer> items = IntStream.range(0, 20).boxed().toList();

    assertThat(pool.map(x -> x * x, items, 3)).containsExactlyElementsOf(items.stream().map(x -> x * x).toList());
    assertThat(pool.map(x -> x + 1, List.of(1, 2))).containsExactly(2, 3);
    assertThat(pool.map(x -> x, List.<Integer>of(), 4)).isEmpty();
  }

  static int failOnThree(int x) {
    if (x == 3) {
      throw new IllegalStateException("three");
    }
    return x;
  }

  @Test
  void map_withoutChunkSize_chunksAsPythonsPoolMap_andTakesAnyIterable() {
    // CPython Lib/multiprocessing/pool.py, Pool._map_async: chunksize, extra = divmod(len, len(pool) * 4)
    assertThat(ProcessPool.defaultChunkSize(100_000, 2)).isEqualTo(12_500);
    assertThat(ProcessPool.defaultChunkSize(10, 2)).isEqualTo(2);
    assertThat(ProcessPool.defaultChunkSize(3, 2)).isEqualTo(1);
    assertThat(ProcessPool.defaultChunkSize(0, 2)).isEqualTo(1);
    Iterable<Integer> notACollection = () -> IntStream.range(0, 50).iterator();

    assertThat(pool.map(x -> -x, notACollection)).containsExactlyElementsOf(IntStream.range(0, 50).map(x -> -x).boxed().toList());
  }

  @Test
  void map_packedNumbersAndMixedItems_roundTripInOrder() {
    List<Long> longs = List.of(Long.MIN_VALUE, -1L, 0L, Long.MAX_VALUE);
    List<Double> doubles = List.of(-0.5, Double.NaN, 1e300);
    List<Object> mixed = new ArrayList<>(List.of(1, 2L, "three"));
    mixed.add(null);

    assertThat(pool.map(x -> x, longs, 3)).containsExactlyElementsOf(longs);
    assertThat(pool.map(x -> x, doubles, 2)).containsExactlyElementsOf(doubles);
    assertThat(pool.map(x -> x, mixed, 4)).containsExactlyElementsOf(mixed);
  }

  @Test
  void map_itemThrows_throwsThatRemoteException() {
    assertThatThrownBy(() -> pool.map(ProcessPoolTest::failOnThree, List.of(1, 2, 3, 4), 2))
        .isInstanceOf(RemoteException.class)
        .hasMessage("java.lang.IllegalStateException: three");
  }

  @Test
  void map_badChunkSize_rejected() {
    assertThatThrownBy(() -> pool.map(x -> x, List.of(1), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chunkSize must be >= 1, was 0");
  }

  @Test
  void imap_readsTheInputLazily_aBoundedWindowAhead() {
    AtomicInteger read = new AtomicInteger();
    Iterable<Integer> counting = () -> new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < 1000;
      }

      @Override
      public Integer next() {
        read.incrementAndGet();
        return next++;
      }
    };

    Iterator<Integer> results = pool.imap(x -> x * 2, counting, 5);

    assertThat(results.next()).isZero();
    assertThat(results.next()).isEqualTo(2);
    // a window of two chunks per worker, and one more submitted before each wait, as Python's buffered map
    assertThat(read.get()).as("items read so far: (two workers x two chunks + one) x five").isLessThanOrEqualTo(25);
    int count = 2;
    while (results.hasNext()) {
      assertThat(results.next()).isEqualTo(2 * count++);
    }
    assertThat(count).isEqualTo(1000);
  }

  @Test
  void imapUnordered_everyResultOnce() {
    List<Integer> items = IntStream.range(0, 30).boxed().toList();
    List<Integer> results = new ArrayList<>();

    pool.imapUnordered(x -> x * 10, items, 4).forEachRemaining(results::add);

    assertThat(results).containsExactlyInAnyOrderElementsOf(items.stream().map(x -> x * 10).toList());
  }

  @Test
  void invokeAll_everyFutureDone_failuresReportedThroughTheirFutures() throws Exception {
    List<SerializableCallable<Integer>> tasks = List.of(() -> 1, ProcessPoolTest::explode, () -> 3);

    List<Future<Integer>> futures = pool.invokeAll(tasks);

    assertThat(futures).allMatch(Future::isDone);
    assertThat(futures.get(0).get()).isEqualTo(1);
    assertThatThrownBy(() -> futures.get(1).get()).cause().isInstanceOf(RemoteException.class);
    assertThat(futures.get(2).get()).isEqualTo(3);
    assertThat(pool.invokeAll(tasks, LIMIT_S, TimeUnit.SECONDS)).allMatch(Future::isDone);
  }

  @Test
  void invokeAny_firstSuccess_orTheFailureWhenAllFail() throws Exception {
    List<SerializableCallable<Integer>> mixed = List.of(ProcessPoolTest::explode, () -> 5);
    List<SerializableCallable<Integer>> failing = List.of(ProcessPoolTest::explode);

    assertThat(pool.invokeAny(mixed)).isEqualTo(5);
    assertThatThrownBy(() -> pool.invokeAny(failing, LIMIT_S, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(RemoteException.class);
    assertThatThrownBy(() -> pool.invokeAny(List.<Callable<Integer>>of())).isInstanceOf(IllegalArgumentException.class);
  }

  static String slow() throws InterruptedException {
    Thread.sleep(2_000); // the work being waited for, in the child; nothing here coordinates threads
    return "slow";
  }

  @Test
  void get_withTimeout_stopsWaitingWhileTheTaskRuns() throws Exception {
    Future<String> slow = pool.submit(ProcessPoolTest::slow);

    assertThatThrownBy(() -> slow.get(10, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
    assertThat(slow.get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo("slow");
  }

  @Test
  void awaitTerminationAndInvokeAll_nullUnit_refusedByName() {
    assertThatThrownBy(() -> pool.awaitTermination(1, null)).isInstanceOf(NullPointerException.class).hasMessage("unit");
    assertThatThrownBy(() -> pool.invokeAll(List.<Callable<String>>of(() -> "x"), 1, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("unit");
  }

  @Test
  void builder_badSettings_rejectedWithTheirNames() {
    assertThatThrownBy(() -> ProcessPool.builder().maxWorkers(0)).hasMessageContaining("maxWorkers");
    assertThatThrownBy(() -> ProcessPool.builder().maxTasksPerChild(-1)).hasMessageContaining("maxTasksPerChild");
    assertThatThrownBy(() -> ProcessPool.builder().taskTimeout(Duration.ZERO)).hasMessageContaining("taskTimeout");
    assertThatThrownBy(() -> ProcessPool.builder().allow("a;b").build()).hasMessageContaining("com.example.**");
  }
}
