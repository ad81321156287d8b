package dev.concurrency.async.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.async.testing.CpuGauge;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

final class WatchdogTest {

  /** A probe whose loop is stuck in one step on the test's thread, for as long as the test wants. */
  private static final class StuckLoop implements Watchdog.Probe {
    final CompletableFuture<Duration> report = new CompletableFuture<>();
    private final Duration limit;
    private final @Nullable Thread busy;

    StuckLoop(Duration limit, @Nullable Thread busy) {
      this.limit = limit;
      this.busy = busy;
    }

    @Override
    public long steps() {
      return 1;
    }

    @Override
    public @Nullable Thread busyThread() {
      return busy;
    }

    @Override
    public Duration limit() {
      return limit;
    }

    @Override
    public void blocked(Thread thread, Duration blockedFor, StackTraceElement[] stack) {
      report.complete(blockedFor);
    }
  }

  /**
   * A loop with a short limit that registers while the watchdog sleeps for a long period (set by a loop with a
   * long limit) is still reported on time: registering wakes the watchdog to take the shorter period.
   */
  @Test
  @Timeout(30)
  void watch_shorterLimitWhileParkedForALongPeriod_isReportedWithinTheShortLimit() throws Exception {
    Watchdog watchdog = new Watchdog();
    StuckLoop idleForAnHour = new StuckLoop(Duration.ofHours(1), null);
    watchdog.watch(idleForAnHour); // the watchdog now samples every 15 minutes
    Thread sampler = watchdog.thread();
    assertThat(sampler).isNotNull();
    while (sampler.getState() != Thread.State.TIMED_WAITING) {
      Thread.onSpinWait(); // bounded by the test's timeout: the sampler parks for its period almost at once
    }
    StuckLoop stuck = new StuckLoop(Duration.ofMillis(20), Thread.currentThread());

    watchdog.watch(stuck);

    assertThat(stuck.report.get(10, TimeUnit.SECONDS)).isGreaterThan(Duration.ofMillis(20));
    assertThat(idleForAnHour.report).as("an idle loop is never reported").isNotDone();
    watchdog.unwatch(stuck);
    watchdog.unwatch(idleForAnHour);
  }

  /** Its thread runs no caller's code: an interrupt is cleared and ignored, not a reason to spin or to stop. */
  @Test
  @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void interruptedSampler_neitherSpinsNorStops() throws Exception {
    Watchdog watchdog = new Watchdog();
    StuckLoop idleForAnHour = new StuckLoop(Duration.ofHours(1), null);
    watchdog.watch(idleForAnHour);
    Thread sampler = watchdog.thread();
    assertThat(sampler).isNotNull();

    sampler.interrupt();
    CpuGauge gauge = CpuGauge.start(sampler);
    StuckLoop stuck = new StuckLoop(Duration.ofMillis(300), Thread.currentThread());
    watchdog.watch(stuck);

    assertThat(stuck.report.get(10, TimeUnit.SECONDS)).as("it still reports").isGreaterThan(Duration.ofMillis(300));
    gauge.assertNoSpin("the watchdog's sampler until it reports a 300 ms step");
    assertThat(sampler.isAlive()).isTrue();
    watchdog.unwatch(stuck);
    watchdog.unwatch(idleForAnHour);
  }
}
