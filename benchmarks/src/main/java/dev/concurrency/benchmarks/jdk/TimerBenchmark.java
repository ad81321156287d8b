package dev.concurrency.benchmarks.jdk;

import dev.concurrency.benchmarks.workload.ThroughputBenchmark;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The JDK baseline of an event loop's timer path: insert a timer an hour away into a
 * {@code ScheduledThreadPoolExecutor}'s queue and cancel it again (removed on cancel, so the queue stays small),
 * the way a loop's {@code call_later} handle is set and cancelled by a timeout that did not fire.
 *
 * <pre>{@code java -jar benchmarks/target/benchmarks.jar jmh TimerBenchmark}</pre>
 */
public class TimerBenchmark extends ThroughputBenchmark {

  private static final Runnable NOTHING = () -> {};

  private ScheduledThreadPoolExecutor timers;

  /** Starts the timer thread. */
  @Setup(Level.Trial)
  public void start() {
    timers = new ScheduledThreadPoolExecutor(1);
    timers.setRemoveOnCancelPolicy(true);
  }

  /** Stops it. */
  @TearDown(Level.Trial)
  public void stop() throws InterruptedException {
    Measure.shutdown(timers);
  }

  /** Schedule one timer and cancel it. */
  @Benchmark
  public boolean insertAndCancel() {
    ScheduledFuture<?> timer = timers.schedule(NOTHING, 1, TimeUnit.HOURS);
    return timer.cancel(/* mayInterruptIfRunning= */ false);
  }
}
