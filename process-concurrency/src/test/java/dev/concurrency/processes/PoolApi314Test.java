package dev.concurrency.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.processes.internal.JvmCommand;
import dev.concurrency.processes.internal.WarmSpares;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API people expect from Python 3.14 (issue 21, section 4): {@code terminate_workers} and {@code kill_workers},
 * {@code Executor.map} with {@code timeout} and {@code buffersize} over one or two inputs, lazy {@code imap} over an
 * unbounded input, {@code starmap}, an initializer with arguments, and workers taken from warm spares.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(90)
final class PoolApi314Test {

  private static final long LIMIT_S = 30;

  private final Captured output = new Captured();
  private final Started started = new Started();
  private ProcessPool pool;

  @BeforeAll
  void startPool() {
    pool = started.pool(ProcessPool.builder().maxWorkers(2).name("api-314"), output);
  }

  @AfterAll
  void stopPools() throws InterruptedException {
    started.stopAll();
  }

  private ProcessPool extraPool(ProcessPool.Builder builder) {
    return started.pool(builder, output);
  }

  /** An endless input that counts what was read. */
  static Iterable<Integer> counting(AtomicInteger read) {
    return () -> new Iterator<>() {
      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public Integer next() {
        return read.getAndIncrement();
      }
    };
  }

  // CPython: executor.py ExecutorTest.test_map_buffersize_on_infinite_iterable
  // CPython: executor.py ExecutorTest.test_map_buffersize_when_buffer_is_full
  @Test
  void map_withBufferSize_overAnEndlessInput_readsOnlyWhatTheBufferHolds() {
    AtomicInteger read = new AtomicInteger();

    try (ResultIterator<String> results = pool.map(String::valueOf, counting(read), MapOptions.DEFAULT.withBufferSize(2))) {
      assertThat(read.get()).as("submitted at the call: the buffer's two").isEqualTo(2);
      assertThat(results.next()).isEqualTo("0");
      assertThat(results.next()).isEqualTo("1");
      assertThat(results.next()).isEqualTo("2");
      assertThat(read.get()).as("one more per result taken, ahead of it").isLessThanOrEqualTo(5);
    }
  }

  // CPython: executor.py ExecutorTest.test_map_buffersize_on_multiple_infinite_iterables
  @Test
  void map_twoEndlessInputs_withBufferSize_pairsThem() {
    try (ResultIterator<Integer> sums =
        pool.map(Integer::sum, counting(new AtomicInteger()), counting(new AtomicInteger()), MapOptions.DEFAULT.withBufferSize(2))) {
      assertThat(List.of(sums.next(), sums.next(), sums.next())).containsExactly(0, 2, 4);
    }
  }

  @Test
  void map_twoInputs_endWithTheShorter_inChunks() {
    ResultIterator<Integer> powers =
        pool.map((Integer a, Integer b) -> (int) Math.pow(a, b), List.of(2, 3, 4, 5), List.of(3, 2, 1), MapOptions.DEFAULT.withChunkSize(2));
    List<Integer> all = new ArrayList<>();
    powers.forEachRemaining(all::add);

    assertThat(all).containsExactly(8, 9, 4);
  }

  static int failOnTwo(int x) {
    if (x == 2) {
      throw new ArithmeticException("two");
    }
    return x;
  }

  @Test
  void map_aFailedTask_endsTheIteration_asPython314() {
    ResultIterator<Integer> results = pool.map(PoolApi314Test::failOnTwo, List.of(0, 1, 2, 3, 4), MapOptions.DEFAULT);

    assertThat(results.next()).isZero();
    assertThat(results.next()).isEqualTo(1);
    assertThatThrownBy(results::next).isInstanceOf(RemoteException.class).hasMessageContaining("two");
    assertThat(results.hasNext()).isFalse();
    assertThatThrownBy(results::next).isInstanceOf(NoSuchElementException.class);
  }

  static String sleepy(long millis) {
    pause(millis);
    return "slept " + millis;
  }

  /** Stands for work in the child; nothing here coordinates threads. */
  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  // CPython: executor.py ExecutorTest.test_map_timeout
  @Test
  void map_timeoutForTheWholeIteration_thenCompletionExceptionOfTimeout_andTheRestIsCancelled() {
    ResultIterator<String> results =
        pool.map(PoolApi314Test::sleepy, List.of(0L, 0L, 60_000L), MapOptions.DEFAULT.withTimeout(Duration.ofSeconds(5)));

    assertThat(results.next()).isEqualTo("slept 0");
    assertThat(results.next()).isEqualTo("slept 0");
    assertThatThrownBy(results::next).isInstanceOf(CompletionException.class).hasCauseInstanceOf(TimeoutException.class);
    assertThat(results.hasNext()).isFalse();
  }

