package dev.concurrency.benchmarks.jdk;

import dev.concurrency.benchmarks.workload.ThroughputBenchmark;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The JDK baseline of a pool's hot path: submit a tiny task to a 2-thread {@code ThreadPoolExecutor} and wait for
 * its result. The thread-concurrency module's pool benchmark compares against it (goal: within 10 %).
 *
 * <pre>{@code java -jar benchmarks/target/benchmarks.jar jmh PoolBenchmark}</pre>
 */
public class PoolBenchmark extends ThroughputBenchmark {

  private ThreadPoolExecutor pool;

  /** Starts the pool's two threads. */
  @Setup(Level.Trial)
  public void start() {
    pool = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    pool.prestartAllCoreThreads();
  }

  /** Stops them. */
  @TearDown(Level.Trial)
  public void stop() throws InterruptedException {
    Measure.shutdown(pool);
  }

  /** Submit one tiny task and wait for it. */
  @Benchmark
  public Integer submitAndGet() throws InterruptedException, ExecutionException {
    return pool.submit(() -> 42).get();
  }
}
