package dev.concurrency.examples.threading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
final class Threading14LazyMapTest {

  @Test
  void run_bufferChunksAndFailure_asPython314() throws Exception {
    ExampleRun run = ExampleRun.of("lazy-map");

    assertThat(run.lines()).startsWith(
        "squares of an endless input, buffer of 4: [0, 1, 4, 9, 16, 25, 36, 49, 64, 81]",
        "inputs read for 10 results: 14 (10 consumed + 4 in flight)",
        "10,000 items in chunks of 500: the same 10,000 results, in order",
        "60 // d over [5, 4, 0, 3]: 12, 15, then ArithmeticException at the third item; iteration ended",
        "Timeline:");
  }
}
