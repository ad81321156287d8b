package dev.concurrency.async;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A report from the blocked-loop watchdog: one callback or task step has held the loop longer than the limit
 * set with {@link EventLoop.Builder#blockedLoopLimit(Duration)}.
 *
 * <p><b>Python:</b> none in asyncio (its debug mode reports slow callbacks only after they finish); the
 * watchdog is modelled on Vert.x's blocked thread checker.
 *
 * @param holder what held the loop: {@code task 'NAME'}, or {@code a callback on thread 'NAME'}
 * @param blockedFor how long the step had run when it was seen, at least the limit
 * @param stack the holding thread's stack when the watchdog looked: where the step is stuck
 */
public record BlockedLoop(String holder, Duration blockedFor, StackTraceElement[] stack) {

  /** Checks and copies the parts. */
  public BlockedLoop {
    requireNonNull(holder, "holder");
    requireNonNull(blockedFor, "blockedFor");
    stack = stack.clone();
  }

  /**
   * The stack, copied.
   *
   * @return the stack, copied
   */
  @Override
  public StackTraceElement[] stack() {
    return stack.clone();
  }

  @Override
  public String toString() {
    return "the event loop has been blocked for " + blockedFor.toMillis() + " ms by " + holder
        + Arrays.stream(stack).map(e -> "\n\tat " + e).collect(Collectors.joining());
  }
}
