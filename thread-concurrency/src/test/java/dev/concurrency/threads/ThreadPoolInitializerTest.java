package dev.concurrency.threads;

import static dev.concurrency.threads.TestSupport.LONG_DELAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** ThreadPool's initializer and broken state: CPython's test_init.py (thread pool parts), ported. */
@Timeout(30)
final class ThreadPoolInitializerTest {

  private static final ThreadLocal<String> STATUS = ThreadLocal.withInitial(() -> "uninitialized");

  // CPython: test_init.py InitializerMixin.test_initializer -- the initializer, with its argument, runs in every
  // worker before the worker's first task
  @Test
  void initializerWithArgument_runsInEachWorkerBeforeItsTasks() throws Exception {
    List<String> initializedThreads = new CopyOnWriteArrayList<>();
    try (ThreadPool pool =
        ThreadPool.builder()
            .workers(2)
            .name("init")
            .initializer(
                (String status) -> {
                  STATUS.set(status);
                  initializedThreads.add(Thread.currentThread().getName());
                },
                "initialized")
            .build()) {
      CountDownLatch both = new CountDownLatch(2);
      List<TaskFuture<String>> futures = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        futures.add(
            pool.submit(
                () -> {
                  both.countDown(); // two tasks at once: one on each worker
                  both.await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS);
                  return STATUS.get() + " on " + Thread.currentThread().getName();
                }));
      }
      for (TaskFuture<String> f : futures) {
        assertThat(f.get()).startsWith("initialized on init-worker-");
      }
      assertThat(initializedThreads).containsExactlyInAnyOrder("init-worker-0", "init-worker-1");
      assertThat(pool.isBroken()).isFalse();
    }
  }

  // CPython: test_init.py FailingInitializerMixin.test_initializer -- the failure is reported (Python logs it),
  // the pool breaks, and from then on submit fails
  @Test
  void failingInitializer_reportedAndPoolBreaksAndSubmitFails() throws Exception {
    AtomicReference<Throwable> reported = new AtomicReference<>();
    CountDownLatch wasReported = new CountDownLatch(1);
    ThreadPool pool =
        ThreadPool.builder()
            .workers(2)
            .name("failing-init")
            .uncaughtExceptionHandler(
                (t, e) -> {
                  reported.compareAndSet(null, e);
                  wasReported.countDown();
                })
            .initializer(() -> { throw new IllegalArgumentException("error in initializer"); })
            .build();
    try {
      TaskFuture<String> f = pool.submit(() -> STATUS.get());
      assertThatThrownBy(f::get)
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(BrokenThreadPoolException.class)
          .hasCauseInstanceOf(IllegalArgumentException.class);
    } catch (BrokenThreadPoolException alreadyBroken) {
      assertThat(alreadyBroken).hasRootCauseMessage("error in initializer");
    }
    TestSupport.awaitCondition("the pool is broken", pool::isBroken);
    assertThatThrownBy(() -> pool.submit(() -> "again"))
        .isInstanceOf(BrokenThreadPoolException.class)
        .hasMessageContaining("failing-init")
        .hasRootCauseMessage("error in initializer");
    assertThat(wasReported.await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    assertThat(reported.get()).hasMessage("error in initializer");
    assertThat(pool.isShutdown()).isTrue();
    assertThat(pool.awaitTermination(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
  }

  // Every task waiting when the pool breaks fails with BrokenThreadPoolException; the reason is its cause
  @Test
  void failingInitializer_waitingTasksFailWithTheReason() throws Exception {
    CountDownLatch fail = new CountDownLatch(1);
    IllegalStateException reason = new IllegalStateException("no database");
    ThreadPool pool =
        ThreadPool.builder()
            .workers(1)
            .uncaughtExceptionHandler((t, e) -> {})
            .initializer(
                () -> {
                  awaitQuietly(fail);
                  throw reason;
                })
            .build();
    List<TaskFuture<Integer>> waiting = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int n = i;
      waiting.add(pool.submit(() -> n));
    }
    fail.countDown();
    for (TaskFuture<Integer> f : waiting) {
      assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class).cause().isInstanceOf(BrokenThreadPoolException.class);
      assertThat(f.exceptionNow().getCause()).isSameAs(reason);
    }
    assertThat(pool.isBroken()).isTrue();
    assertThat(pool.awaitTermination(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
  }

  // A task another worker had already taken runs to its end; only the waiting ones fail
  @Test
  void failingInitializerInOneWorker_taskAlreadyTakenByAnotherStillRuns() throws Exception {
    AtomicInteger initialized = new AtomicInteger();
    CountDownLatch fail = new CountDownLatch(1);
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    ThreadPool pool =
        ThreadPool.builder()
            .workers(2)
            .uncaughtExceptionHandler((t, e) -> {})
            .initializer(
                () -> {
                  if (initialized.incrementAndGet() > 1) {
                    awaitQuietly(fail);
                    throw new IllegalStateException("second worker");
                  }
                })
            .build();
    TaskFuture<String> taken =
        pool.submit(
            () -> {
              running.countDown();
              finish.await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS);
              return "finished";
            });
    running.await();
    TaskFuture<String> queued = pool.submit(() -> "never");
    fail.countDown();
    assertThatThrownBy(queued::get).hasCauseInstanceOf(BrokenThreadPoolException.class);
    assertThat(taken.isDone()).isFalse();
    finish.countDown();
    assertThat(taken.get()).isEqualTo("finished");
    assertThat(pool.awaitTermination(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
  }

  @Test
  void builder_nullInitializer_throwsNullPointer() {
    assertThatThrownBy(() -> ThreadPool.builder().initializer(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> ThreadPool.builder().initializer(null, "x")).isInstanceOf(NullPointerException.class);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
