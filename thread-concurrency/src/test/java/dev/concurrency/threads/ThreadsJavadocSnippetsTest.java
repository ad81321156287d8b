package dev.concurrency.threads;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The code shown in the Javadoc of {@code dev.concurrency.threads} ({@code {@snippet class=... region=...}}), run,
 * with what its comments claim checked after each region. Real-time waits in the shown code are replaced by a
 * {@link ManualClock} where the type takes one, so nothing here sleeps.
 */
@Timeout(60)
final class ThreadsJavadocSnippetsTest {

  record Page(String url, int size) {}

  private static Page fetch(String url) {
    return new Page(url, url.length());
  }

  private final List<String> urls = List.of("a", "bb", "ccc");
  private final List<Page> pages = urls.stream().map(ThreadsJavadocSnippetsTest::fetch).toList();
  private final List<Page> shown = new ArrayList<>();
  private final AtomicInteger beats = new AtomicInteger();

  private void show(Page page) {
    shown.add(page);
  }

  private void heartbeat() {
    beats.incrementAndGet();
  }

  @Test
  void waitForAndAsCompleted_seeEveryPage() throws Exception {
    try (ThreadPool pool = ThreadPool.fixed(2)) {
      // @start region="wait-for"
      List<TaskFuture<Page>> pages = urls.stream().map(u -> pool.submit(() -> fetch(u))).toList();
      DoneAndNotDone<TaskFuture<Page>> first = ConcurrentFutures.waitFor(pages, ReturnWhen.FIRST_COMPLETED, null);
      // @end
      assertThat(first.done()).isNotEmpty();
      // @start region="as-completed"
      for (TaskFuture<Page> f : ConcurrentFutures.asCompleted(pages, Duration.ofSeconds(10))) {
        show(f.resultNow());   // done, so resultNow() does not block
      }
      // @end
    }
    assertThat(shown).containsExactlyInAnyOrderElementsOf(pages);
  }

