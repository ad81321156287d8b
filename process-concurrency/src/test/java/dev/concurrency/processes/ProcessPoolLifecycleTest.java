package dev.concurrency.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Starting, reusing, replacing and stopping workers; each test has its own pool, killed afterwards. */
@Timeout(60)
final class ProcessPoolLifecycleTest {

  private static final long LIMIT_S = 30;

  private final Captured output = new Captured();
  private final List<ProcessPool> pools = new ArrayList<>();

  private ProcessPool.Builder builder() {
    return ProcessPool.builder().jvmOptions(TestJvm.options()).output(output.out);
  }

  private ProcessPool track(ProcessPool pool) {
    pools.add(pool);
    return pool;
  }

  @AfterEach
  void killPools() throws InterruptedException {
    for (ProcessPool pool : pools) {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(LIMIT_S, TimeUnit.SECONDS)).isTrue();
    }
  }

  static long pid() {
    return ProcessHandle.current().pid();
  }

  static String slow() throws InterruptedException {
    Thread.sleep(1_500); // stands for work in the child; nothing here coordinates threads
    return "slow";
  }

  static String hang() throws InterruptedException {
    Thread.sleep(600_000); // a child task that never ends by itself: the test is how shutdownNow stops it
    return "never";
  }

  @Test
  void lazy_noWorkerUntilTheFirstTask() throws Exception {
    ProcessPool pool = track(builder().maxWorkers(2).build());

    assertThat(pool.workerPids()).isEmpty();
    pool.submit(() -> 1).get(LIMIT_S, TimeUnit.SECONDS);
    assertThat(pool.workerPids()).hasSize(1);
  }

  @Test
  void prestart_everyWorkerStartedAtBuild_andTheyTakeTasks() throws Exception {
    ProcessPool pool = track(builder().maxWorkers(2).prestart(true).build());
    List<Long> prestarted = pool.workerPids();

    assertThat(prestarted).hasSize(2);
    assertThat(pool.submit(ProcessPoolLifecycleTest::pid).get(LIMIT_S, TimeUnit.SECONDS)).isIn(prestarted);
    assertThat(pool.workerPids()).containsExactlyInAnyOrderElementsOf(prestarted);
  }

  /** A prestarted worker that is shut down while idle must exit, whether or not it ever ran a task. */
  @Test
  void prestart_shutdownAfterTasks_everyWorkerExits() throws Exception {
    ProcessPool pool = track(builder().maxWorkers(2).prestart(true).build());
    Future<Long> first = pool.submit(ProcessPoolLifecycleTest::pid);
    Future<Long> second = pool.submit(ProcessPoolLifecycleTest::pid);
    first.get(LIMIT_S, TimeUnit.SECONDS);
    second.get(LIMIT_S, TimeUnit.SECONDS);

    pool.shutdown();

    assertThat(pool.awaitTermination(LIMIT_S, TimeUnit.SECONDS)).as("every worker exited after shutdown").isTrue();
    assertThat(pool.workerPids()).isEmpty();
  }

  @Test
  void prestart_closeWithoutTasks_returnsOnceEveryWorkerExited() {
    ProcessPool pool = track(builder().maxWorkers(2).prestart(true).build());

    pool.close();

    assertThat(pool.isTerminated()).isTrue();
  }

  @Test
  void prestart_mapThenClose_returnsOnceEveryWorkerExited() throws Exception {
    ProcessPool pool = track(builder().maxWorkers(2).prestart(true).build());

    assertThat(pool.map(x -> x * 2, List.of(1, 2, 3, 4), 1)).containsExactly(2, 4, 6, 8);
    pool.close();

    assertThat(pool.isTerminated()).isTrue();
  }

  @Test
  void maxTasksPerChild_workerReplacedAfterThatManyTasks() throws Exception {
    ProcessPool pool = track(builder().maxWorkers(1).maxTasksPerChild(2).build());
    List<Long> pids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      pids.add(pool.submit(ProcessPoolLifecycleTest::pid).get(LIMIT_S, TimeUnit.SECONDS));
    }

    assertThat(pids.get(0)).isEqualTo(pids.get(1));
    assertThat(pids.get(2)).isEqualTo(pids.get(3)).isNotEqualTo(pids.get(0));
  }

  static void initialize() {
    System.setProperty("pool.initialized", "yes");
  }

  @Test
  void initializer_runsInEachWorkerBeforeItsFirstTask() throws Exception {
    ProcessPool pool = track(builder().maxWorkers(1).initializer(ProcessPoolLifecycleTest::initialize).build());

    assertThat(pool.submit(() -> System.getProperty("pool.initialized")).get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo("yes");
  }

  @Test
  void shutdown_queuedTasksStillRun_newOnesRefused_workersExit() throws Exception {
    ProcessPool pool = track(builder().maxWorkers(1).build());
    List<Future<Integer>> futures = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int n = i;
      futures.add(pool.submit(() -> n));
    }

    pool.shutdown();

    assertThat(pool.isShutdown()).isTrue();
    assertThatThrownBy(() -> pool.submit(() -> 9))
        .isInstanceOf(RejectedExecutionException.class)
        .hasMessageContaining("shut down");
    assertThat(pool.awaitTermination(LIMIT_S, TimeUnit.SECONDS)).isTrue();
    assertThat(pool.isTerminated()).isTrue();
    for (int i = 0; i < 3; i++) {
      assertThat(futures.get(i).get()).isEqualTo(i);
    }
    assertThat(pool.workerPids()).isEmpty();
  }

  @Test
  void shutdownWaitCancelFutures_cancelsQueued_theOnesAWorkerHoldsFinish() throws Exception {
    ProcessPool pool = track(builder().maxWorkers(1).build());
    Future<String> running = pool.submit(ProcessPoolLifecycleTest::slow);
    Future<Integer> sentAhead = pool.submit(() -> 1); // in the worker's channel: running, as Python counts it
    Future<Integer> queued = pool.submit(() -> 2);

    pool.shutdown(/* wait= */ true, /* cancelFutures= */ true);

    assertThat(queued.isCancelled()).isTrue();
    assertThat(running.get()).isEqualTo("slow");
    assertThat(sentAhead.get()).isEqualTo(1);
    assertThat(pool.isTerminated()).isTrue();
  }

  /** Creates a file once it runs, then hangs until its worker is killed. */
  record HangAfterMarking(String marker) implements SerializableCallable<String> {
    @Override
    public String call() throws Exception {
      Files.createFile(Path.of(marker));
      return hang();
    }
  }

  static void awaitStarted(ProcessPool pool, CompletableFuture<?> task) {
    Await.started(pool, task);
  }

  @Test
  void shutdownNow_killsWorkers_cancelsRunning_returnsTasksThatNeverRan(@TempDir Path dir) throws Exception {
    ProcessPool pool = track(builder().maxWorkers(1).build());
    Path marker = dir.resolve("running");
    CompletableFuture<String> running = pool.submit(new HangAfterMarking(marker.toString()));
    SerializableRunnable neverRuns = () -> {};
    pool.submit(neverRuns);
    pool.submit(() -> 2);
    long worker = awaitOneWorker(pool);
    awaitStarted(pool, running);

    List<Runnable> neverRan = pool.shutdownNow();

    assertThat(neverRan).hasSize(2).contains(neverRuns);
    assertThat(running.isCancelled()).isTrue();
    assertThat(pool.awaitTermination(LIMIT_S, TimeUnit.SECONDS)).isTrue();
    assertThat(ProcessHandle.of(worker).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    neverRan.get(1).run(); // the Callable, wrapped: runs here, harmlessly
  }

  private static long awaitOneWorker(ProcessPool pool) {
    Await.until(() -> !pool.workerPids().isEmpty(), "a worker starts");
    return pool.workerPids().get(0);
  }

  @Test
  void close_waitsForQueuedTasks() throws Exception {
    Future<Integer> future;
    try (ProcessPool pool = builder().maxWorkers(1).build()) {
      future = pool.submit(() -> 5);
    }
    assertThat(future).isDone();
    assertThat(future.get()).isEqualTo(5);
  }

  @Test
  void taskTimeout_killsAndReplacesTheWorker_taskFailsWithTimeout() throws Exception {
    ProcessPool pool = track(builder().maxWorkers(1).taskTimeout(Duration.ofSeconds(1)).build());
    Future<String> hanging = pool.submit(ProcessPoolLifecycleTest::hang);

    assertThatThrownBy(() -> hanging.get(LIMIT_S, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(TimeoutException.class)
        .hasMessageContaining("was killed and will be replaced");
    long next = pool.submit(ProcessPoolLifecycleTest::pid).get(LIMIT_S, TimeUnit.SECONDS);
    assertThat(new HashSet<>(pool.workerPids())).containsExactly(next);
  }

  @Test
  void cancel_taskInThePoolsQueue_neverRuns(@TempDir Path dir) throws Exception {
    ProcessPool pool = track(builder().maxWorkers(1).build());
    Future<String> running = pool.submit(ProcessPoolLifecycleTest::slow);
    Future<Integer> sentAhead = pool.submit(() -> 1); // the pool sends one task ahead into the busy worker
    String marker = dir.resolve("ran").toString();
    Future<Integer> queued = pool.submit(() -> {
      Files.createFile(Path.of(marker));
      return 3;
    });

    assertThat(queued.cancel(/* mayInterruptIfRunning= */ false)).isTrue();

    assertThat(running.get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo("slow");
    assertThat(sentAhead.get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo(1);
    assertThatThrownBy(queued::get).isInstanceOf(CancellationException.class);
    assertThat(pool.submit(() -> 4).get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo(4);
    assertThat(Path.of(marker)).doesNotExist();
  }

  @Test
  void cancelWithoutInterrupt_taskAWorkerHolds_returnsFalse_asPython_andItRuns() throws Exception {
    ProcessPool pool = track(builder().maxWorkers(1).build());
    Future<String> running = pool.submit(ProcessPoolLifecycleTest::slow);
    Future<Integer> sentAhead = pool.submit(() -> 1);

    assertThat(running.cancel(/* mayInterruptIfRunning= */ false)).isFalse();
    assertThat(sentAhead.cancel(/* mayInterruptIfRunning= */ false)).isFalse();

    assertThat(running.get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo("slow");
    assertThat(sentAhead.get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(running.isCancelled()).isFalse();
  }

  @Test
  void cancelWithInterrupt_taskWaitingInAWorkersChannel_isSkipped_neverRuns(@TempDir Path dir) throws Exception {
    ProcessPool pool = track(builder().maxWorkers(1).build());
    Future<String> running = pool.submit(ProcessPoolLifecycleTest::slow);
    String marker = dir.resolve("ran").toString();
    Future<Integer> sentAhead = pool.submit(() -> {
      Files.createFile(Path.of(marker));
      return 1;
    });

    assertThat(sentAhead.cancel(/* mayInterruptIfRunning= */ true)).isTrue();

    assertThat(running.get(LIMIT_S, TimeUnit.SECONDS)).as("the running one is not disturbed").isEqualTo("slow");
    assertThat(pool.submit(() -> 2).get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo(2); // after the skipped one
    assertThat(sentAhead.isCancelled()).isTrue();
    assertThat(Path.of(marker)).doesNotExist();
  }

  @Test
  void cancelWithInterrupt_runningTask_killsAndReplacesItsWorker_theTaskBehindRunsElsewhere(@TempDir Path dir)
      throws Exception {
    ProcessPool pool = track(builder().maxWorkers(1).build());
    Path marker = dir.resolve("running");
    CompletableFuture<String> running = pool.submit(new HangAfterMarking(marker.toString()));
    Future<Long> behind = pool.submit(ProcessPoolLifecycleTest::pid);
    long worker = awaitOneWorker(pool);
    awaitStarted(pool, running);

    assertThat(running.cancel(/* mayInterruptIfRunning= */ true)).isTrue();

    assertThat(running.isCancelled()).isTrue();
    ProcessHandle.of(worker).ifPresent(handle -> handle.onExit().orTimeout(LIMIT_S, TimeUnit.SECONDS).join());
    assertThat(behind.get(LIMIT_S, TimeUnit.SECONDS)).as("the task behind it ran on the replacement").isNotEqualTo(worker);
  }

  /** Blocks until {@code release} is set (at most the test's limit), then returns this worker's pid. */
  static long pidOnceSet(SharedEvent release) throws InterruptedException {
    assertThat(release.await(Duration.ofSeconds(LIMIT_S))).as("released within the limit").isTrue();
    return pid();
  }

  /*
   * The next two tests hold both workers with tasks that wait for an event, then submit a third: no worker is idle,
   * so the pool sends it ahead into one of them (the first, as it breaks ties). Python's workers take tasks from
   * one shared queue, so there a task never waits behind a blocked one while a worker is free; neither may it here.
   */

  @Test
  void taskSentAheadBehindABlockedOne_runsOnTheWorkerThatFreesUp() throws Exception {
    ProcessPool pool = track(builder().maxWorkers(2).build());
    SharedEvent releaseFirst = SharedEvent.create();
    SharedEvent releaseSecond = SharedEvent.create();
    Future<Long> first = pool.submit(() -> pidOnceSet(releaseFirst));
    Future<Long> second = pool.submit(() -> pidOnceSet(releaseSecond));
    Future<Long> behind = pool.submit(ProcessPoolLifecycleTest::pid);

    releaseSecond.set();

    long freed = second.get(LIMIT_S, TimeUnit.SECONDS);
    assertThat(behind.get(LIMIT_S, TimeUnit.SECONDS)).as("it ran while the first task still waited").isEqualTo(freed);
    assertThat(first.isDone()).isFalse();
    releaseFirst.set();
    assertThat(first.get(LIMIT_S, TimeUnit.SECONDS)).isNotEqualTo(freed);
  }

  @Test
  void taskSentAheadBehindABlockedOne_runsOnTheReplacementOfAWorkerThatWasKilled(@TempDir Path dir) throws Exception {
    ProcessPool pool = track(builder().maxWorkers(2).build());
    SharedEvent releaseFirst = SharedEvent.create();
    Future<Long> first = pool.submit(() -> pidOnceSet(releaseFirst));
    CompletableFuture<String> second = pool.submit(new HangAfterMarking(dir.resolve("running").toString()));
    Future<Long> behind = pool.submit(ProcessPoolLifecycleTest::pid);
    Await.file(dir.resolve("running"));

    assertThat(second.cancel(/* mayInterruptIfRunning= */ true)).isTrue(); // kills its worker

    long ranOn = behind.get(LIMIT_S, TimeUnit.SECONDS);
    assertThat(first.isDone()).as("it ran while the first task still waited").isFalse();
    releaseFirst.set();
    assertThat(first.get(LIMIT_S, TimeUnit.SECONDS)).isNotEqualTo(ranOn);
  }

  /** Task {@code index} of the stress test below: a third of them work a while, then each counts its run. */
  static int countRun(SharedArray<Integer> runs, int index) throws InterruptedException {
    if (index % 3 == 0) {
      Thread.sleep(20); // stands for work in the child, so that tasks sent ahead behind it are taken back
    }
    Lock lock = runs.getLock();
    lock.lock();
    try {
      runs.set(index, runs.get(index) + 1);
    } finally {
      lock.unlock();
    }
    return index;
  }

  @Test
  void tasksTakenBackFromBusyWorkers_eachRunExactlyOnce() throws Exception {
    ProcessPool pool = track(builder().maxWorkers(3).build());
    int rounds = 20;
    int burst = 10;
    SharedArray<Integer> runs = SharedArray.create(CType.INT, rounds * burst);
    for (int round = 0; round < rounds; round++) {
      List<Future<Integer>> futures = new ArrayList<>();
      for (int i = round * burst; i < (round + 1) * burst; i++) {
        int index = i;
        futures.add(pool.submit(() -> countRun(runs, index))); // the tail of each burst frees workers
      }
      for (int i = 0; i < burst; i++) {
        assertThat(futures.get(i).get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo(round * burst + i);
      }
    }
    assertThat(runs.toList()).as("how often each task ran").containsOnly(1);
  }

  /*
   * The pool decides which worker gets a task under its lock and writes the frame after releasing it. A submitter
   * and a worker's answer (which dispatches the next queued task) may both give a task to one worker at once; the
   * frames must reach it in the order the pool recorded, or it runs them in the other order and the pool, which
   * matches each STARTED and answer to the task it expects next, waits for ever.
   */
  @Test
  void submit_fromSeveralThreadsWhileAnswersDispatch_everyTaskAnswered() throws Exception {
    ProcessPool pool = track(builder().maxWorkers(2).build());
    int threads = 4;
    int each = 300;
    List<CompletableFuture<List<Future<Integer>>>> submitters = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int base = t * each;
      submitters.add(CompletableFuture.supplyAsync(() -> {
        List<Future<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < each; i++) {
          int n = base + i;
          futures.add(pool.submit(() -> n));
        }
        return futures;
      }));
    }
    int expected = 0;
    for (CompletableFuture<List<Future<Integer>>> submitter : submitters) {
      for (Future<Integer> future : submitter.get(LIMIT_S, TimeUnit.SECONDS)) {
        assertThat(future.get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo(expected++);
      }
    }
  }

  @Test
  void taskTimeout_tasksQueuedBehindTheKilledOne_runOnTheReplacement() throws Exception {
    ProcessPool pool = track(builder().maxWorkers(1).taskTimeout(Duration.ofSeconds(1)).build());
    Future<String> hanging = pool.submit(ProcessPoolLifecycleTest::hang);
    Future<Long> behind = pool.submit(ProcessPoolLifecycleTest::pid);

    assertThatThrownBy(() -> hanging.get(LIMIT_S, TimeUnit.SECONDS)).cause().isInstanceOf(TimeoutException.class);
    assertThat(behind.get(LIMIT_S, TimeUnit.SECONDS)).isIn(pool.workerPids());
  }
}
