package dev.concurrency.model.trace;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * One interval of execution: {@code name} ran on {@code lane} from {@code startNanos} to {@code endNanos},
 * both measured in nanoseconds since the start of the {@link Trace} it belongs to.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param lane the row it is drawn on: a thread, a task, a process or a CPU ({@code "worker-1"}, {@code "cpu0"})
 * @param name what ran ({@code "task1"}, {@code "sleep 1 s"})
 * @param startNanos when it started, nanoseconds since the trace's start, not negative
 * @param endNanos when it ended, not before {@code startNanos}
 */
public record Span(String lane, String name, long startNanos, long endNanos) {

  /** Checks that the names are present and the interval is well formed. */
  public Span {
    requireNonNull(lane, "lane");
    requireNonNull(name, "name");
    checkArgument(
        startNanos >= 0,
        "span '%s' on lane '%s' starts at %s ns, before the trace's start; times are relative to Trace.start()",
        name,
        lane,
        startNanos);
    checkArgument(
        endNanos >= startNanos,
        "span '%s' on lane '%s' ends (%s ns) before it starts (%s ns)",
        name,
        lane,
        endNanos,
        startNanos);
  }

  /** {@return how long it ran, in nanoseconds} */
  public long durationNanos() {
    return endNanos - startNanos;
  }

  /** {@return how long it ran} */
  public Duration duration() {
    return Duration.ofNanos(durationNanos());
  }
}
