package dev.concurrency.threads;

import static dev.concurrency.threads.TestSupport.LONG_DELAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.threads.TestSupport.FakeTicker;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
final class PriorityExecutorTest {

  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final Queue<String> ran = new ConcurrentLinkedQueue<>();

  @AfterEach
  void releaseGate() {
    release.countDown();
  }

  /** Keeps the single worker busy so that the tasks submitted next all wait in the queue together. */
  private void occupyWorker(PriorityExecutor ex) throws InterruptedException {
    ex.submit(Integer.MAX_VALUE, () -> {
      started.countDown();
      return release.await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS);
    });
    started.await();
  }

  private TaskFuture<Boolean> record(PriorityExecutor ex, int priority, String name) {
    return ex.submit(priority, () -> ran.add(name));
  }

  /** The bug this class exists to fix: FutureTask is not Comparable. */
  @Test
  void naiveThreadPoolExecutorOverPriorityBlockingQueue_submit_throwsClassCastException() throws Exception {
    ThreadPoolExecutor naive =
        new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new PriorityBlockingQueue<Runnable>());
    try {
      naive.prestartAllCoreThreads(); // so the task goes to the queue, not straight to a new worker
      assertThatThrownBy(() -> naive.submit(() -> 1))
          .isInstanceOf(ClassCastException.class)
          .hasMessageContaining("Comparable");
    } finally {
      naive.shutdown();
      assertThat(naive.awaitTermination(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    }
  }

  @Test
  void submit_mixedPriorities_highestFirst() throws Exception {
    try (PriorityExecutor ex = PriorityExecutor.builder().build()) {
      occupyWorker(ex);
      record(ex, 1, "low");
      record(ex, 10, "high");
      record(ex, 5, "mid");
      ex.execute(() -> ran.add("default"));
      release.countDown();
    }
    assertThat(ran).containsExactly("high", "mid", "low", "default");
  }

  @Test
  void submit_equalPriorities_firstInFirstOut() throws Exception {
    try (PriorityExecutor ex = PriorityExecutor.builder().name("fifo").build()) {
      occupyWorker(ex);
      for (int i = 0; i < 20; i++) {
        record(ex, 3, "t" + i);
      }
      release.countDown();
    }
    assertThat(ran).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 20).mapToObj(i -> "t" + i).toList());
  }

  @Test
  void aging_lowPriorityWaitedLongEnough_runsBeforeLaterHighPriority() throws Exception {
    FakeTicker ticker = new FakeTicker();
    try (PriorityExecutor ex =
        PriorityExecutor.builder().agingStep(Duration.ofSeconds(1)).ticker(ticker).build()) {
      occupyWorker(ex);
      record(ex, 0, "old-low");
      ticker.advance(Duration.ofSeconds(10)); // old-low now competes as priority 10
      record(ex, 5, "new-high");
      record(ex, 20, "new-urgent");
      release.countDown();
    }
    assertThat(ran).containsExactly("new-urgent", "old-low", "new-high");
  }

  @Test
  void aging_notLongEnough_priorityStillWins() throws Exception {
    FakeTicker ticker = new FakeTicker();
    try (PriorityExecutor ex =
        PriorityExecutor.builder().agingStep(Duration.ofSeconds(1)).ticker(ticker).build()) {
      occupyWorker(ex);
      record(ex, 0, "low");
      ticker.advance(Duration.ofSeconds(2));
      record(ex, 5, "high");
      release.countDown();
    }
    assertThat(ran).containsExactly("high", "low");
  }

  @Test
  void submit_afterShutdown_rejectedWithClearMessage() {
    PriorityExecutor ex = PriorityExecutor.builder().workers(2).build();
    ex.shutdown();
    assertThatThrownBy(() -> ex.submit(1, () -> 1))
        .isInstanceOf(RejectedExecutionException.class)
        .hasMessageContaining("shut down");
    assertThatThrownBy(() -> ex.submit(1, null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void shutdownNow_returnsSubmittedTasksCancelled() throws Exception {
    PriorityExecutor ex = PriorityExecutor.builder().build();
    occupyWorker(ex);
    TaskFuture<Boolean> waiting = record(ex, 1, "never");
    List<Runnable> removed = ex.shutdownNow();
    assertThat(removed).containsExactly(waiting);
    assertThat(waiting.isCancelled()).isTrue();
    assertThat(ex.awaitTermination(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    assertThat(ran).isEmpty();
  }

  @Test
  void builder_badValues_throwIllegalArgument() {
    assertThatThrownBy(() -> PriorityExecutor.builder().workers(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PriorityExecutor.builder().agingStep(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
  }
}
