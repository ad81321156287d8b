package dev.concurrency.examples.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

final class Sync06MutexVsSemaphoreTest {

  @Test
  @Timeout(60)
  void run_mutexAdmitsOne_semaphoreAdmitsThree() throws Exception {
    ExampleRun run = ExampleRun.of("mutex-vs-semaphore");

    assertThat(run.lines())
        .containsExactly(
            "mutex: 4 threads x 10000 increments = 40000, at most 1 inside at once",
            "semaphore(3): 6 threads, at most 3 inside at once");
  }
}
