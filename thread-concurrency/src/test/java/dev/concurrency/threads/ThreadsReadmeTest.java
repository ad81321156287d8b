package dev.concurrency.threads;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The code the thread-concurrency README shows ({@code <!-- snippet: ...#tour -->}; the README check keeps the two
 * equal), run, with what its comments claim checked after it.
 */
@Timeout(60)
final class ThreadsReadmeTest {

  record Page(String url, int size) {}

  private static Page fetch(String url) {
    return new Page(url, url.length());
  }

  private static String fetchUser(int id) {
    return "user " + id;
  }

  private static String fetchOrder(int id) {
    return ", order " + id;
  }

  private final String url = "https://example.com/";
  private final List<Page> pages = List.of(fetch("a"), fetch("bb"), fetch("ccc"));

  @Test
  void tour_handlesPoolsAndScopes_doWhatTheCommentsSay() throws Exception {
    assertThat(tour(7)).isEqualTo("user 7, order 7");
  }

  private String tour(int id) throws Exception {
    List<TaskFuture<Page>> futures = new ArrayList<>();
    List<Page> completed = new ArrayList<>();
    List<Integer> allSizes = new ArrayList<>();
    // @start region="tour"
    // threading.Thread, with the failure kept
    ThreadHandle t = ThreadHandle.virtual("fetch", () -> fetch(url)).start();
    t.joinOrThrow();                                  // ExecutionException if fetch threw

    // concurrent.futures
    try (ThreadPool pool = ThreadPool.builder().workers(4).queueCapacity(1_000).name("io").build()) {
      TaskFuture<Page> page = pool.submit(() -> fetch(url));
      futures.add(page);
      List<Integer> sizes = pool.map(Page::size, pages);              // input order
      allSizes.addAll(sizes);
      for (TaskFuture<Page> f : ConcurrentFutures.asCompleted(futures, Duration.ofSeconds(10))) {
        completed.add(f.get());
      }
    }                                                  // close(): wait for everything, like Python's "with"

    // structured concurrency: nothing outlives the block
    try (TaskScope<String> scope = TaskScope.open(Duration.ofSeconds(2))) {
      Subtask<String> user = scope.fork(() -> fetchUser(id));
      Subtask<String> order = scope.fork(() -> fetchOrder(id));
      scope.join();                                    // first failure cancels the other; deadline cancels both
      // @end
      assertThat(allSizes).containsExactly(1, 2, 3);
      assertThat(completed).containsExactly(fetch(url));
      // @start region="tour-end"
      return user.get() + order.get();
    }
    // @end
  }
}
