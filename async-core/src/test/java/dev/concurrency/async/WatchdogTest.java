package dev.concurrency.async;

import static dev.concurrency.async.AsyncIO.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
final class WatchdogTest {

  /** A step that blocks the loop (here: waits for the watchdog's own report) is reported with its stack. */
  @Test
  void blockingStep_isReportedWithStack() throws Exception {
    CompletableFuture<BlockedLoop> report = new CompletableFuture<>();
    BlockedLoop seen = run(EventLoop.builder().blockedLoopLimit(Duration.ofMillis(50)).onBlocked(report::complete),
        () -> blockUntilReported(report));
    assertThat(seen.blockedFor()).isGreaterThanOrEqualTo(Duration.ofMillis(50));
    assertThat(seen.stack()).anySatisfy(e -> assertThat(e.getMethodName()).contains("blockUntilReported"));
    assertThat(seen.holder()).isEqualTo("task 'main'");
    assertThat(seen.toString()).contains("blocked for").contains("blockUntilReported");
  }

  private static BlockedLoop blockUntilReported(CompletableFuture<BlockedLoop> report) throws Exception {
    // deliberately blocks the loop: what the watchdog exists to catch
    return report.get(20, TimeUnit.SECONDS);
  }

  @Test
  void idleLoop_isNotReported() {
    // warm up first, with the watchdog off, so that first-use class loading cannot count as a blocked step
    run(EventLoop.builder().blockedLoopLimit(Duration.ZERO), () -> sleep(Duration.ofMillis(10)));
    CompletableFuture<BlockedLoop> report = new CompletableFuture<>();
    run(EventLoop.builder().blockedLoopLimit(Duration.ofMillis(300)).onBlocked(report::complete),
        () -> sleep(Duration.ofSeconds(1)));
    assertThat(report).as("a loop waiting for its timer is idle, not blocked").isNotDone();
  }
}
