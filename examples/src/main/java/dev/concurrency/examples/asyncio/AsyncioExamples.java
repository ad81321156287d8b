package dev.concurrency.examples.asyncio;

import dev.concurrency.examples.Example;
import java.util.List;

/** The {@code asyncio} group's examples, in listing order. */
public final class AsyncioExamples {

  private AsyncioExamples() {}

  /** Every example of this group. */
  public static List<Example> all() {
    return List.of(
        Asyncio01Seed.EXAMPLE,
        Asyncio02CallbackOrder.EXAMPLE,
        Asyncio03Timeout.EXAMPLE,
        Asyncio04TaskGroupFailure.EXAMPLE,
        Asyncio05CancelCleanup.EXAMPLE,
        Asyncio06VirtualTime.EXAMPLE,
        Asyncio07EagerTasks.EXAMPLE,
        Asyncio08Runner.EXAMPLE,
        Asyncio09ContextVar.EXAMPLE,
        Asyncio15ExceptStar.EXAMPLE,
        Asyncio20Lock.EXAMPLE,
        Asyncio21Semaphore.EXAMPLE,
        Asyncio22Queue.EXAMPLE,
        Asyncio23ToThread.EXAMPLE,
        Asyncio24EchoServer.EXAMPLE,
        Asyncio25EchoClient.EXAMPLE,
        Asyncio26SubprocessPipeline.EXAMPLE,
        Asyncio27UnixEcho.EXAMPLE,
        Asyncio30SimulationRace.EXAMPLE,
        Asyncio31SimulationShield.EXAMPLE,
        Asyncio40SequentialVsConcurrent.EXAMPLE,
        Asyncio41BlockedLoop.EXAMPLE,
        Asyncio42TaskTree.EXAMPLE);
  }
}
