package dev.concurrency.examples.threading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
final class Threading15BrokenPoolTest {

  @Test
  void run_initializerWorksThenFails_poolBreaksCleanly() throws Exception {
    ExampleRun run = ExampleRun.of("broken-pool");

    assertThat(run.lines()).startsWith(
        "healthy pool: each worker connected once, before its tasks: [orders-worker-0, orders-worker-1]",
        "initializer fails: 3 waiting tasks failed with BrokenThreadPoolException, caused by IllegalStateException: database down",
        "submit afterwards: BrokenThreadPoolException (pool broken: true, shut down: true)",
        "the initializer's failure was also reported: IllegalStateException: database down",
        "Timeline:");
  }
}