  @Test
  void adder_countsEveryIncrementOnceTheThreadsAreJoined() throws InterruptedException {
    // @start region="counter"
    Counter hits = Counter.Kind.ADDER.create();
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] = Thread.ofPlatform().start(() -> {
        for (int i = 0; i < 10_000; i++) {
          hits.increment();
        }
      });
    }
    for (Thread thread : threads) {
      thread.join();                   // after joining them, get() is exact
    }
    long total = hits.get();
    // @end
    assertThat(total).isEqualTo(40_000);
  }

  @Test
  void spin_isDeterministicForItsSeed() {
    // @start region="cpu-work"
    long expected = CpuWork.spin(25_000_000, 1);   // about 25 ms on a 2020s core
    // @end
    assertThat(CpuWork.spin(25_000_000, 1)).isEqualTo(expected);
  }

  @Test
  void manualClock_makesAScheduledTaskDueAtOnce() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    Runnable task = ran::countDown;
    // @start region="manual-clock"
    ManualClock clock = TimerClock.manual();
    try (ScheduledExecutor ex = ScheduledExecutor.builder().clock(clock).build()) {
      ScheduledTaskFuture<?> f = ex.schedule(task, 10, TimeUnit.SECONDS);
      clock.advance(Duration.ofSeconds(10));          // now f is due; a worker runs it
      // @end
      f.get(30, TimeUnit.SECONDS);
    }
    assertThat(ran.getCount()).isZero();
  }

  @Test
  void imap_withABuffer_sumsEverySize() throws Exception {
    int total = 0;
    try (ThreadPool pool = ThreadPool.fixed(2)) {
      // @start region="imap"
      try (MapIterator<Integer> sizes = pool.imap(Page::size, pages, MapOptions.DEFAULTS.withBufferSize(4))) {
        while (sizes.hasNext()) {
          total += sizes.take();       // checked exceptions; or next(), or a for-each loop, unchecked
        }
      }
      // @end
    }
    assertThat(total).isEqualTo(6);
  }

  @Test
  void mapOptions_bufferAndDeadline_keepInputOrder() {
    List<Page> fetched = new ArrayList<>();
    try (ThreadPool pool = ThreadPool.fixed(2)) {
      // @start region="map-options"
      MapOptions options = MapOptions.DEFAULTS.withBufferSize(8).withTimeout(Duration.ofSeconds(30));
      try (MapIterator<Page> pages = pool.imap(ThreadsJavadocSnippetsTest::fetch, urls, options)) {
        pages.forEach(fetched::add);
      }
      // @end
    }
    assertThat(fetched).isEqualTo(pages);
  }

  @Test
  void priorityExecutor_runsBothTasks() throws Exception {
    // @start region="priority"
    try (PriorityExecutor ex = PriorityExecutor.builder().workers(2).agingStep(Duration.ofMillis(100)).build()) {
      TaskFuture<String> urgent = ex.submit(10, () -> "report");
      TaskFuture<Integer> chores = ex.submit(-5, () -> 42);
      // @end
      assertThat(urgent.get(30, TimeUnit.SECONDS)).isEqualTo("report");
      assertThat(chores.get(30, TimeUnit.SECONDS)).isEqualTo(42);
    }
  }

  // @start region="stepped-task"
  static SteppedTask<Long> countTo(long n) {
    return new SteppedTask<>() {
      long i;
      long total;

      @Override
      public Step<Long> step() {
        total += i++;
        return i < n ? Step.more() : Step.done(total);
      }
    };
  }
  // @end

  @Test
  void roundRobin_finishesBothSteppedTasks() throws Exception {
    // @start region="round-robin"
    try (RoundRobinExecutor rr = RoundRobinExecutor.builder().quantum(Quantum.steps(3)).build()) {
      CompletableFuture<Long> a = rr.submit(countTo(10));
      CompletableFuture<Long> b = rr.submit(countTo(4));   // interleaves with a, 3 steps at a time
      // @end
      assertThat(a.get(30, TimeUnit.SECONDS)).isEqualTo(45L);
      assertThat(b.get(30, TimeUnit.SECONDS)).isEqualTo(6L);
    }
  }

  @Test
  void scheduledExecutor_oneShotAndPeriodic() throws Exception {
    ManualClock clock = TimerClock.manual();
    // @start region="scheduled"
    try (ScheduledExecutor scheduler = ScheduledExecutor.builder().workers(1).name("ticks").clock(clock).build()) {
      ScheduledTaskFuture<String> later = scheduler.schedule(() -> "hello", Duration.ofSeconds(2));
      ScheduledTaskFuture<?> beat =
          scheduler.scheduleAtFixedRate(this::heartbeat, Duration.ZERO, Duration.ofSeconds(5));
      clock.advance(Duration.ofSeconds(2));
      String greeting = later.get();
      // @end
      assertThat(greeting).isEqualTo("hello");
      // @start region="scheduled-cancel"
      beat.cancel(false);     // no further beats; one that is running finishes
      // @end
      assertThat(beat.isCancelled()).isTrue();
    }
    assertThat(beats.get()).isPositive();
  }

  @Test
  void taskFuture_composesAndAnswers() throws Exception {
    List<Integer> printed = new ArrayList<>();
    try (ThreadPool pool = ThreadPool.fixed(1)) {
      // @start region="task-future"
      TaskFuture<Integer> f = pool.submit(() -> 6 * 7);
      CompletableFuture<Void> printing = f.thenAccept(printed::add);   // composition works as usual
      int answer = f.get(1, TimeUnit.MINUTES);
      // @end
      printing.get(30, TimeUnit.SECONDS);
      assertThat(answer).isEqualTo(42);
    }
    assertThat(printed).containsExactly(42);
  }

  @Test
  void taskScope_joinsBothForks() throws Exception {
    assertThat(userAndOrder(7)).isEqualTo("user 7, order 7");
  }

  private String userAndOrder(int id) throws Exception {
    // @start region="task-scope"
    try (TaskScope<String> scope = TaskScope.open(Duration.ofSeconds(5))) {
      Subtask<String> user = scope.fork(() -> "user " + id);
      Subtask<String> order = scope.fork(() -> ", order " + id);
      scope.join();                       // both succeeded, or it throws
      return user.get() + order.get();
    }
    // @end
  }

  @Test
  void threadHandle_keepsTheFailure() throws InterruptedException {
    List<Throwable> warned = new ArrayList<>();
    // @start region="thread-handle"
    ThreadHandle t1 = ThreadHandle.platform("task1", () -> { throw new IllegalStateException("task1 failed"); });
    ThreadHandle t2 = ThreadHandle.virtual("task2", () -> fetch("b"));
    t1.start();
    t2.start();
    t1.join();
    t1.failure().ifPresent(warned::add);   // look at the failure, or call joinOrThrow()
    // @end
    t2.join();
    assertThat(warned).singleElement().extracting(Throwable::getMessage).isEqualTo("task1 failed");
    assertThat(t2.failure()).isEmpty();
  }

  @Test
  void threadPool_mapsInOrder() throws Exception {
    // @start region="thread-pool"
    try (ThreadPool pool = ThreadPool.builder().workers(2).queueCapacity(100).name("fetch").build()) {
      TaskFuture<Page> page = pool.submit(() -> fetch("a"));
      List<Integer> lengths = pool.map(String::length, List.of("a", "bb", "ccc"));   // [1, 2, 3], in order
      // @end
      assertThat(lengths).containsExactly(1, 2, 3);
      assertThat(page.get(30, TimeUnit.SECONDS)).isEqualTo(fetch("a"));
    }
  }

  @Test
  void threadTimer_cancelledWhileWaiting_neverRuns() throws InterruptedException {
    AtomicInteger said = new AtomicInteger();
    boolean answered = true;
    boolean cancelled = false;
    // @start region="thread-timer"
    ThreadTimer reminder = ThreadTimer.start(Duration.ofSeconds(30), said::incrementAndGet);
    if (answered) {
      cancelled = reminder.cancel();            // true: it was still waiting, and the action will never run
    }
    reminder.join();
    // @end
    assertThat(cancelled).isTrue();
    assertThat(said.get()).isZero();
  }

  @Test
  void timerClock_manual_runsTheActionWhenAdvanced() throws InterruptedException {
    CountDownLatch ran = new CountDownLatch(1);
    Runnable action = ran::countDown;
    // @start region="timer-clock"
    ManualClock clock = TimerClock.manual();
    ThreadTimer t = ThreadTimer.builder(Duration.ofSeconds(30), action).clock(clock).build().start();
    clock.advance(Duration.ofSeconds(30));   // the action runs now, not in 30 real seconds
    // @end
    t.join();
    assertThat(ran.getCount()).isZero();
  }
}
