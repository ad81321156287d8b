package dev.concurrency.examples.threading;

import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.examples.Timeline;
import dev.concurrency.model.trace.Trace;
import dev.concurrency.threads.ManualClock;
import dev.concurrency.threads.ScheduledExecutor;
import dev.concurrency.threads.ScheduledTaskFuture;
import dev.concurrency.threads.ThreadTimer;
import dev.concurrency.threads.TimerClock;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Doing something later: {@code threading.Timer} as {@link ThreadTimer}, and periodic work on a {@link
 * ScheduledExecutor}, first in real time, then on a clock the program moves itself.
 *
 * <pre>{@code
 * # Python
 * reminder = threading.Timer(0.2, lambda: print("time's up"))
 * reminder.start()
 * never = threading.Timer(0.2, lambda: print("never printed"))
 * never.start(); never.cancel()        # cancelled while it waits: the action never runs
 * reminder.join(); never.join()
 * }</pre>
 *
 * <p><b>What to notice.</b> A timer is a thread that waits, then runs its action once; {@code cancel()} helps only
 * while it waits, and says so: {@code true} before the action starts, {@code false} once it runs. A scheduled
 * executor runs periodic work on a few worker threads instead of a thread per timer; a periodic task's future
 * stands for all its runs, so one {@code cancel}, even from inside a run, ends the series. Both wait on a {@link TimerClock}: on a {@link
 * ManualClock} an hour passes when the program says so, which is how their tests check timing exactly without
 * sleeping.
 *
 * <p><b>Run:</b> {@code ./examples.sh timer-and-scheduler}
 *
 * <p><b>Expected output</b> (then a timeline):
 *
 * <pre>
 * timer A (0.2 s): fired, not before its interval
 * timer B (0.2 s): cancel() while waiting = true; its action never ran
 * timer C: cancel() while its action runs = false; the action finished
 * heartbeat every 0.05 s: the third beat calls cancel(false) = true; 3 beats in all
 * manual clock: a task due in 1 h is pending after 59 min, ran when the clock reached 1 h (no real hour passed)
 * </pre>
 */
@SuppressWarnings("try") // trace Recordings are opened and closed for their spans only, never read
public final class Threading13TimerScheduler {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "timer-and-scheduler",
          Group.THREADING,
          "2.2, 3.2",
          "threading.Timer as ThreadTimer (start, cancel) and a ScheduledExecutor, on the system and a manual clock",
          Threading13TimerScheduler::run);

  private static final Duration INTERVAL = Duration.ofMillis(200);

  private Threading13TimerScheduler() {}

  static void run(PrintStream out, List<String> args) throws Exception {
    Trace trace = Trace.start();
    timers(out, trace);
    heartbeat(out, trace);
    manualClock(out);
    Timeline.print(out, trace, args);
  }

  private static void timers(PrintStream out, Trace trace) throws Exception {
    long start = System.nanoTime();
    long[] firedAfter = new long[1];
    Trace.Recording waiting = trace.open("timer A", "waiting 0.2 s");
    ThreadTimer a = ThreadTimer.start(INTERVAL, () -> {
      firedAfter[0] = System.nanoTime() - start;
      waiting.close();
      try (var r = trace.open("timer A", "action")) {
        Thread.yield();
      }
    });
    AtomicInteger neverRuns = new AtomicInteger();
    ThreadTimer b = ThreadTimer.start(INTERVAL, neverRuns::incrementAndGet);
    boolean cancelledB = b.cancel();
    a.join();
    b.join();
    out.printf("timer A (%.1f s): %s%n", INTERVAL.toMillis() / 1000.0,
        firedAfter[0] >= INTERVAL.toNanos() ? "fired, not before its interval" : "fired too early");
    out.printf("timer B (%.1f s): cancel() while waiting = %s; its action %s%n", INTERVAL.toMillis() / 1000.0,
        cancelledB, neverRuns.get() == 0 ? "never ran" : "ran");

    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    AtomicInteger finished = new AtomicInteger();
    ThreadTimer c = ThreadTimer.start(Duration.ZERO, () -> {
      try (var r = trace.open("timer C", "action (cancel refused)")) {
        running.countDown();
        awaitQuietly(finish);
        finished.incrementAndGet();
      }
    });
    running.await();
    boolean cancelledC = c.cancel();
    finish.countDown();
    c.join();
    out.printf("timer C: cancel() while its action runs = %s; the action %s%n", cancelledC,
        finished.get() == 1 ? "finished" : "was stopped");
  }

  private static void heartbeat(PrintStream out, Trace trace) throws Exception {
    try (ScheduledExecutor scheduler = ScheduledExecutor.builder().name("heartbeat").build()) {
      AtomicInteger beats = new AtomicInteger();
      AtomicReference<ScheduledTaskFuture<?>> series = new AtomicReference<>();
      AtomicBoolean cancelled = new AtomicBoolean();
      CountDownLatch published = new CountDownLatch(1);
      series.set(scheduler.scheduleAtFixedRate(() -> {
        awaitQuietly(published);
        int n = beats.incrementAndGet();
        try (var r = trace.open("heartbeat", "beat " + n)) {
          if (n == 3) {
            cancelled.set(series.get().cancel(false)); // a periodic task may end its own series mid-run
          }
        }
      }, Duration.ZERO, Duration.ofMillis(50)));
      published.countDown();
      try {
        series.get().get();
      } catch (CancellationException expected) {
        // the series was cancelled by its third beat
      }
      // one worker: by the time this no-op due at 0.15 s has run, beats 4 to 6 would have run too
      scheduler.schedule(() -> { }, Duration.ofMillis(150)).get();
      out.printf("heartbeat every 0.05 s: the third beat calls cancel(false) = %s; %d beats in all%n",
          cancelled.get(), beats.get());
    }
  }

  private static void manualClock(PrintStream out) throws Exception {
    ManualClock clock = TimerClock.manual();
    try (ScheduledExecutor scheduler = ScheduledExecutor.builder().clock(clock).name("manual").build()) {
      long realStart = System.nanoTime();
      ScheduledTaskFuture<String> due = scheduler.schedule(() -> "ran", 1, TimeUnit.HOURS);
      clock.advance(Duration.ofMinutes(59));
      scheduler.schedule(() -> { }, Duration.ZERO).get(); // the worker has looked at the clock: not yet
      String at59 = due.isDone() ? "already done" : "pending";
      clock.advance(Duration.ofMinutes(1));
      String result = due.get(1, TimeUnit.MINUTES);
      boolean quick = System.nanoTime() - realStart < TimeUnit.MINUTES.toNanos(1);
      out.printf("manual clock: a task due in 1 h is %s after 59 min, %s when the clock reached 1 h (%s)%n", at59,
          result, quick ? "no real hour passed" : "slow");
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
