package dev.concurrency.examples.threading;

import dev.concurrency.examples.Example;
import java.util.List;

/** The {@code threading} group's examples, in listing order. */
public final class ThreadingExamples {

  private ThreadingExamples() {}

  /** Every example of this group. */
  public static List<Example> all() {
    return List.of(
        Threading01Seed.EXAMPLE,
        Threading02ThreadHandles.EXAMPLE,
        Threading03CpuSpeedup.EXAMPLE,
        Threading04ThreadPool.EXAMPLE,
        Threading05NaivePriorityQueue.EXAMPLE,
        Threading06PriorityExecutor.EXAMPLE,
        Threading07RoundRobin.EXAMPLE,
        Threading08WorkStealing.EXAMPLE,
        Threading09TaskScope.EXAMPLE,
        Threading10UnsafeCounter.EXAMPLE,
        Threading11CounterFixes.EXAMPLE,
        Threading12VirtualThreadPool.EXAMPLE,
        Threading13TimerScheduler.EXAMPLE,
        Threading14LazyMap.EXAMPLE,
        Threading15BrokenPool.EXAMPLE);
  }
}
