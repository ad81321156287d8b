package dev.concurrency.async;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.async.sync.AsyncLock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The code the async-core README shows ({@code <!-- snippet: ...#lock -->}; the README check keeps the two equal),
 * run, with what its comments claim checked after it.
 */
@Timeout(60)
final class AsyncCoreReadmeTest {

  @Test
  void lock_acquiredThenClosedByTry_isReleasedForTheNextTask() {
    List<String> steps = new ArrayList<>();
    AsyncIO.run(() -> {
      // @start region="lock"
      AsyncLock lock = new AsyncLock();
      lock.acquire();                 // async with lock:
      try (lock) {                    //     ...
        steps.add("inside");          // close() releases
      }
      // @end
      steps.add(lock.locked() ? "still locked" : "released");
    });

    assertThat(steps).containsExactly("inside", "released");
  }
}
