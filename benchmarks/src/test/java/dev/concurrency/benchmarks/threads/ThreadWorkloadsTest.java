package dev.concurrency.benchmarks.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.benchmarks.workload.Figure;
import dev.concurrency.benchmarks.workload.Scale;
import dev.concurrency.benchmarks.workload.Workload;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs every workload at the quick scale: each checks its own result, so this is a correctness test. */
@Timeout(120)
final class ThreadWorkloadsTest {

  @Test
  void all_quickScale_everyWorkloadReportsItsMetrics() throws Exception {
    List<Workload> all = ThreadWorkloads.all();
    assertThat(all).extracting(Workload::name).containsExactly(
        "T2_cpu_parallel", "T3_thread_start_join", "T3_thread_start_join_virtual", "T4_pool_throughput");
    assertThat(metrics(all.get(0))).containsExactly("t1_s", "t2_s", "speedup");
    assertThat(metrics(all.get(1))).containsExactly("sequential_threads_per_s", "all_at_once_threads_per_s");
    assertThat(metrics(all.get(2))).containsExactly("sequential_threads_per_s", "all_at_once_threads_per_s");
    assertThat(metrics(all.get(3))).containsExactly("tiny_tasks_per_s", "tpe_tiny_tasks_per_s", "pool_vs_tpe");
  }

  @Test
  void poolThroughput_wrongPool_isCaughtByItsCheck() {
    // a "pool" that runs every task twice would still sum correctly, but one that drops the value cannot
    assertThatThrownBy(() -> PoolThroughput.once(() -> new DroppingExecutor(), 100))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("wrong result");
  }

  private static List<String> metrics(Workload w) throws Exception {
    List<Figure> figures = w.run(Scale.QUICK);
    assertThat(figures).allSatisfy(f -> assertThat(f.value()).isPositive());
    return figures.stream().map(Figure::metric).toList();
  }

  /** Completes every task with zero: a wrong answer that must not look fast. */
  private static final class DroppingExecutor extends java.util.concurrent.AbstractExecutorService {
    private final java.util.concurrent.ExecutorService inner = Executors.newSingleThreadExecutor();

    @Override
    public <T> java.util.concurrent.Future<T> submit(java.util.concurrent.Callable<T> task) {
      @SuppressWarnings("unchecked")
      T zero = (T) Long.valueOf(0);
      return java.util.concurrent.CompletableFuture.completedFuture(zero);
    }

    @Override
    public void execute(Runnable command) {
      inner.execute(command);
    }

    @Override
    public void shutdown() {
      inner.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
      return inner.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
      return inner.isShutdown();
    }

    @Override
    public boolean isTerminated() {
      return inner.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, java.util.concurrent.TimeUnit unit) throws InterruptedException {
      return inner.awaitTermination(timeout, unit);
    }
  }
}
