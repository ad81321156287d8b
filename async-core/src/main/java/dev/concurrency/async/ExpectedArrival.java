package dev.concurrency.async;

import dev.concurrency.async.internal.SchedulingPolicy;

/**
 * A callback the loop expects another thread to hand back, such as a {@code toThread} job's outcome: the worker
 * calls {@link #arrive}, the loop calls {@link #close()} once it no longer waits. Announcing it first is what
 * lets the loop's {@link SchedulingPolicy} choose the tick it arrives in (a simulated run), and keeps a virtual
 * clock from jumping while the work runs.
 *
 * <p>{@link #arrive} is thread-safe; {@link #close()} is loop-confined. Memory consistency: actions of the worker
 * before {@code arrive(r)} happen-before {@code r} runs on the loop.
 */
final class ExpectedArrival {

  private final EventLoop loop;
  private final SchedulingPolicy.Arrival arrival;

  ExpectedArrival(EventLoop loop, SchedulingPolicy.Arrival arrival) {
    this.loop = loop;
    this.arrival = arrival;
  }

  /**
   * Hands {@code callback} to the loop, from any thread.
   *
   * @throws IllegalStateException if the loop is closed
   */
  void arrive(Runnable callback) {
    loop.arrive(arrival, callback);
  }

  /** The loop no longer waits for this arrival. Loop-confined; call once. */
  void close() {
    arrival.close();
  }
}
