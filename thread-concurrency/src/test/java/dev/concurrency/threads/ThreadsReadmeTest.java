package dev.concurrency.threads;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

  private final List<String> urls = List.of("a", "bb", "ccc");

  private Page download(String u) {
    return fetch(u);
  }

  /** Stands for a per-worker resource, as the initializer example in the README connects to a database. */
  static final class Db {
    static final AtomicInteger CONNECTIONS = new AtomicInteger();

    static void connect(String url) {
      CONNECTIONS.incrementAndGet();
    }
  }

  @Test
  void timers_cancelAWaitingTimer_andBeatOnAManualClock() throws Exception {
    // @start region="timers"
    ThreadTimer reminder = ThreadTimer.start(Duration.ofSeconds(30), () -> System.out.println("time's up"));
    reminder.cancel();                                   // true: still waiting, the action will never run

    ManualClock clock = TimerClock.manual();             // in tests: time moves only when told to
    CountDownLatch threeBeats = new CountDownLatch(3);
    try (ScheduledExecutor scheduler = ScheduledExecutor.builder().clock(clock).build()) {
      ScheduledTaskFuture<?> beat = scheduler.scheduleAtFixedRate(threeBeats::countDown, 0, 5, TimeUnit.SECONDS);
      clock.advance(Duration.ofSeconds(10));             // the beats of 0, 5 and 10 s are due at once
      threeBeats.await(30, TimeUnit.SECONDS);            // bounded in real time, and no sleep
      beat.cancel(false);                                // a periodic task's future stands for all runs to come
    }
    // @end
    assertThat(reminder.state()).isEqualTo(ThreadTimer.State.CANCELLED);
    assertThat(threeBeats.getCount()).isZero();
  }

  @Test
  void initializer_runsInTheWorkersBeforeTheirTasks() throws Exception {
    Db.CONNECTIONS.set(0);
    // @start region="initializer"
    ThreadPool pool = ThreadPool.builder().workers(4).initializer(Db::connect, url).build();
    // @end
    try (pool) {
      assertThat(pool.submit(() -> Db.CONNECTIONS.get()).get(30, TimeUnit.SECONDS)).isBetween(1, 4);
    }
  }

  @Test
  void lazyMap_givesResultsInInputOrder() {
    List<Integer> sizes = new ArrayList<>();
    try (ThreadPool pool = ThreadPool.fixed(2)) {
      // @start region="lazy-map"
      try (MapIterator<Page> pages = pool.imap(this::download, urls, MapOptions.DEFAULTS.withBufferSize(8))) {
        for (Page p : pages) {
          sizes.add(p.size());                           // results in input order, as they are consumed
        }
      }
      // @end
    }
    assertThat(sizes).containsExactly(1, 2, 3);
  }
}
