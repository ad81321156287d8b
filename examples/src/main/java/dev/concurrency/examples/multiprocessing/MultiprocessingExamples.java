package dev.concurrency.examples.multiprocessing;

import dev.concurrency.examples.Example;
import java.util.List;

/** The {@code multiprocessing} group's examples, in listing order. */
public final class MultiprocessingExamples {

  private MultiprocessingExamples() {}

  /** Every example of this group. */
  public static List<Example> all() {
    return List.of(
        Multiprocessing01Seed.EXAMPLE,
        Multiprocessing02PoolMap.EXAMPLE,
        Multiprocessing03WorkerCrash.EXAMPLE,
        Multiprocessing04SharedCounter.EXAMPLE,
        Multiprocessing05PipePingPong.EXAMPLE,
        Multiprocessing06QueueWorkers.EXAMPLE,
        Multiprocessing07Isolation.EXAMPLE, Multiprocessing08IpcCost.EXAMPLE,
        Multiprocessing09WaitAny.EXAMPLE,
        Multiprocessing10JoinableQueue.EXAMPLE,
        Multiprocessing11ValueArray.EXAMPLE,
        Multiprocessing12EndlessMap.EXAMPLE);
  }
}
