package dev.concurrency.benchmarks.asyncio;

import dev.concurrency.async.EventLoop;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The settings the event-loop JMH classes share (JMH reads them from the superclass): throughput in operations
 * per microsecond, 3 warm-up and 5 measured iterations of 1 s, one fork, state per thread; and the loop they run
 * on, with the blocked-loop watchdog off so that its sampling thread is not part of what is measured.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public abstract class LoopBenchmark {

  /** A loop without the watchdog. */
  static final EventLoop.Builder QUIET = EventLoop.builder().blockedLoopLimit(Duration.ZERO);
}
