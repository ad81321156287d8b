package dev.concurrency.benchmarks.asyncio;

import dev.concurrency.async.EventLoop;
import dev.concurrency.async.TimerHandle;
import java.time.Duration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The event loop's hot paths without tasks: one {@code callSoon} callback through a tick, and a timer
 * scheduled and cancelled. Each invocation runs a batch of {@value #BATCH} operations through one {@code
 * runForever}, so the figure is per callback, not per loop start.
 */
public class EventLoopBenchmark extends LoopBenchmark {

  static final int BATCH = 10_000;

  private EventLoop loop;
  private int remaining;
  private Runnable step;

  @Setup(Level.Trial)
  public void setUp() {
    loop = EventLoop.builder().blockedLoopLimit(Duration.ZERO).build();
    step = () -> {
      if (--remaining > 0) {
        loop.callSoon(step);
      } else {
        loop.stop();
      }
    };
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    loop.close();
  }

  /** A chain of callbacks: each tick runs one callback that schedules the next. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int callSoonChain() {
    remaining = BATCH;
    loop.callSoon(step);
    loop.runForever();
    return remaining;
  }

  /** Timer insert then cancel: the heap's lazy cancellation and compaction. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public boolean callLaterCancel() {
    boolean last = false;
    for (int i = 0; i < BATCH; i++) {
      TimerHandle t = loop.callLater(Duration.ofSeconds(1 + (i & 7)), step);
      t.cancel();
      last = t.cancelled();
    }
    return last;
  }
}
