package dev.concurrency.threads;

import static dev.concurrency.threads.TestSupport.LONG_DELAY;
import static dev.concurrency.threads.TestSupport.threadsNamed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** ThreadPool's shutdown as Python's: CPython's test_shutdown.py (thread pool parts), ported. */
@Timeout(60)
final class ThreadPoolShutdownTest {

  // CPython: test_shutdown.py ExecutorShutdownTest.test_run_after_shutdown
  @Test
  void submit_afterShutdown_rejected() {
    ThreadPool pool = ThreadPool.fixed(2);
    pool.shutdown();
    assertThatThrownBy(() -> pool.submit(() -> Math.pow(2, 5)))
        .isInstanceOf(java.util.concurrent.RejectedExecutionException.class)
        .hasMessageContaining("shut down");
  }

  // CPython: test_shutdown.py ExecutorShutdownTest.test_interpreter_shutdown -- difference: Python shuts an open
  // pool down at exit and runs its pending work; here the workers are not daemon threads, so an open pool keeps
  // the JVM alive: pending work is never cut off, and the program must close the pool (or ask for daemons)
  @Test
  void workers_areNotDaemonsUnlessAsked() throws Exception {
    try (ThreadPool pool = ThreadPool.builder().workers(2).name("non-daemon").build()) {
      assertThat(pool.submit(() -> Thread.currentThread().isDaemon()).get()).isFalse();
    }
    try (ThreadPool pool = ThreadPool.builder().workers(2).name("daemon").daemon(true).build()) {
      assertThat(pool.submit(() -> Thread.currentThread().isDaemon()).get()).isTrue();
    }
  }

