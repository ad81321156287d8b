package dev.concurrency.examples.asyncio;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.sleep;

import dev.concurrency.async.AsyncIO;
import dev.concurrency.async.AsyncRunnable;
import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.BlockedLoop;
import dev.concurrency.async.EventLoop;
import dev.concurrency.async.ThreadBridge;
import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.examples.Timeline;
import dev.concurrency.model.trace.Span;
import dev.concurrency.model.trace.Trace;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Wrong on purpose, then fixed: a task makes a blocking call on the event loop, every other task stalls, and the
 * blocked-loop watchdog reports it with the stack of the stuck task; then the same call moved to a thread with
 * {@code toThread}, and the loop stays responsive.
 *
 * <pre>{@code
 * # Python original (the mistake seed sections 2.1 and 3.1 warn against)
 * async def heartbeat():
 *     while True:
 *         await asyncio.sleep(0.05)          # should tick every 50 ms
 *
 * async def fetch():
 *     await asyncio.sleep(0.5)               # fine: the heartbeat ticks meanwhile
 *     time.sleep(0.5)                        # MISTAKE: blocks the whole loop for 500 ms
 *
 * async def fetch_fixed():
 *     await asyncio.sleep(0.5)
 *     await asyncio.to_thread(time.sleep, 0.5)   # the loop keeps running meanwhile
 * }</pre>
 *
 * <p><b>What to notice.</b> An event loop runs one task at a time and switches only at an {@code await}. A call
 * that blocks without awaiting ({@code Thread.sleep}, blocking I/O, a long computation) holds the loop: the
 * heartbeat ticks every 50 ms for half a second, then misses its ticks for the whole 500 ms of the call. The loop is built here with a
 * watchdog limit of 100 ms ({@code EventLoop.builder().blockedLoopLimit(...)}; the default is 2 s) and a report
 * sink ({@code onBlocked}): while the task is still stuck, the watchdog reports who holds the loop and where,
 * the stack ending in {@code Thread.sleep} inside {@code blockingFetch}. The fix runs the blocking call on a
 * pool thread with {@code ThreadBridge.toThread} ({@code asyncio.to_thread}): the task awaits its result, the
 * heartbeat keeps ticking, and the watchdog stays silent. For a plain pause, the fix is simpler still:
 * {@code AsyncIO.sleep} instead of {@code Thread.sleep}.
 *
 * <p><b>Run:</b> {@code ./examples.sh blocked-loop} (add {@code --svg blocked.svg} for a picture)
 *
 * <p><b>Expected output</b> (the gaps vary by some milliseconds; the stack's first frames depend on the JDK),
 * then the timeline, where the mistake's heartbeat row has a hole and the fix's has none:
 *
 * <pre>
 * mistake: Thread.sleep(500 ms) in a task: 12 heartbeats, longest gap 503 ms
 * watchdog: the event loop has been blocked for 100 ms by task 'blocking-fetch'
 *     at java.base/java.lang.VirtualThread.parkNanos(VirtualThread.java:784)
 *     at java.base/java.lang.VirtualThread.sleepNanos(VirtualThread.java:980)
 *     at java.base/java.lang.Thread.sleepNanos(Thread.java:507)
 *     at java.base/java.lang.Thread.sleep(Thread.java:601)
 *     at dev.concurrency.examples.asyncio.Asyncio41BlockedLoop.blockingFetch(Asyncio41BlockedLoop.java:168)
 * fix: toThread(() -> Thread.sleep(500 ms)): 21 heartbeats, longest gap 52 ms
 * watchdog reports during the fix: 0
 * Timeline:
 * ...
 * </pre>
 */
public final class Asyncio41BlockedLoop {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "blocked-loop",
          Group.ASYNCIO,
          "2.1, 3.1",
          "a blocking call in a task stalls the loop, the watchdog reports it with its stack; toThread fixes it",
          Asyncio41BlockedLoop::run);

  /** How long one step may hold the loop before the watchdog reports it; low, so the example is quick. */
  static final Duration LIMIT = Duration.ofMillis(100);

  /** How long the loop runs normally before the fetch; it also gives the watchdog time to start sampling. */
  static final Duration QUIET = Duration.ofMillis(500);

  static final Duration BLOCK = Duration.ofMillis(500);
  static final Duration BEAT = Duration.ofMillis(50);

  /** How long to wait for a report the watchdog may still be delivering when the loop has finished. */
  private static final Duration REPORT_GRACE = Duration.ofSeconds(5);

  private Asyncio41BlockedLoop() {}

  /** How a heartbeat fared while the fetch ran: how often it ticked and the longest silence. */
  record Beats(int count, Duration longestGap) {}

  static void run(PrintStream out, List<String> args) throws InterruptedException {
    Trace trace = Trace.start();
    BlockingQueue<BlockedLoop> reports = new LinkedBlockingQueue<>();
    EventLoop.Builder loop =
        EventLoop.builder()
            .blockedLoopLimit(LIMIT)
            .onBlocked( // called on the watchdog's thread, while the loop is still blocked
                report -> {
                  long now = trace.nanos();
                  trace.add(new Span("watchdog", "report", now, now));
                  reports.add(report);
                });

    Beats mistake = AsyncIO.run(loop, () -> withHeartbeat(trace, "mistake", "blocking-fetch", Asyncio41BlockedLoop::blockingFetch));
    out.println("mistake: Thread.sleep(" + BLOCK.toMillis() + " ms) in a task: " + describe(mistake));
    // the report is made while the loop is stuck, but its delivery may end just after the loop went on
    BlockedLoop report = reports.poll(REPORT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    if (report == null) {
      out.println("watchdog: no report within " + REPORT_GRACE.toSeconds() + " s (was the machine too busy to look?)");
    } else {
      printReport(out, report);
    }
    reports.clear();

    Beats fix = AsyncIO.run(loop, () -> withHeartbeat(trace, "fix", "offloaded-fetch", Asyncio41BlockedLoop::offloadedFetch));
    out.println("fix: toThread(() -> Thread.sleep(" + BLOCK.toMillis() + " ms)): " + describe(fix));
    out.println("watchdog reports during the fix: " + reports.size());
    Timeline.print(out, trace, args);
  }

  /**
   * Runs {@code fetch} as a task, after {@link #QUIET}, beside a heartbeat that ticks every {@link #BEAT}; returns
   * the heartbeat's record.
   */
  @SuppressWarnings("try") // the span is closed by the try; its body does not use it
  private static Beats withHeartbeat(Trace trace, String lane, String name, AsyncRunnable fetch) {
    List<Long> ticks = new ArrayList<>(); // touched by loop tasks only, one at a time
    AsyncTask<Void> fetching =
        createTask(
            () -> {
              sleep(QUIET); // a proper await: the heartbeat ticks on time meanwhile
              try (var span = trace.open(lane, "fetch")) {
                fetch.run();
              }
            },
            name);
    tick(trace, lane, ticks);
    while (!fetching.done()) {
      sleep(BEAT);
      tick(trace, lane, ticks);
    }
    fetching.await(); // rethrows what the fetch threw, if anything
    long longest = 0;
    for (int i = 1; i < ticks.size(); i++) {
      longest = Math.max(longest, ticks.get(i) - ticks.get(i - 1));
    }
    return new Beats(ticks.size(), Duration.ofNanos(longest));
  }

  private static void tick(Trace trace, String lane, List<Long> ticks) {
    long now = trace.nanos();
    ticks.add(now);
    trace.add(new Span(lane, "heartbeat", now, now));
  }

  /** The mistake: a blocking call inside a coroutine. Python: {@code time.sleep(0.5)} in an {@code async def}. */
  static void blockingFetch() {
    try {
      Thread.sleep(BLOCK); // WRONG on purpose: holds the loop, nothing else runs meanwhile
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while blocking the loop", e);
    }
  }

  /** The fix: the same blocking call on a pool thread; the task awaits it. */
  static void offloadedFetch() {
    ThreadBridge.toThread(
        () -> {
          Thread.sleep(BLOCK); // blocks a pool thread, not the loop
          return null;
        });
  }

  private static String describe(Beats beats) {
    return beats.count() + " heartbeats, longest gap " + beats.longestGap().toMillis() + " ms";
  }

  /** The report's first line, then its stack down to the first frame of this class: where the loop is stuck. */
  private static void printReport(PrintStream out, BlockedLoop report) {
    out.println(
        String.format(
            Locale.ROOT,
            "watchdog: the event loop has been blocked for %d ms by %s",
            report.blockedFor().toMillis(),
            report.holder()));
    for (StackTraceElement frame : report.stack()) {
      out.println("    at " + frame);
      if (frame.getClassName().equals(Asyncio41BlockedLoop.class.getName())) {
        break;
      }
    }
  }
}
