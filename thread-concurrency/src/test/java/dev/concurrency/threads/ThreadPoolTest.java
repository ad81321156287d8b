package dev.concurrency.threads;

import static dev.concurrency.threads.TestSupport.LONG_DELAY;
import static dev.concurrency.threads.TestSupport.awaitBlocked;
import static dev.concurrency.threads.TestSupport.threadNamed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
final class ThreadPoolTest {

  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch started = new CountDownLatch(1);

  /** Occupies a worker until the test releases it. */
  private final Callable<String> blocker =
      () -> {
        started.countDown();
        release.await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        return "released";
      };

  @AfterEach
  void releaseBlocker() {
    release.countDown();
  }

  // CPython: executor.py ExecutorTest.test_submit
  @Test
  void submit_callable_resultOnNamedWorker() throws Exception {
    try (ThreadPool pool = ThreadPool.builder().workers(2).name("calc").build()) {
      TaskFuture<String> f = pool.submit(() -> Thread.currentThread().getName());
      assertThat(f.get(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)).startsWith("calc-worker-");
      assertThat(pool.submit(() -> {}).get()).isNull();
      assertThat(pool.submit(() -> {}, "r").get()).isEqualTo("r");
      assertThat(pool.toString()).contains("calc");
    }
  }

  // CPython test_concurrent_futures: test_map_timeout
  @Test
  void map_deadlinePasses_throwsTimeoutAndCancelsQueued() throws Exception {
    try (ThreadPool pool = ThreadPool.fixed(1)) {
      assertThatThrownBy(
              () ->
                  pool.map(
                      x -> {
                        try {
                          return blocker.call();
                        } catch (Exception e) {
                          throw new IllegalStateException(e);
                        }
                      },
                      List.of(1, 2, 3),
                      Duration.ofMillis(50)))
          .isInstanceOf(TimeoutException.class);
      release.countDown();
    }
  }

  @Test
  void submit_queueFullUnderBlock_submitterWaitsUntilRoom() throws Exception {
    try (ThreadPool pool = ThreadPool.builder().workers(1).queueCapacity(1).saturation(Saturation.BLOCK).build()) {
      TaskFuture<String> running = pool.submit(blocker);
      started.await();
      TaskFuture<String> queued = pool.submit(() -> "queued");
      AtomicReference<TaskFuture<String>> third = new AtomicReference<>();
      ThreadHandle producer = ThreadHandle.platform("producer", () -> third.set(pool.submit(() -> "third"))).start();

      awaitBlocked(threadNamed("producer"));
      assertThat(third.get()).as("still waiting for room").isNull();
      release.countDown();
      producer.joinOrThrow();

      assertThat(running.get()).isEqualTo("released");
      assertThat(queued.get()).isEqualTo("queued");
      assertThat(third.get().get()).isEqualTo("third");
    }
  }

