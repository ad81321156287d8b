package dev.concurrency.examples.threading;

import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.examples.Timeline;
import dev.concurrency.model.trace.Trace;
import dev.concurrency.threads.ScopeFailedException;
import dev.concurrency.threads.Subtask;
import dev.concurrency.threads.TaskScope;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;

/**
 * Structured concurrency on Java 21 without preview features: subtasks on virtual threads that cannot outlive
 * their scope, the first failure cancelling the rest, and a deadline.
 *
 * <pre>{@code
 * # Python 3.11+
 * async with asyncio.TaskGroup() as tg:
 *     user = tg.create_task(fetch_user())
 *     order = tg.create_task(fetch_order())
 * print(user.result(), order.result())      # an error in one cancels the other; ExceptionGroup is raised
 * }</pre>
 *
 * <p><b>What to notice.</b> In the second scope, "stock" fails while "price" is still waiting: the scope
 * interrupts "price" at once instead of letting it run on, and {@code join} reports the failure only after
 * "price" has ended. In the third, a deadline of 100 ms cancels a subtask that would wait forever. In every case
 * no subtask thread is left running after the {@code try} block.
 *
 * <p><b>Run:</b> {@code ./examples.sh task-scope}
 *
 * <p><b>Expected output</b> (then a timeline):
 *
 * <pre>
 * all succeed: [user 42, order 7]
 * one fails: ScopeFailedException caused by IllegalStateException: stock service down; price was CANCELLED
 * deadline: TimeoutException: scope deadline of PT0.1S passed; 1 subtask(s) were cancelled
 * </pre>
 */
@SuppressWarnings("try") // a trace Recording is opened and closed for its span only, never read
public final class Threading09TaskScope {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "task-scope",
          Group.THREADING,
          "2.2",
          "TaskScope: structured concurrency on virtual threads, first failure cancels the rest, deadline",
          Threading09TaskScope::run);

  private Threading09TaskScope() {}

  static void run(PrintStream out, List<String> args) throws Exception {
    Trace trace = Trace.start();
    try (TaskScope<String> scope = TaskScope.open()) {
      scope.fork(() -> traced(trace, "user", "user 42"));
      scope.fork(() -> traced(trace, "order", "order 7"));
      out.println("all succeed: " + scope.join());
    }

    CountDownLatch priceWaiting = new CountDownLatch(1);
    try (TaskScope<String> scope = TaskScope.open()) {
      Subtask<String> price = scope.fork(() -> {
        try (var r = trace.open("price", "waits, then is interrupted")) {
          priceWaiting.countDown();
          new CountDownLatch(1).await(); // a slow remote call
          return "never";
        }
      });
      scope.fork(() -> {
        priceWaiting.await();
        try (var r = trace.open("stock", "fails")) {
          throw new IllegalStateException("stock service down");
        }
      });
      try {
        scope.join();
      } catch (ScopeFailedException e) {
        out.printf("one fails: ScopeFailedException caused by %s: %s; price was %s%n",
            e.getCause().getClass().getSimpleName(), e.getCause().getMessage(), price.state());
      }
    }

    try (TaskScope<String> scope = TaskScope.open(Duration.ofMillis(100))) {
      scope.fork(() -> {
        try (var r = trace.open("stuck", "cancelled at the deadline")) {
          new CountDownLatch(1).await();
          return "never";
        }
      });
      try {
        scope.join();
      } catch (TimeoutException e) {
        out.println("deadline: TimeoutException: " + e.getMessage());
      }
    }
    Timeline.print(out, trace, args);
  }

  private static String traced(Trace trace, String lane, String result) {
    try (var r = trace.open(lane, "fetch")) {
      return result;
    }
  }
}
