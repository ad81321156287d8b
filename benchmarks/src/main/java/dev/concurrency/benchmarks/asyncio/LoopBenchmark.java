package dev.concurrency.benchmarks.asyncio;

import dev.concurrency.async.EventLoop;
import dev.concurrency.benchmarks.workload.ThroughputBenchmark;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The settings the event-loop JMH classes share: those of {@link ThroughputBenchmark} (JMH reads them from the
 * superclasses), but in operations per microsecond and with state per thread; and the loop they run on, with the
 * blocked-loop watchdog off so that its sampling thread is not part of what is measured.
 */
@State(Scope.Thread)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public abstract class LoopBenchmark extends ThroughputBenchmark {

  /** A loop without the watchdog. */
  static final EventLoop.Builder QUIET = EventLoop.builder().blockedLoopLimit(Duration.ZERO);
}