  @Test
  void submit_blockedProducerWhenPoolShutsDown_rejectedNotOrphaned() throws Exception {
    ThreadPool pool = ThreadPool.builder().workers(1).queueCapacity(1).saturation(Saturation.BLOCK).build();
    pool.submit(blocker);
    started.await();
    TaskFuture<String> queued = pool.submit(() -> "queued");
    AtomicReference<Throwable> rejected = new AtomicReference<>();
    ThreadHandle producer = ThreadHandle.platform("late-producer", () -> {
      try {
        pool.submit(() -> "late");
      } catch (RejectedExecutionException e) {
        rejected.set(e);
      }
    }).start();
    awaitBlocked(threadNamed("late-producer"));

    assertThat(pool.shutdown(/* wait= */ false, /* cancelFutures= */ true)).containsExactly(queued);
    producer.joinOrThrow();
    assertThat(rejected.get()).hasMessageContaining("shut down");
    release.countDown();
    assertThat(pool.awaitTermination(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
  }

  @Test
  void submit_blockedProducerInterrupted_rejectedAndInterruptKept() throws Exception {
    try (ThreadPool pool = ThreadPool.builder().workers(1).queueCapacity(1).build()) {
      pool.submit(blocker);
      started.await();
      pool.submit(() -> "queued");
      AtomicReference<Throwable> rejected = new AtomicReference<>();
      AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
      ThreadHandle producer = ThreadHandle.platform("interrupted-producer", () -> {
        try {
          pool.submit(() -> "late");
        } catch (RejectedExecutionException e) {
          rejected.set(e);
          stillInterrupted.set(Thread.currentThread().isInterrupted());
        }
      }).start();
      awaitBlocked(threadNamed("interrupted-producer"));
      producer.interrupt();
      producer.joinOrThrow();
      assertThat(rejected.get()).hasMessageContaining("interrupted while waiting for room");
      assertThat(stillInterrupted.get()).isTrue();
      release.countDown();
    }
  }

  @Test
  void submit_queueFullUnderReject_throwsSaturated() throws Exception {
    try (ThreadPool pool = ThreadPool.builder().workers(1).queueCapacity(1).saturation(Saturation.REJECT).build()) {
      pool.submit(blocker);
      started.await();
      pool.submit(() -> "queued");
      assertThatThrownBy(() -> pool.submit(() -> "third"))
          .isInstanceOf(RejectedExecutionException.class)
          .hasMessageContaining("saturated");
      release.countDown();
    }
  }

  @Test
  void submit_queueFullUnderCallerRuns_runsInSubmitter() throws Exception {
    try (ThreadPool pool =
        ThreadPool.builder().workers(1).queueCapacity(1).saturation(Saturation.CALLER_RUNS).build()) {
      pool.submit(blocker);
      started.await();
      pool.submit(() -> "queued");
      TaskFuture<String> third = pool.submit(() -> Thread.currentThread().getName());
      assertThat(third.isDone()).isTrue();
      assertThat(third.get()).isEqualTo(Thread.currentThread().getName());
      release.countDown();
    }
  }

  @Test
  void submit_afterShutdown_rejectedWithClearMessage() throws Exception {
    for (ThreadPool pool : List.of(ThreadPool.fixed(1), ThreadPool.virtualPerTask("v"))) {
      pool.shutdown();
      assertThatThrownBy(() -> pool.submit(() -> 1))
          .isInstanceOf(RejectedExecutionException.class)
          .hasMessageContaining("shut down");
      assertThat(pool.awaitTermination(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      assertThat(pool.isTerminated()).isTrue();
    }
  }

  @Test
  void submit_null_throwsWithMessage() {
    try (ThreadPool pool = ThreadPool.fixed(1)) {
      assertThatThrownBy(() -> pool.submit((Callable<Integer>) null)).hasMessageContaining("task");
      assertThatThrownBy(() -> pool.execute(null)).hasMessageContaining("task");
    }
  }

  // CPython test_concurrent_futures: test_cancel_futures
  @Test
  void shutdownWaitCancelFutures_cancelsQueuedAndFinishesRunning() throws Exception {
    ThreadPool pool = ThreadPool.fixed(1);
    TaskFuture<String> running = pool.submit(blocker);
    started.await();
    TaskFuture<Integer> queued1 = pool.submit(() -> 1);
    TaskFuture<Integer> queued2 = pool.submit(() -> 2);
    ThreadHandle closer = ThreadHandle.platform("closer", () -> {
      try {
        assertThat(pool.shutdown(/* wait= */ true, /* cancelFutures= */ true)).containsExactly(queued1, queued2);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }).start();
    awaitBlocked(threadNamed("closer"));
    assertThat(pool.isShutdown()).isTrue();
    assertThat(queued1.isCancelled()).isTrue();
    release.countDown();
    closer.joinOrThrow();
    assertThat(running.get()).isEqualTo("released");
    assertThat(queued2.isCancelled()).isTrue();
    assertThat(pool.isTerminated()).isTrue();
  }

  @Test
  void shutdownNow_runningTask_isInterrupted() throws Exception {
    ThreadPool pool = ThreadPool.fixed(1);
    TaskFuture<String> running =
        pool.submit(
            () -> {
              started.countDown();
              new CountDownLatch(1).await();
              return "never";
            });
    started.await();
    TaskFuture<Integer> queued = pool.submit(() -> 1);
    assertThat(pool.shutdownNow()).containsExactly(queued);
    assertThat(pool.awaitTermination(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    assertThatThrownBy(running::get).hasCauseInstanceOf(InterruptedException.class);
    assertThat(queued.isCancelled()).isTrue();
  }

  @Test
  void virtualPerTask_eachTaskOnNamedVirtualThread() throws Exception {
    try (ThreadPool pool = ThreadPool.virtualPerTask("io-")) {
      Thread t = pool.submit(Thread::currentThread).get();
      assertThat(t.isVirtual()).isTrue();
      assertThat(t.getName()).startsWith("io-");
      assertThat(pool.shutdown(false, true)).isEmpty();
    }
  }

  @Test
  void interop_asExecutorForCompletableFutureAndInvokeAll() throws Exception {
    try (ThreadPool pool = ThreadPool.fixed(2)) {
      assertThat(CompletableFuture.supplyAsync(() -> "cf", pool).get()).isEqualTo("cf");
      List<Future<Integer>> all = pool.invokeAll(List.of(() -> 1, () -> 2));
      assertThat(all).allSatisfy(f -> assertThat(f).isInstanceOf(TaskFuture.class));
      assertThat(all.get(1).get()).isEqualTo(2);
      Callable<Integer> three = () -> 3;
      assertThat(pool.invokeAny(List.of(three)).intValue()).isEqualTo(3);
    }
  }

  @Test
  void execute_throwingRunnable_reachesUncaughtHandler() throws Exception {
    AtomicReference<Throwable> seen = new AtomicReference<>();
    CountDownLatch handled = new CountDownLatch(1);
    try (ThreadPool pool =
        ThreadPool.builder()
            .workers(1)
            .daemon(true)
            .uncaughtExceptionHandler((t, e) -> {
              seen.set(e);
              handled.countDown();
            })
            .build()) {
      pool.execute(() -> { throw new IllegalStateException("lost?"); });
      assertThat(handled.await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      assertThat(seen.get()).hasMessage("lost?");
    }
  }

  @Test
  void builder_badValues_throwIllegalArgument() {
    assertThatThrownBy(() -> ThreadPool.builder().workers(0)).hasMessageContaining("workers");
    assertThatThrownBy(() -> ThreadPool.builder().queueCapacity(0)).hasMessageContaining("queueCapacity");
    assertThatThrownBy(() -> ThreadPool.builder().saturation(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void builder_largeBoundedQueue_works() throws Exception {
    try (ThreadPool pool = ThreadPool.builder().workers(1).queueCapacity(1 << 20).build()) {
      assertThat(pool.submit(() -> 5).get()).isEqualTo(5);
    }
  }

  // CPython: test_thread_pool.py ThreadPoolExecutorTest.test_default_workers -- difference: one worker per core
  // (Java threads compute in parallel), where Python defaults to min(32, cores + 4)
  @Test
  void builder_defaultWorkers_onePerCore() throws Exception {
    try (ThreadPool pool = ThreadPool.builder().name("default-size").build()) {
      assertThat(TestSupport.threadsNamed("default-size-worker-")).hasSize(Runtime.getRuntime().availableProcessors());
      assertThat(pool.isShutdown()).isFalse();
    }
  }

  // CPython: test_thread_pool.py ThreadPoolExecutorTest.test_saturation -- never more threads than workers
  @Test
  void submit_manyBlockedTasks_neverMoreThreadsThanWorkers() throws Exception {
    java.util.concurrent.Semaphore sem = new java.util.concurrent.Semaphore(0);
    ThreadPool pool = ThreadPool.builder().workers(4).name("saturation").build();
    for (int i = 0; i < 15 * 4; i++) {
      pool.submit(() -> sem.tryAcquire(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS));
    }
    assertThat(TestSupport.threadsNamed("saturation-worker-")).hasSize(4);
    sem.release(15 * 4);
    pool.shutdown(/* wait= */ true, /* cancelFutures= */ false);
    assertThat(pool.isTerminated()).isTrue();
  }

  // CPython: test_thread_pool.py ThreadPoolExecutorTest.test_idle_thread_reuse -- difference: every worker
  // exists from the start (Python starts one per submit while none is idle); sequential tasks add none
  @Test
  void submit_sequentialTasks_workersStartedUpFrontAndReused() throws Exception {
    try (ThreadPool pool = ThreadPool.builder().workers(3).name("reuse").build()) {
      assertThat(TestSupport.threadsNamed("reuse-worker-")).hasSize(3);
      assertThat(pool.submit(() -> 21 * 2).get()).isEqualTo(42);
      assertThat(pool.submit(() -> 6 * 7).get()).isEqualTo(42);
      assertThat(pool.submit(() -> 3 * 14).get()).isEqualTo(42);
      assertThat(TestSupport.threadsNamed("reuse-worker-")).hasSize(3);
    }
  }
}
