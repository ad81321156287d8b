package dev.concurrency.examples.asyncio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Smoke test of the {@code except*} example: its output is the Python original's, line for line. */
@Timeout(60)
final class Asyncio15ExceptStarTest {

  @Test
  void exceptStar_eachClauseTakesItsKind_nestingKept_restRaisedOn() throws Exception {
    assertThat(ExampleRun.of("except-star").lines()).containsExactly(
        "retry later: [users: connection refused, [warehouse-2: connection refused]]",
        "  of which warehouses: [[warehouse-2: connection refused]]",
        "timed out: [orders: too slow]",
        "raised on: [prices: bad currency]");
  }
}