  // CPython: test_shutdown.py ExecutorShutdownTest.test_hang_issue12364
  @Test
  void shutdown_manyPendingTasks_allComplete() throws Exception {
    ThreadPool pool = ThreadPool.fixed(5);
    List<TaskFuture<?>> fs = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      fs.add(pool.submit(() -> {}));
    }
    pool.shutdown();
    for (TaskFuture<?> f : fs) {
      assertThat(f.get(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)).isNull();
    }
  }

  // CPython: test_shutdown.py ExecutorShutdownTest.test_cancel_futures -- the queued are cancelled, the others
  // finish without exception
  @Test
  void shutdownCancelFutures_queuedCancelledOthersFinish() throws Exception {
    ThreadPool pool = ThreadPool.fixed(2);
    CountDownLatch release = new CountDownLatch(1);
    List<TaskFuture<Boolean>> fs = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      fs.add(pool.submit(() -> release.await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)));
    }
    TestSupport.awaitCondition("two tasks run", () -> fs.stream().filter(TaskFuture::isRunning).count() == 2);
    ThreadHandle closer =
        ThreadHandle.platform(
                "closer",
                () -> {
                  try {
                    pool.shutdown(/* wait= */ true, /* cancelFutures= */ true);
                  } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                  }
                })
            .start();
    TestSupport.awaitCondition("the queued are cancelled", () -> fs.stream().filter(TaskFuture::isCancelled).count() == 48);
    release.countDown();
    closer.joinOrThrow();
    List<TaskFuture<Boolean>> others = fs.stream().filter(f -> !f.isCancelled()).toList();
    assertThat(others).hasSize(2).allSatisfy(f -> assertThat(f.isCompletedExceptionally()).isFalse());
  }

  // CPython: test_shutdown.py ExecutorShutdownTest.test_hang_gh83386 -- shutdown(wait=False) with a task still
  // running: main returns, the task finishes, then the JVM exits
  @Test
  void shutdownNoWait_taskOutlivesMain_jvmExitsAfterIt() throws Exception {
    ChildRun run = runChild("no-wait");
    assertThat(run.exitCode).isZero();
    assertThat(run.stdout).containsExactly("main returns", "apple");
  }

  // CPython: test_shutdown.py ThreadPoolShutdownTest.test_cancel_futures_wait_false -- the running task prints,
  // a cancelled one would not; the JVM exits either way
  @Test
  void shutdownNoWaitCancelFutures_jvmExits() throws Exception {
    ChildRun run = runChild("cancel-futures");
    assertThat(run.exitCode).isZero();
    assertThat(run.stdout).first().isEqualTo("main returns");
    assertThat(run.stdout.subList(1, run.stdout.size())).isIn(List.of("apple"), List.of());
  }

  // CPython: test_shutdown.py ExecutorShutdownTest.test_hang_gh94440 -- a task submitted and cancelled right
  // before shutdown(wait=True) does not hang it
  @Test
  void shutdownWait_justAfterCancellingASubmittedTask_returns() throws Exception {
    ThreadPool pool = ThreadPool.fixed(1);
    pool.submit(() -> 0).get();
    pool.submit(() -> 0).cancel(false);
    pool.shutdown(/* wait= */ true, /* cancelFutures= */ false);
    assertThat(pool.isTerminated()).isTrue();
  }

  // CPython: test_shutdown.py ThreadPoolShutdownTest.test_threads_terminate
  @Test
  void shutdown_workersEnd() throws Exception {
    ThreadPool pool = ThreadPool.builder().workers(3).name("terminate").build();
    Semaphore sem = new Semaphore(0);
    for (int i = 0; i < 3; i++) {
      pool.submit(() -> sem.tryAcquire(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS));
    }
    List<Thread> workers = threadsNamed("terminate-worker-");
    assertThat(workers).hasSize(3);
    sem.release(3);
    pool.shutdown();
    for (Thread t : workers) {
      t.join(LONG_DELAY.toMillis());
      assertThat(t.isAlive()).isFalse();
    }
  }

  // CPython: test_shutdown.py ThreadPoolShutdownTest.test_context_manager_shutdown
  @Test
  void close_afterMap_workersEnd() throws Exception {
    List<Thread> workers;
    try (ThreadPool pool = ThreadPool.builder().workers(5).name("with").build()) {
      workers = threadsNamed("with-worker-");
      assertThat(pool.map(Math::abs, IntStream.range(-5, 5).boxed().toList()))
          .containsExactly(5, 4, 3, 2, 1, 0, 1, 2, 3, 4);
    }
    for (Thread t : workers) {
      t.join(LONG_DELAY.toMillis());
      assertThat(t.isAlive()).isFalse();
    }
  }

  // CPython: test_shutdown.py ThreadPoolShutdownTest.test_shutdown_no_wait -- the workers still end, and the
  // results were all computed
  @Test
  void shutdownNoWait_workersEndAndResultsComplete() throws Exception {
    ThreadPool pool = ThreadPool.builder().workers(5).name("no-wait").build();
    List<Thread> workers = threadsNamed("no-wait-worker-");
    MapIterator<Integer> res = pool.imap(Math::abs, IntStream.range(-5, 5).boxed().toList());
    pool.shutdown(/* wait= */ false, /* cancelFutures= */ false);
    for (Thread t : workers) {
      t.join(LONG_DELAY.toMillis());
      assertThat(t.isAlive()).isFalse();
    }
    List<Integer> results = new ArrayList<>();
    res.forEachRemaining(results::add);
    assertThat(results).containsExactly(5, 4, 3, 2, 1, 0, 1, 2, 3, 4);
  }

  // CPython: test_shutdown.py ThreadPoolShutdownTest.test_thread_names_assigned -- difference in the format:
  // "SpecialPool-worker-0" where Python names "SpecialPool_0"
  @Test
  void workers_namedAfterThePool() throws Exception {
    try (ThreadPool pool = ThreadPool.builder().workers(5).name("SpecialPool").build()) {
      assertThat(pool.toString()).contains("SpecialPool");
      assertThat(threadsNamed("SpecialPool-"))
          .hasSize(5)
          .allSatisfy(t -> assertThat(t.getName()).matches("SpecialPool-worker-[0-4]"));
    }
  }

  // CPython: test_shutdown.py ThreadPoolShutdownTest.test_thread_names_default -- "pool-N-worker-M" where Python
  // names "ThreadPoolExecutor-N_M"
  @Test
  void workers_defaultNamesAreUniquePerPool() throws Exception {
    try (ThreadPool a = ThreadPool.fixed(2);
        ThreadPool b = ThreadPool.fixed(2)) {
      String nameA = a.submit(() -> Thread.currentThread().getName()).get();
      String nameB = b.submit(() -> Thread.currentThread().getName()).get();
      assertThat(nameA).matches("pool-\\d+-worker-[0-1]");
      assertThat(nameB).matches("pool-\\d+-worker-[0-1]");
      assertThat(nameA.substring(0, nameA.indexOf("-worker"))).isNotEqualTo(nameB.substring(0, nameB.indexOf("-worker")));
    }
  }

  private record ChildRun(int exitCode, List<String> stdout) {}

  private static ChildRun runChild(String scenario) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ExitScenarios.class.getName(), scenario)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        OutputStream in = child.getOutputStream()) {
      String line;
      while ((line = out.readLine()) != null) {
        lines.add(line);
        if (line.equals("main returns")) {
          in.write('\n'); // now let the task finish: it runs after main has returned
          in.flush();
        }
      }
      if (!child.waitFor(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)) {
        child.destroyForcibly();
        throw new AssertionError("the child JVM did not exit; output so far: " + lines);
      }
    } finally {
      child.destroyForcibly();
    }
    return new ChildRun(child.exitValue(), lines);
  }
}
