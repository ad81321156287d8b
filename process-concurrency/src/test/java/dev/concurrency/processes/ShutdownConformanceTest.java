package dev.concurrency.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * CPython's {@code test_concurrent_futures/test_shutdown.py} ({@code ExecutorShutdownTest} and
 * {@code ProcessPoolShutdownTest}), ported, 3.14 included. Where the upstream test runs a fresh interpreter, this one
 * runs a fresh JVM (a {@link ChildProcess}) whose pool lives and dies with it.
 */
@Timeout(120)
final class ShutdownConformanceTest {

  private static final long LIMIT_S = 30;

  private final Captured output = new Captured();
  private final Started started = new Started();
  @TempDir Path dir;

  @AfterEach
  void stopEverything() throws InterruptedException {
    started.stopAll();
  }

  private ProcessPool pool(int workers) {
    return pool(ProcessPool.builder().maxWorkers(workers));
  }

  private ProcessPool pool(ProcessPool.Builder builder) {
    return started.pool(builder, output);
  }

  static Object sleep(long millis) {
    PoolApi314Test.pause(millis);
    return null;
  }

  static Object sleepAndPrint(long millis, String message) {
    sleep(millis);
    System.out.println(message);
    return null;
  }

  private static void awaitExit(long pid) {
    ProcessHandle.of(pid).ifPresent(h -> h.onExit().orTimeout(LIMIT_S, TimeUnit.SECONDS).join());
  }

  // CPython: test_shutdown.py ExecutorShutdownTest.test_run_after_shutdown
  @Test
  void submitAfterShutdown_refused() {
    ProcessPool pool = pool(1);
    pool.shutdown();

    assertThatThrownBy(() -> pool.submit(() -> 2 * 5)).isInstanceOf(RejectedExecutionException.class).hasMessageContaining("shut down");
  }

  /** In a fresh JVM: a pool gets a task that prints after a second, and main returns without shutting it down. */
  record ExitWithATaskPending(String pidFile, boolean shutdownWithoutWaiting) implements SerializableRunnable {
    @Override
    public void run() {
      ProcessPool pool = ProcessPool.builder().maxWorkers(1).jvmOptions(TestJvm.options()).build();
      pool.submit(() -> sleepAndPrint(1_000, "apple"));
      Grandchild.publishPid(pidFile, pool.workerPids().get(0));
      if (shutdownWithoutWaiting) {
        pool.shutdown(); // shutdown(wait=False)
      }
    }
  }

  private void exitWithATaskPending(boolean shutdownWithoutWaiting) throws Exception {
    Path pidFile = dir.resolve("worker.pid");
    ChildProcess child = ChildProcess.builder(new ExitWithATaskPending(pidFile.toString(), shutdownWithoutWaiting))
        .jvmOptions(TestJvm.options())
        .output(output.out)
        .build();
    started.child(child).start();

    assertThat(child.join(Duration.ofSeconds(LIMIT_S))).as("the JVM exits; nothing holds it").isTrue();

    assertThat(child.exitCode()).hasValue(0);
    awaitExit(Long.parseLong(Files.readString(pidFile).trim()));
    assertThat(output.lines()).as("its daemon worker died with it: the task never printed").doesNotContain("apple");
  }

  // CPython: test_shutdown.py ExecutorShutdownTest.test_interpreter_shutdown (difference: workers are daemons)
  @Test
  void jvmExitsWithATaskPending_theWorkerDiesWithIt_noOrphan() throws Exception {
    exitWithATaskPending(/* shutdownWithoutWaiting= */ false);
  }

  // CPython: test_shutdown.py ExecutorShutdownTest.test_hang_gh83386 (skipped upstream for process pools: it hangs)
  @Test
  void shutdownWithoutWaiting_thenJvmExit_doesNotHang() throws Exception {
    exitWithATaskPending(/* shutdownWithoutWaiting= */ true);
  }

