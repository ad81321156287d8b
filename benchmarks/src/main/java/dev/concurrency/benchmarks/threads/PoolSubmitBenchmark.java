package dev.concurrency.benchmarks.threads;

import dev.concurrency.benchmarks.workload.LatencyBenchmark;
import dev.concurrency.threads.ThreadPool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Pool submit: one task submitted and awaited (the round trip), and batches of 1,000 submitted then awaited (the
 * throughput), on this project's {@link ThreadPool} (fixed, 2 workers; and virtual-thread-per-task) against a
 * {@link ThreadPoolExecutor} of 2 workers.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar PoolSubmitBenchmark}.
 */
public class PoolSubmitBenchmark extends LatencyBenchmark {

  /** Which pool. */
  @Param({"thread-pool", "thread-pool-virtual", "tpe"})
  public String pool;

  private ExecutorService executor;

  /** Builds the pool. */
  @Setup(Level.Trial)
  public void start() {
    executor = switch (pool) {
      case "thread-pool" -> ThreadPool.builder().workers(2).name("jmh").build();
      case "thread-pool-virtual" -> ThreadPool.virtualPerTask("jmh-v-");
      case "tpe" -> {
        ThreadPoolExecutor tpe = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
        tpe.prestartAllCoreThreads();
        yield tpe;
      }
      default -> throw new IllegalArgumentException("unknown pool " + pool);
    };
  }

  /** Stops the pool and waits for its threads. */
  @TearDown(Level.Trial)
  public void stop() throws InterruptedException {
    executor.shutdown();
    if (!executor.awaitTermination(1, TimeUnit.MINUTES)) {
      throw new IllegalStateException(pool + " did not stop");
    }
  }

  /** One task submitted and awaited. */
  @Benchmark
  public Integer submitAndGet() throws Exception {
    return executor.submit(() -> 1).get();
  }

  /** 1,000 tasks submitted, then all awaited; the figure is per task. */
  @Benchmark
  @OperationsPerInvocation(1000)
  public long submitBatch() throws Exception {
    List<Future<Integer>> futures = new ArrayList<>(1000);
    for (int i = 0; i < 1000; i++) {
      int value = i;
      futures.add(executor.submit(() -> value));
    }
    long sum = 0;
    for (Future<Integer> f : futures) {
      sum += f.get();
    }
    return sum;
  }
}
