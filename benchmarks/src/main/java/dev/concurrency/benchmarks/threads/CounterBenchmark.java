package dev.concurrency.benchmarks.threads;

import dev.concurrency.threads.Counter;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one increment of each {@link Counter.Kind}, with two threads on one shared counter (the contended
 * case the lost-update examples are about); {@code UNSAFE} is there as the floor, and is wrong.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar CounterBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(2)
public class CounterBenchmark {

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
