package dev.concurrency.threads;

import static dev.concurrency.threads.TestSupport.LONG_DELAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.threads.TestSupport.FakeTicker;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
final class RoundRobinExecutorTest {

  private final Queue<String> log = new ConcurrentLinkedQueue<>();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void releaseGate() {
    release.countDown();
  }

  /** A task named {@code name} of {@code steps} steps that logs "name1", "name2", ... and returns its name. */
  private SteppedTask<String> task(String name, int steps) {
    int[] done = {0};
    return () -> {
      log.add(name + ++done[0]);
      return done[0] < steps ? Step.more() : Step.done(name);
    };
  }

  /** Holds the single worker in its first step, so that the tasks submitted next queue up in order. */
  private void occupyWorker(RoundRobinExecutor rr) throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    rr.submit(() -> {
      started.countDown();
      release.await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS);
      return Step.done("gate");
    });
    started.await();
  }

  @Test
  void submit_quantumOneStep_interleavesStepByStep() throws Exception {
    CompletableFuture<String> a;
    CompletableFuture<String> b;
    try (RoundRobinExecutor rr = RoundRobinExecutor.builder().build()) {
      occupyWorker(rr);
      a = rr.submit(task("A", 3));
      b = rr.submit(task("B", 2));
      release.countDown();
    }
    assertThat(log).containsExactly("A1", "B1", "A2", "B2", "A3");
    assertThat(a.get()).isEqualTo("A");
    assertThat(b.get()).isEqualTo("B");
  }

  @Test
  void submit_quantumTwoSteps_runsTwoStepsPerSlice() throws Exception {
    try (RoundRobinExecutor rr = RoundRobinExecutor.builder().quantum(Quantum.steps(2)).name("rr2").build()) {
      occupyWorker(rr);
      rr.submit(task("A", 3));
      rr.submit(task("B", 3));
      release.countDown();
    }
    assertThat(log).containsExactly("A1", "A2", "B1", "B2", "A3", "B3");
  }

  @Test
  void submit_timeQuantum_switchesWhenTickerSaysSliceIsUsed() throws Exception {
    FakeTicker ticker = new FakeTicker();
    try (RoundRobinExecutor rr =
        RoundRobinExecutor.builder().quantum(Quantum.of(Duration.ofMillis(3))).ticker(ticker).build()) {
      occupyWorker(rr);
      for (String name : new String[] {"A", "B"}) {
        SteppedTask<String> inner = task(name, 4);
        rr.submit(() -> {
          ticker.advance(Duration.ofMillis(1)); // each step "takes" 1 ms
          return inner.step();
        });
      }
      release.countDown();
    }
    assertThat(log).containsExactly("A1", "A2", "A3", "B1", "B2", "B3", "A4", "B4");
  }

  @Test
  void step_throws_failsThatTaskOnly() throws Exception {
    CompletableFuture<String> bad;
    CompletableFuture<String> good;
    try (RoundRobinExecutor rr = RoundRobinExecutor.builder().workers(2).build()) {
      bad = rr.submit(() -> { throw new IllegalStateException("step failed"); });
      good = rr.submit(task("G", 3));
    }
    assertThatThrownBy(bad::get).isInstanceOf(ExecutionException.class).hasRootCauseMessage("step failed");
    assertThat(good.get()).isEqualTo("G");
  }

  @Test
  void step_returnsNull_failsWithClearMessage() {
    CompletableFuture<String> f;
    try (RoundRobinExecutor rr = RoundRobinExecutor.builder().build()) {
      f = rr.submit(() -> null);
    }
    assertThatThrownBy(f::get).hasRootCauseMessage("step() returned null; return Step.more() or Step.done(value)");
  }

  @Test
  void cancel_beforeItsSlice_taskNeverSteps() throws Exception {
    try (RoundRobinExecutor rr = RoundRobinExecutor.builder().build()) {
      occupyWorker(rr);
      CompletableFuture<String> a = rr.submit(task("A", 3));
      assertThat(a.cancel(false)).isTrue();
      rr.submit(task("B", 1));
      release.countDown();
    }
    assertThat(log).containsExactly("B1");
  }

  @Test
  void shutdown_rejectsNewTasksAndTerminatesWhenLastTaskEnds() throws Exception {
    RoundRobinExecutor rr = RoundRobinExecutor.builder().build();
    occupyWorker(rr);
    rr.shutdown();
    assertThat(rr.isShutdown()).isTrue();
    assertThat(rr.toString()).contains("shut down");
    assertThatThrownBy(() -> rr.submit(task("late", 1)))
        .isInstanceOf(RejectedExecutionException.class)
        .hasMessageContaining("shut down");
    assertThat(rr.awaitTermination(Duration.ZERO)).isFalse();
    release.countDown();
    assertThat(rr.awaitTermination(LONG_DELAY)).isTrue();
    rr.close(); // idempotent
  }

  @Test
  void badArguments_throwClearly() {
    assertThatThrownBy(() -> Quantum.steps(0)).hasMessageContaining("at least 1 step");
    assertThatThrownBy(() -> Quantum.of(Duration.ZERO)).hasMessageContaining("positive");
    assertThatThrownBy(() -> RoundRobinExecutor.builder().workers(0)).isInstanceOf(IllegalArgumentException.class);
    try (RoundRobinExecutor rr = RoundRobinExecutor.builder().build()) {
      assertThatThrownBy(() -> rr.submit(null)).hasMessageContaining("SteppedTask");
      assertThatThrownBy(() -> rr.awaitTermination(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void asCallable_runsAllStepsInARow() throws Exception {
    assertThat(task("C", 4).asCallable().call()).isEqualTo("C");
    assertThat(log).containsExactly("C1", "C2", "C3", "C4");
  }
}
