package dev.concurrency.benchmarks.threads;

import dev.concurrency.benchmarks.workload.LatencyBenchmark;
import dev.concurrency.threads.Counter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Threads;

/**
 * The cost of one increment of each {@link Counter.Kind}, with two threads on one shared counter (the contended
 * case the lost-update examples are about); {@code UNSAFE} is there as the floor, and is wrong.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar CounterBenchmark}.
 */
@Threads(2)
public class CounterBenchmark extends LatencyBenchmark {

  /** Which counter. */
  @Param({"UNSAFE", "SYNCHRONIZED", "LOCK", "ATOMIC", "ADDER"})
  public Counter.Kind kind;

  private Counter counter;

  /** A fresh counter per trial. */
  @Setup
  public void create() {
    counter = kind.create();
  }

  /** One increment. */
  @Benchmark
  public void increment() {
    counter.increment();
  }
}