  /** In a fresh JVM: a shutdown hook submits to a pool, as an atexit handler does upstream. */
  record SubmitFromAShutdownHook() implements SerializableRunnable {
    @Override
    public void run() {
      ProcessPool pool = ProcessPool.builder().maxWorkers(1).jvmOptions(TestJvm.options()).build();
      try {
        pool.submit(() -> 42).get(LIMIT_S, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          pool.submit(() -> 1);
          System.out.println("accepted");
        } catch (RejectedExecutionException e) {
          System.out.println("runtime-error: " + e.getMessage());
        }
      }));
    }
  }

  // CPython: test_shutdown.py ExecutorShutdownTest.test_submit_after_interpreter_shutdown
  @Test
  void submitWhileTheJvmExits_refused() throws Exception {
    ChildProcess child = ChildProcess.builder(new SubmitFromAShutdownHook())
        .jvmOptions(TestJvm.options())
        .output(output.out)
        .build();
    started.child(child).start();

    assertThat(child.join(Duration.ofSeconds(LIMIT_S))).isTrue();

    assertThat(output.text()).contains("runtime-error:", "while this JVM exits").doesNotContain("accepted");
  }

  // CPython: test_shutdown.py ExecutorShutdownTest.test_hang_issue12364
  @Test
  void shutdown_withManyTasksQueued_everyOneStillCompletes() throws Exception {
    ProcessPool pool = pool(2);
    List<Future<Object>> futures = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      futures.add(pool.submit(() -> sleep(20)));
    }

    pool.shutdown();

    for (Future<Object> future : futures) {
      assertThat(future.get(LIMIT_S, TimeUnit.SECONDS)).isNull();
    }
  }

  // CPython: test_shutdown.py ExecutorShutdownTest.test_cancel_futures
  @Test
  void shutdownCancelFutures_cancelsMany_theOthersFinishCleanly() throws Exception {
    ProcessPool pool = pool(2);
    List<Future<Object>> futures = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      futures.add(pool.submit(() -> sleep(100)));
    }

    pool.shutdown(/* wait= */ true, /* cancelFutures= */ true);

    List<Future<Object>> cancelled = futures.stream().filter(Future::isCancelled).toList();
    List<Future<Object>> others = futures.stream().filter(f -> !f.isCancelled()).toList();
    assertThat(cancelled).hasSizeGreaterThan(20);
    assertThat(others).isNotEmpty().allSatisfy(f -> assertThat(f.state()).isEqualTo(Future.State.SUCCESS));
  }

  // CPython: test_shutdown.py ExecutorShutdownTest.test_hang_gh94440
  @Test
  void aTaskSubmittedAndCancelledRightBeforeShutdown_doesNotHangIt() throws Exception {
    ProcessPool pool = pool(1);
    pool.submit(() -> 0).get(LIMIT_S, TimeUnit.SECONDS);
    pool.submit(() -> 0).cancel(/* mayInterruptIfRunning= */ false);

    pool.shutdown(/* wait= */ true, /* cancelFutures= */ false);

    assertThat(pool.isTerminated()).isTrue();
  }

  // CPython: test_shutdown.py ProcessPoolShutdownTest.test_processes_terminate
  @Test
  void processesStartOnDemand_andAllExitAtShutdown() throws Exception {
    ProcessPool pool = pool(5);
    List<Future<Object>> futures = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      futures.add(pool.submit(() -> sleep(300)));
    }
    List<Long> processes = pool.workerPids();
    assertThat(processes).hasSize(3);
    for (Future<Object> future : futures) {
      future.get(LIMIT_S, TimeUnit.SECONDS);
    }

    pool.shutdown();

    processes.forEach(ShutdownConformanceTest::awaitExit);
    assertThat(pool.awaitTermination(LIMIT_S, TimeUnit.SECONDS)).isTrue();
  }

  // CPython: test_shutdown.py ProcessPoolShutdownTest.test_context_manager_shutdown
  @Test
  void tryWithResources_mapsThenEveryWorkerExits() {
    List<Long> processes;
    try (ProcessPool pool = ProcessPool.builder().maxWorkers(2).jvmOptions(TestJvm.options()).output(output.out).build()) {
      assertThat(pool.map(Math::abs, IntStream.range(-5, 5).boxed().toList())).containsExactly(5, 4, 3, 2, 1, 0, 1, 2, 3, 4);
      processes = pool.workerPids();
    }
    processes.forEach(ShutdownConformanceTest::awaitExit);
  }

  private List<Integer> absMapped(ResultIterator<Integer> results) {
    List<Integer> all = new ArrayList<>();
    results.forEachRemaining(all::add);
    return all;
  }

  // CPython: test_shutdown.py ProcessPoolShutdownTest.test_del_shutdown
  @Test
  void aPoolNobodyReaches_isShutDownWhenCollected_itsResultsStillArrive() {
    ProcessPool pool = ProcessPool.builder().maxWorkers(2).jvmOptions(TestJvm.options()).output(output.out).build();
    ResultIterator<Integer> results = pool.map(Math::abs, IntStream.range(-5, 5).boxed().toList(), MapOptions.DEFAULT);
    List<Long> processes = pool.workerPids();
    pool = null; // del executor

    Await.until(() -> {
      System.gc(); // collects the unreachable pool; its cleaner shuts it down
      return processes.stream().noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }, "the collected pool's workers exit");
    assertThat(absMapped(results)).containsExactly(5, 4, 3, 2, 1, 0, 1, 2, 3, 4);
  }

  // CPython: test_shutdown.py ProcessPoolShutdownTest.test_shutdown_no_wait
  @Test
  void shutdownWithoutWaiting_theWorkersStillExit_afterTheResults() throws Exception {
    ProcessPool pool = pool(2);
    ResultIterator<Integer> results = pool.map(Math::abs, IntStream.range(-5, 5).boxed().toList(), MapOptions.DEFAULT);
    List<Long> processes = pool.workerPids();

    pool.shutdown(/* wait= */ false, /* cancelFutures= */ false);

    processes.forEach(ShutdownConformanceTest::awaitExit);
    assertThat(absMapped(results)).containsExactly(5, 4, 3, 2, 1, 0, 1, 2, 3, 4);
  }

  static int goodTask(int n) {
    sleep(100L * n);
    return n;
  }

  static int failingTask(int n) {
    throw new IllegalArgumentException("failing task");
  }

  private int gh132969(int workers) throws Exception {
    ProcessPool pool = pool(ProcessPool.builder().maxWorkers(workers).maxTasksPerChild(1));
    Future<Integer> f1 = pool.submit(() -> goodTask(1));
    Future<Integer> f2 = pool.submit(() -> failingTask(2));
    Future<Integer> f3 = pool.submit(() -> goodTask(3));
    int result = 0;
    try {
      result += f1.get(LIMIT_S, TimeUnit.SECONDS);
      result += f2.get(LIMIT_S, TimeUnit.SECONDS);
      result += f3.get(LIMIT_S, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(RemoteException.class).hasMessageContaining("failing task");
    }
    pool.shutdown(/* wait= */ false, /* cancelFutures= */ false);
    assertThat(pool.awaitTermination(LIMIT_S, TimeUnit.SECONDS)).as("no hang").isTrue();
    return result;
  }

  // CPython: test_shutdown.py ProcessPoolShutdownTest.test_shutdown_gh_132969_case_1
  @Test
  void maxTasksPerChildOne_aFailedTask_thenShutdownWithoutWaiting_twoWorkers() throws Exception {
    assertThat(gh132969(2)).isEqualTo(1);
  }

  // CPython: test_shutdown.py ProcessPoolShutdownTest.test_shutdown_gh_132969_case_2
  @Test
  void maxTasksPerChildOne_aFailedTask_thenShutdownWithoutWaiting_fourWorkers() throws Exception {
    assertThat(gh132969(4)).isEqualTo(1);
  }
}
