package dev.concurrency.sync.internal;

import dev.concurrency.sync.DeadlockException;
import dev.concurrency.sync.PotentialDeadlockException;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * The deadlock detector's JDK Flight Recorder events, under "Concurrency / Deadlock detector":
 *
 * <ul>
 *   <li>{@code dev.concurrency.sync.PotentialDeadlock}: a lock order that closes a cycle in the order graph (the
 *       lockdep-style report, whether the policy throws or warns), with the cycle and the policy;
 *   <li>{@code dev.concurrency.sync.Deadlock}: a blocking acquisition that would close a cycle of waiting threads,
 *       refused with {@code DeadlockException}, with the cycle.
 * </ul>
 *
 * <p>Both carry the stack of the thread that found the problem. They are emitted on the slow path only (a new edge
 * in the order graph, a thread about to block), so their cost when disabled does not show. Stateless.
 */
public final class DeadlockEvents {

  private DeadlockEvents() {}

  @Name("dev.concurrency.sync.PotentialDeadlock")
  @Label("Potential Deadlock")
  @Description("Locks taken in an order that closes a cycle in the lock-order graph")
  @Category({"Concurrency", "Deadlock detector"})
  @StackTrace(true)
  static final class PotentialDeadlock extends Event {
    @Label("Cycle")
    String cycle = "";

    @Label("Policy")
    String policy = "";
  }

  @Name("dev.concurrency.sync.Deadlock")
  @Label("Deadlock")
  @Description("A blocking acquisition refused because it would close a cycle of waiting threads")
  @Category({"Concurrency", "Deadlock detector"})
  @StackTrace(true)
  static final class Deadlock extends Event {
    @Label("Cycle")
    String cycle = "";
  }

  static void potential(PotentialDeadlockException problem, String policy) {
    PotentialDeadlock event = new PotentialDeadlock();
    if (event.isEnabled()) {
      event.cycle = problem.getMessage();
      event.policy = policy;
      event.commit();
    }
  }

  static void actual(DeadlockException problem) {
    Deadlock event = new Deadlock();
    if (event.isEnabled()) {
      event.cycle = problem.getMessage();
      event.commit();
    }
  }
}
