package dev.concurrency.async;

import static dev.concurrency.async.AsyncIO.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
final class AsyncIOTest {

  private static EventLoop.Builder virtual() {
    return EventLoop.builder().clock(VirtualClock.autoAdvancing());
  }

  /** The seed's section 4.1 sample, in virtual time: the four lines in asyncio's order, 2 s in total. */
  @Test
  void run_seedSample_printsInAsyncioOrderInTwoVirtualSeconds() {
    VirtualClock clock = VirtualClock.autoAdvancing();
    List<String> log = new ArrayList<>();
    run(EventLoop.builder().clock(clock), () -> gather(
        () -> {
          log.add("Task 1 started");
          sleep(Duration.ofSeconds(1));
          log.add("Task 1 completed");
        },
        () -> {
          log.add("Task 2 started");
          sleep(Duration.ofSeconds(2));
          log.add("Task 2 completed");
        }).await());
    assertThat(log).containsExactly("Task 1 started", "Task 2 started", "Task 1 completed", "Task 2 completed");
    assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void run_returnsMainsResult() {
    assertThat(run(() -> 42)).isEqualTo(42);
  }

  @Test
  void run_realClock_sleepsAboutRightAndReturns() {
    long start = System.nanoTime();
    run(() -> sleep(Duration.ofMillis(50)));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
  }

  // CPython test_tasks.py: test_sleep — sleep(0) yields exactly one tick, so two tasks alternate
  @Test
  void sleepZero_twoTasks_alternateEveryTick() {
    List<String> log = new ArrayList<>();
    run(virtual(), () -> {
      AsyncTask<Void> a = createTask(() -> {
        for (int i = 0; i < 3; i++) {
          log.add("a" + i);
          sleep(Duration.ZERO);
        }
      });
      AsyncTask<Void> b = createTask(() -> {
        for (int i = 0; i < 3; i++) {
          log.add("b" + i);
          sleep(Duration.ZERO);
        }
      });
      a.await();
      b.await();
      return null;
    });
    assertThat(log).containsExactly("a0", "b0", "a1", "b1", "a2", "b2");
  }

  @Test
  void sleep_outsideLoop_failsWithClearMessage() {
    assertThatThrownBy(() -> sleep(Duration.ZERO))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("sleep() must be called from a task");
  }

  @Test
  void manyTasks_spawnAndGather_allResults() {
    int n = 10_000;
    List<Object> results = run(() -> {
      List<AsyncTask<Integer>> tasks = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int k = i;
        tasks.add(createTask(() -> {
          sleep(Duration.ZERO);
          return k;
        }));
      }
      return gather(tasks, false).await();
    });
    assertThat(results).hasSize(n);
    assertThat(results.get(n - 1)).isEqualTo(n - 1);
  }
}
