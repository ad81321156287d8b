package dev.concurrency.examples.asyncio;

import static dev.concurrency.async.AsyncIO.gather;
import static dev.concurrency.async.AsyncIO.sleep;

import dev.concurrency.async.AsyncIO;
import dev.concurrency.async.EventLoop;
import dev.concurrency.async.VirtualClock;
import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.examples.Timeline;
import dev.concurrency.model.trace.Trace;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * Virtual time: a program that sleeps for a simulated day runs in milliseconds, and prints the same timeline
 * on every run, because the loop's clock jumps to the next timer whenever nothing else can run.
 *
 * <pre>{@code
 * # Python (Trio's MockClock(autojump_threshold=0); asyncio has no built-in equivalent)
 * async def poller(name, every):
 *     for _ in range(3):
 *         await trio.sleep(every)
 *         print(f"{clock.current_time():>8.0f} s  {name}")
 * }</pre>
 *
 * <p><b>What to notice.</b> The pollers sleep for hours of loop time, yet the run is instant. Timing claims in
 * this project's tests are checked this way: exact, repeatable, and independent of how loaded the machine is.
 *
 * <p><b>Run:</b> {@code ./examples.sh virtual-time}
 *
 * <p><b>Expected output:</b>
 *
 * <pre>
 *     3600 s  hourly
 *     5400 s  every 90 min
 *     7200 s  hourly
 *    10800 s  hourly
 *    10800 s  every 90 min
 *    16200 s  every 90 min
 * simulated 16200 s
 * Timeline:
 * ...
 * </pre>
 */
public final class Asyncio06VirtualTime {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example("virtual-time", Group.ASYNCIO, "3.3",
          "a virtual clock with auto-advance: hours of sleeps in milliseconds, deterministically",
          Asyncio06VirtualTime::run);

  private Asyncio06VirtualTime() {}

  static void run(PrintStream out, List<String> args) {
    VirtualClock clock = VirtualClock.autoAdvancing();
    Trace trace = Trace.start(clock); // the timeline is in virtual time too: identical on every run
    AsyncIO.run(EventLoop.builder().clock(clock), () -> {
      gather(
          () -> poller(out, clock, trace, "hourly", Duration.ofHours(1)),
          () -> poller(out, clock, trace, "every 90 min", Duration.ofMinutes(90))).await();
    });
    out.println("simulated " + clock.elapsed().toSeconds() + " s");
    Timeline.print(out, trace, args);
  }

  @SuppressWarnings("try") // the span is closed by the try; its body does not use it
  private static void poller(PrintStream out, VirtualClock clock, Trace trace, String name, Duration every) {
    for (int i = 0; i < 3; i++) {
      try (var span = trace.open(name, "sleep")) {
        sleep(every);
      }
      out.printf("%8d s  %s%n", clock.elapsed().toSeconds(), name);
    }
  }
}