  // CPython: executor.py ExecutorTest.test_map_close
  @Test
  void map_close_cancelsWhatHasNotStarted_andEndsTheIteration() {
    ResultIterator<Integer> results = pool.map(x -> x, IntStream.range(0, 100).boxed().toList(), MapOptions.DEFAULT);
    assertThat(results.next()).isZero();

    results.close();

    assertThat(results.hasNext()).isFalse();
    assertThatThrownBy(results::next).isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void mapOptions_badValues_rejectedByName() {
    assertThatThrownBy(() -> MapOptions.DEFAULT.withBufferSize(0)).hasMessageContaining("bufferSize");
    assertThatThrownBy(() -> MapOptions.DEFAULT.withChunkSize(0)).hasMessageContaining("chunkSize must be >= 1");
    assertThatThrownBy(() -> MapOptions.DEFAULT.withTimeout(Duration.ofSeconds(-1))).hasMessageContaining("timeout");
  }

  @Test
  void imap_overAnEndlessInput_isLazy_andNextWithATimeoutLeavesItUsable() throws Exception {
    AtomicInteger read = new AtomicInteger();
    ResultIterator<Long> results = pool.imap(PoolApi314Test::sleepyIdentity, counting(read), 1);

    assertThatThrownBy(() -> results.next(Duration.ofMillis(1))).isInstanceOf(TimeoutException.class);
    assertThat(results.next(Duration.ofSeconds(LIMIT_S))).isEqualTo(0L);
    assertThat(results.next()).isEqualTo(1L);
    assertThat(read.get()).isLessThan(20);
    results.close();
  }

  static long sleepyIdentity(int x) {
    pause(x == 0 ? 300 : 0); // the first result takes a moment, so that next(1 ms) times out
    return x;
  }

  @Test
  void starmap_pairsAsTuples_inOrder_andAsync() throws Exception {
    List<Map.Entry<Integer, Integer>> pairs = IntStream.range(0, 10).mapToObj(i -> Map.entry(i, 9 - i)).toList();
    List<Integer> expected = pairs.stream().map(p -> p.getKey() * p.getValue()).toList();

    assertThat(pool.starmap((Integer a, Integer b) -> a * b, pairs)).containsExactlyElementsOf(expected);
    assertThat(pool.starmap((Integer a, Integer b) -> a * b, pairs, 3)).containsExactlyElementsOf(expected);
    assertThat(pool.starmapAsync((Integer a, Integer b) -> a * b, pairs, 20).get(LIMIT_S, TimeUnit.SECONDS))
        .containsExactlyElementsOf(expected);
  }

  /** Records its argument in a file named by it: the initializer ran with that argument. */
  static void rememberGreeting(String path) {
    try {
      Files.writeString(Path.of(path + "-" + ProcessHandle.current().pid()), "initialized");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  // CPython: _test_multiprocessing.py TestInitializers.test_pool_initializer
  @Test
  void initializerWithAnArgument_runsInEachWorkerWithIt(@TempDir Path dir) throws Exception {
    String prefix = dir.resolve("init").toString();
    ProcessPool initialized =
        extraPool(ProcessPool.builder().maxWorkers(1).initializer(PoolApi314Test::rememberGreeting, prefix));

    long worker = initialized.submit(() -> ProcessHandle.current().pid()).get(LIMIT_S, TimeUnit.SECONDS);

    assertThat(Path.of(prefix + "-" + worker)).hasContent("initialized");
  }

  static String hangWithMarker(String marker) throws Exception {
    Files.createFile(Path.of(marker));
    Thread.sleep(TimeUnit.MINUTES.toMillis(10)); // runs until the test stops its worker
    return "never";
  }

  private void stopWorkers(boolean kill, Path dir) throws Exception {
    ProcessPool stopped = extraPool(ProcessPool.builder().maxWorkers(1));
    Path marker = dir.resolve("running");
    String markerPath = marker.toString();
    Future<?> running = stopped.submit(() -> hangWithMarker(markerPath));
    Future<Integer> queuedBehind = stopped.submit(() -> 1);
    Future<Integer> queued = stopped.submit(() -> 2);
    Await.file(marker);
    long worker = stopped.workerPids().get(0);

    if (kill) {
      stopped.killWorkers();
    } else {
      stopped.terminateWorkers();
    }

    assertThatThrownBy(() -> running.get(LIMIT_S, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(BrokenPoolException.class)
        .hasMessageContaining(kill ? "SIGKILL" : "SIGTERM")
        .hasMessageContaining(kill ? "killWorkers()" : "terminateWorkers()");
    assertThat(queued).as("cancel_futures=True").isCancelled();
    assertThatThrownBy(() -> queuedBehind.get(LIMIT_S, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    assertThatThrownBy(() -> stopped.submit(() -> 3)).isInstanceOf(RejectedExecutionException.class);
    assertThat(stopped.awaitTermination(LIMIT_S, TimeUnit.SECONDS)).isTrue();
    assertThat(ProcessHandle.of(worker).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  // CPython: test_process_pool.py ProcessPoolExecutorTest.test_terminate_workers
  // CPython: test_process_pool.py ProcessPoolExecutorTest.test_force_shutdown_workers (terminate)
  // CPython: test_process_pool.py ProcessPoolExecutorTest.test_force_shutdown_workers_stops_pool
  @Test
  void terminateWorkers_sigterm_runningTasksFailBroken_queuedCancelled_poolTakesNoMore(@TempDir Path dir) throws Exception {
    stopWorkers(/* kill= */ false, dir);
  }

  // CPython: test_process_pool.py ProcessPoolExecutorTest.test_kill_workers
  // CPython: test_process_pool.py ProcessPoolExecutorTest.test_force_shutdown_workers (kill)
  @Test
  void killWorkers_sigkill_runningTasksFailBroken_queuedCancelled_poolTakesNoMore(@TempDir Path dir) throws Exception {
    stopWorkers(/* kill= */ true, dir);
  }

  // CPython: test_process_pool.py ProcessPoolExecutorTest.test_force_shutdown_workers_dead_workers
  // CPython: test_process_pool.py ProcessPoolExecutorTest.test_force_shutdown_workers_not_started_yet
  @Test
  void terminateAndKillWorkers_onAPoolWithNoWorkerOrABrokenOne_doNothingHarmful() throws Exception {
    ProcessPool idle = extraPool(ProcessPool.builder().maxWorkers(1));
    idle.terminateWorkers();
    idle.killWorkers();
    assertThat(idle.awaitTermination(LIMIT_S, TimeUnit.SECONDS)).isTrue();

    ProcessPool broken = extraPool(ProcessPool.builder().maxWorkers(1).faultPolicy(ProcessPool.FaultPolicy.BREAK_POOL));
    CompletableFuture<Object> dead = broken.submit(() -> {
      Runtime.getRuntime().halt(1);
      return null;
    });
    assertThatThrownBy(() -> dead.get(LIMIT_S, TimeUnit.SECONDS)).cause().isInstanceOf(BrokenPoolException.class);
    broken.terminateWorkers();
    broken.killWorkers();
    assertThat(broken.awaitTermination(LIMIT_S, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void warmSpare_newWorkersAreTakenFromABootedSpare_theForkserverAnalogue() throws Exception {
    ProcessPool.Builder settings = ProcessPool.builder().maxWorkers(1).maxTasksPerChild(1).warmSpare(true);
    ProcessPool spared = extraPool(settings);
    JvmCommand command = JvmCommand.ofCurrentJvm(TestJvm.options(), List.of(), JvmCommand.Mode.WORKER);
    try {
      assertThat(WarmSpares.awaitReady(command, Duration.ofSeconds(LIMIT_S))).as("a spare is booted at build").isTrue();
      Instant beforeSubmit = Instant.now();

      long first = spared.submit(() -> ProcessHandle.current().pid()).get(LIMIT_S, TimeUnit.SECONDS);

      Instant firstBoot = ProcessHandle.of(first).flatMap(h -> h.info().startInstant()).orElse(Instant.MIN);
      assertThat(firstBoot).as("the worker was booted before the task was submitted").isBefore(beforeSubmit);
      assertThat(WarmSpares.awaitReady(command, Duration.ofSeconds(LIMIT_S))).as("the next spare boots").isTrue();
      long second = spared.submit(() -> ProcessHandle.current().pid()).get(LIMIT_S, TimeUnit.SECONDS);
      assertThat(second).as("maxTasksPerChild(1): a fresh worker, again from a spare").isNotEqualTo(first);
    } finally {
      WarmSpares.discardAll();
    }
  }
}
