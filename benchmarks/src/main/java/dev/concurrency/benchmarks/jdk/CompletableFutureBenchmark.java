package dev.concurrency.benchmarks.jdk;

import dev.concurrency.benchmarks.workload.ThroughputBenchmark;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The JDK baseline of an event loop's hot paths: a callback hop ({@code execute} round trip) and a chain of
 * {@code CompletableFuture} stages, all on one single-thread executor.
 *
 * <pre>{@code java -jar benchmarks/target/benchmarks.jar jmh CompletableFutureBenchmark}</pre>
 */
public class CompletableFutureBenchmark extends ThroughputBenchmark {

  private static final int CHAIN = 1_000;

  private ExecutorService loop;

  /** Starts the loop thread. */
  @Setup(Level.Trial)
  public void start() {
    loop = Executors.newSingleThreadExecutor();
  }

  /** Stops it. */
  @TearDown(Level.Trial)
  public void stop() throws InterruptedException {
    Measure.shutdown(loop);
  }

  /** One task submitted from outside and awaited: the cross-thread wake-up an event loop pays per submit. */
  @Benchmark
  public Integer submitAndJoin() {
    return CompletableFuture.supplyAsync(() -> 1, loop).join();
  }

  /** A chain of 1,000 async stages on the loop, each hopping through its queue: cost per callback. */
  @Benchmark
  @OperationsPerInvocation(CHAIN)
  public Integer callbackChain() {
    CompletableFuture<Integer> stage = CompletableFuture.supplyAsync(() -> 0, loop);
    for (int i = 0; i < CHAIN; i++) {
      stage = stage.thenApplyAsync(x -> x + 1, loop);
    }
    return stage.join();
  }
}
