package dev.concurrency.examples.asyncio;

import dev.concurrency.async.EventLoop;
import dev.concurrency.async.VirtualClock;
import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * The loop's tick: {@code callSoon} callbacks run in FIFO order, a callback scheduled by a callback waits for
 * the next tick, and timers run by deadline, ties in scheduling order.
 *
 * <pre>{@code
 * # Python
 * loop.call_later(0.02, print, "later 20 ms")
 * loop.call_later(0.01, print, "later 10 ms (a)")
 * loop.call_later(0.01, print, "later 10 ms (b)")
 * loop.call_soon(first)          # first() itself calls loop.call_soon(print, "soon, from first")
 * loop.call_soon(print, "soon 2")
 * }</pre>
 *
 * <p><b>What to notice.</b> "soon, from first" is printed after "soon 2": each tick runs only the callbacks
 * that were ready when it began (asyncio's {@code _run_once}). The two 10 ms timers keep their scheduling
 * order; CPython's heap does not promise that for equal deadlines, this loop does. Timers always come after
 * the callbacks already queued.
 *
 * <p><b>Run:</b> {@code ./examples.sh callback-order}
 *
 * <p><b>Expected output:</b>
 *
 * <pre>
 * tick 1: first
 * tick 1: soon 2
 * tick 2: soon, from first
 * later 10 ms (a)
 * later 10 ms (b)
 * later 20 ms
 * </pre>
 */
public final class Asyncio02CallbackOrder {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "callback-order",
          Group.ASYNCIO,
          "3.1",
          "call_soon FIFO, one tick at a time; call_later by deadline, ties in order",
          Asyncio02CallbackOrder::run);

  private Asyncio02CallbackOrder() {}

  static void run(PrintStream out, List<String> args) {
    // a virtual clock: the order of ticks and timers is the point, and on a busy machine real milliseconds between
    // the calls below (or a slow first tick) would let a later-scheduled timer fall due before an earlier one
    try (EventLoop loop = EventLoop.builder().clock(VirtualClock.autoAdvancing()).build()) {
      loop.callLater(Duration.ofMillis(20), () -> out.println("later 20 ms"));
      loop.callLater(Duration.ofMillis(10), () -> out.println("later 10 ms (a)"));
      loop.callLater(Duration.ofMillis(10), () -> out.println("later 10 ms (b)"));
      loop.callSoon(() -> {
        out.println("tick 1: first");
        loop.callSoon(() -> out.println("tick 2: soon, from first"));
      });
      loop.callSoon(() -> out.println("tick 1: soon 2"));
      loop.callLater(Duration.ofMillis(30), loop::stop);
      loop.runForever();
    }
  }
}
