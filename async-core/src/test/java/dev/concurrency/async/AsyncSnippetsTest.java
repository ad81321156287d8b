package dev.concurrency.async;

import static dev.concurrency.async.AsyncIO.asCompleted;
import static dev.concurrency.async.AsyncIO.copyContext;
import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.gather;
import static dev.concurrency.async.AsyncIO.getRunningLoop;
import static dev.concurrency.async.AsyncIO.run;
import static dev.concurrency.async.AsyncIO.sleep;
import static dev.concurrency.async.AsyncIO.taskGroup;
import static dev.concurrency.async.AsyncIO.timeout;
import static dev.concurrency.async.ThreadBridge.toThread;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.async.queues.AsyncLifoQueue;
import dev.concurrency.async.queues.AsyncPriorityQueue;
import dev.concurrency.async.queues.AsyncQueue;
import dev.concurrency.async.sync.AsyncBarrier;
import dev.concurrency.async.sync.AsyncBoundedSemaphore;
import dev.concurrency.async.sync.AsyncCondition;
import dev.concurrency.async.sync.AsyncEvent;
import dev.concurrency.async.sync.AsyncLock;
import dev.concurrency.async.sync.AsyncSemaphore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The code this module's Javadoc shows ({@code {@snippet class=dev.concurrency.async.AsyncSnippetsTest
 * region=...}}), run, with what its comments claim checked after it. Time is virtual wherever a snippet sleeps.
 */
@org.junit.jupiter.api.Timeout(60)
final class AsyncSnippetsTest {

  /** What the snippets print, in order (they print through {@link #println}, which also records the line). */
  static final List<String> PRINTED = Collections.synchronizedList(new ArrayList<>());

  static void println(String line) {
    PRINTED.add(line);
    System.out.println(line);
  }

  private final List<String> shown = Collections.synchronizedList(new ArrayList<>());
  private int created;

  @BeforeEach
  void clearPrinted() {
    PRINTED.clear();
  }

  private static <T> T runVirtual(Coroutine<T> main) {
    return run(EventLoop.builder().clock(VirtualClock.autoAdvancing()), main);
  }

  private void show(String page) {
    shown.add(page);
  }

  private static String fetch(String url) {
    sleep(Duration.ofSeconds(url.length()));
    return "page " + url;
  }

  @Test
  void virtualClock_anHourOfSleep_isAnHourOfVirtualTime() {
    // @start region="virtualClock"
    VirtualClock clock = VirtualClock.autoAdvancing();
    Duration elapsed = AsyncIO.run(EventLoop.builder().clock(clock), () -> {
      sleep(Duration.ofHours(1));          // returns at once in real time
      return clock.elapsed();              // PT1H, exactly
    });
    // @end
    assertThat(elapsed).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void task_awaitsItsResult_whileOthersRun() {
    List<String> order = runVirtual(() -> {
      AsyncTask<Void> other = createTask(() -> println("other ran"));
      // @start region="task"
      AsyncTask<String> fetch = createTask(() -> {
        sleep(Duration.ofSeconds(1));        // suspends this task; others run meanwhile
        return "data";
      });
      String data = fetch.await();
      // @end
      assertThat(other.done()).isTrue();
      assertThat(getRunningLoop().time()).isEqualTo(Duration.ofSeconds(1).toNanos());
      return List.of(data);
    });
    assertThat(order).containsExactly("data");
    assertThat(PRINTED).containsExactly("other ran");
  }

  /** Stands for a connection whose state belongs to the loop that opened it. */
  static final class Database {
    final EventLoop loop = getRunningLoop();
    final List<String> steps = new ArrayList<>();
  }

  private Database opened;

  private Database connect(String url) {
    Database db = new Database();
    opened = db;
    db.steps.add("connect " + url);
    return db;
  }

  private static void migrate(Database db) {
    assertThat(getRunningLoop()).isSameAs(db.loop);
    db.steps.add("migrate");
  }

  private static void serve(Database db) {
    assertThat(getRunningLoop()).isSameAs(db.loop);
    db.steps.add("serve");
  }

  @Test
  void runner_keepsOneLoopBetweenRuns_andClosesItAtTheEnd() {
    String url = "db://local";
    // @start region="runner"
    try (Runner runner = new Runner()) {
      Database db = runner.run(() -> connect(url));        // the loop stays open between runs,
      runner.run(() -> migrate(db));                       // so db's loop-bound state stays usable
      runner.run(() -> serve(db));
    }                                                      // cancels what is left, closes the loop
    // @end
    EventLoop used = opened.loop;
    assertThat(opened.steps).containsExactly("connect " + url, "migrate", "serve");
    assertThat(used.isClosed()).isTrue();
  }

  @Test
  void contextVar_aTaskGetsACopy_andItsChangesStayInIt() {
    // @start region="contextVar"
    ContextVar<String> user = new ContextVar<>("user", "anonymous");

    List<String> seen = run(() -> {
      user.set("alice");
      AsyncTask<String> t = createTask(() -> {
        String inTask = user.get();        // "alice": copied when the task was created
        user.set("bob");                   // only this task's context changes
        return inTask;
      });
      return List.of(t.await(), user.get());   // ["alice", "alice"]: still "alice" here
    });
    // @end
    assertThat(seen).containsExactly("alice", "alice");
    assertThat(user.get()).isEqualTo("anonymous");
  }

  private final List<Throwable> retried = new ArrayList<>();

  private void retryLater(List<Throwable> failures) {
    retried.addAll(failures);
  }

  @Test
  void exceptionGroup_split_handlesTheMatchAndRaisesTheRest() {
    IllegalStateException bug = new IllegalStateException("bug");
    assertThatThrownBy(() -> run(() -> {
      // @start region="exceptionGroup"
      try {
        taskGroup(tg -> {
          tg.createTask(() -> {
            throw new IOException("disk full");
          });
          tg.createTask(() -> {
            throw bug;
          });
        });
      } catch (ExceptionGroup group) {                 // except* IOException as io:
        ExceptionGroup.Split split = group.split(IOException.class);
        ExceptionGroup io = split.match();
        if (io != null) {
          retryLater(io.exceptions());
        }
        ExceptionGroup rest = split.rest();
        if (rest != null) {                            // what no clause matched is raised again
          throw rest;
        }
      }
      // @end
    })).isInstanceOfSatisfying(ExceptionGroup.class, g -> assertThat(g.exceptions()).containsExactly(bug));
    assertThat(retried).singleElement()
        .satisfies(e -> assertThat(e).isInstanceOf(IOException.class).hasMessage("disk full"));
  }

  /** The class the package overview's first example lives in. */
  static final class Main {
    private Main() {}

    // @start region="asyncio"
    static void task1() {
      println("Task 1 started");
      sleep(Duration.ofSeconds(1));            // await asyncio.sleep(1)
      println("Task 1 completed");
    }

    public static void main(String[] args) {
      run(() -> gather(Main::task1, Main::task2).await());   // asyncio.run(main())
    }
    // @end

    static void task2() {
      println("Task 2 started");
      sleep(Duration.ofSeconds(1));
      println("Task 2 completed");
    }
  }

  @Test
  void asyncio_twoTasksInterleave() {
    Main.main(new String[0]);
    assertThat(PRINTED)
        .containsExactly("Task 1 started", "Task 2 started", "Task 1 completed", "Task 2 completed");
  }

  private final List<String> handled = Collections.synchronizedList(new ArrayList<>());

  private void handle(String job) {
    handled.add(job);
  }

  @Test
  void queue_joinReturnsWhenEveryItemWasHandled() {
    List<String> work = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      work.add("job " + i);
    }
    runVirtual(() -> {
      // @start region="queue"
      AsyncQueue<String> jobs = new AsyncQueue<>(100);       // at most 100 queued items
      createTask(() -> {                                     // consumer
        for (;;) {
          String job = jobs.get();
          handle(job);
          jobs.taskDone();
        }
      });
      for (String j : work) jobs.put(j);                     // producer: suspends while full
      jobs.join();                                           // until every item was handled
      // @end
      assertThat(handled).containsExactlyElementsOf(work);
      return null;
    });
  }

  @Test
  void lifoQueue_givesTheLastItemFirst() {
    // @start region="lifoQueue"
    AsyncLifoQueue<Integer> stack = new AsyncLifoQueue<>(0);
    stack.putNowait(1);
    stack.putNowait(2);
    int top = stack.getNowait();   // 2
    // @end
    assertThat(top).isEqualTo(2);
  }

  @Test
  void priorityQueue_givesTheSmallestFirst() {
    // @start region="priorityQueue"
    record Job(int priority, String name) {}
    AsyncPriorityQueue<Job> jobs = new AsyncPriorityQueue<>(0, Comparator.comparingInt(Job::priority));
    jobs.putNowait(new Job(5, "later"));
    jobs.putNowait(new Job(1, "urgent"));
    String first = jobs.getNowait().name();   // "urgent"
    // @end
    assertThat(first).isEqualTo("urgent");
  }

  @Test
  void taskOptions_nameAndEagerStart() {
    runVirtual(() -> {
      EventLoop loop = getRunningLoop();
      List<String> ran = new ArrayList<>();
      Coroutine<String> body = () -> {
        ran.add("started");
        return "fetched";
      };
      // @start region="taskOptions"
      AsyncTask<String> task =
          loop.createTask(body, TaskOptions.defaults().withName("fetcher").withEagerStart(true));
      // @end
      assertThat(task.getName()).isEqualTo("fetcher");
      assertThat(ran).containsExactly("started");    // eager: ran to its end before createTask returned
      assertThat(task.done()).isTrue();
      assertThat(task.result()).isEqualTo("fetched");
      return null;
    });
  }

  @Test
  void cancelledError_finallyRunsWhenTheTaskIsCancelled() {
    runVirtual(() -> {
      // @start region="cancelledError"
      AsyncTask<Void> worker = createTask(() -> {
        try {
          sleep(Duration.ofHours(1));
        } finally {
          println("cleaning up");   // runs when the task is cancelled
        }
      });
      sleep(Duration.ZERO);
      worker.cancel();
      // @end
      assertThatThrownBy(worker::await).isInstanceOf(CancelledError.class);
      assertThat(worker.cancelled()).isTrue();
      assertThat(getRunningLoop().time()).isLessThan(Duration.ofHours(1).toNanos());
      return null;
    });
    assertThat(PRINTED).containsExactly("cleaning up");
  }

  @Test
  void handle_aCancelledCallbackNeverRuns() {
    runVirtual(() -> {
      EventLoop loop = getRunningLoop();
      // @start region="handle"
      Handle h = loop.callSoon(() -> println("never printed"));
      h.cancel();
      // @end
      sleep(Duration.ZERO);
      sleep(Duration.ofSeconds(1));
      assertThat(h.cancelled()).isTrue();
      return null;
    });
    assertThat(PRINTED).isEmpty();
  }

  private static String download(String url) {
    sleep(Duration.ofSeconds(2));
    return "page " + url;
  }

  private static String slowOperation() {
    sleep(Duration.ofMinutes(1));
    return "slow";
  }

  @Test
  void timeout_aDeadlineSetLater_stillCancelsTheBlock() {
    String url = "u";
    PRINTED.clear();
    runVirtual(() -> {
      // @start region="timeout"
      String page = timeout(Duration.ofSeconds(10)).run(() -> download(url));

      Timeout t = timeout(null);                 // no deadline yet
      try {
        t.run(() -> {
          t.reschedule(getRunningLoop().time() + Duration.ofSeconds(5).toNanos());
          return slowOperation();                // takes a minute: cancelled after 5 s
        });
      } catch (AsyncTimeoutException e) {
        println("gave up after 5 s");
      }
      // @end
      assertThat(page).isEqualTo("page u");
      assertThat(t.expired()).isTrue();
      assertThat(getRunningLoop().time()).isEqualTo(Duration.ofSeconds(2 + 5).toNanos());
      return null;
    });
    assertThat(PRINTED).containsExactly("gave up after 5 s");
  }

  @Test
  void taskFactory_eagerAndCounting() {
    runVirtual(() -> {
      EventLoop loop = getRunningLoop();
      // @start region="taskFactory"
      loop.setTaskFactory(TaskFactory.eager());          // asyncio.eager_task_factory

      loop.setTaskFactory(new TaskFactory() {            // count the tasks, then make them as usual
        @Override
        public <T> AsyncTask<T> createTask(EventLoop loop, Coroutine<T> coroutine, TaskOptions options) {
          created++;
          return AsyncTask.create(loop, coroutine, options);
        }
      });
      // @end
      AsyncTask<String> a = createTask(() -> "a");
      AsyncTask<String> b = loop.createTask(() -> "b");
      assertThat(created).isEqualTo(2);
      assertThat(a.done()).isFalse();                    // made as usual: not started eagerly
      assertThat(a.await() + b.await()).isEqualTo("ab");
      return null;
    });
  }

  @Test
  void asCompleted_givesTheTasksInTheOrderTheyFinish() {
    runVirtual(() -> {
      List<AsyncTask<String>> downloads =
          List.of(createTask(() -> fetch("ccc")), createTask(() -> fetch("a")), createTask(() -> fetch("bb")));
      // @start region="asCompleted"
      // 3.13's "async for": the original tasks, in the order they finish
      for (AsyncFuture<String> done : asCompleted(downloads, Duration.ofSeconds(10))) {
        show(done.result());
      }
      // @end
      assertThat(shown).containsExactly("page a", "page bb", "page ccc");
      shown.clear();
      List<AsyncTask<String>> again =
          List.of(createTask(() -> fetch("bb")), createTask(() -> fetch("a")));
      // @start region="asCompleted-awaitables"
      // the classic form: awaitables that each take the next outcome
      for (Awaitable<String> next : asCompleted(again, null).awaitables()) {
        show(next.await());
      }
      // @end
      assertThat(shown).containsExactly("page a", "page bb");
      return null;
    });
  }

  private final AtomicInteger inside = new AtomicInteger();
  private final AtomicInteger most = new AtomicInteger();

  private void download(String url, List<String> pages) {
    most.accumulateAndGet(inside.incrementAndGet(), Math::max);
    pages.add(download(url));
    inside.decrementAndGet();
  }

  @Test
  void semaphore_letsAtMostThreeIn() {
    List<String> urls = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
    List<String> pages = Collections.synchronizedList(new ArrayList<>());
    runVirtual(() -> {
      // @start region="semaphore"
      AsyncSemaphore slots = new AsyncSemaphore(3);   // at most three downloads at a time
      taskGroup(tg -> {
        for (String url : urls) {
          tg.createTask(() -> {                       // in each of many tasks:
            slots.acquire();
            try (slots) {                             // close() releases: "async with slots:"
              download(url, pages);
            }
          });
        }
      });
      // @end
      assertThat(getRunningLoop().time()).isEqualTo(Duration.ofSeconds(8).toNanos());   // 4 rounds of 2 s
      return null;
    });
    assertThat(most).hasValue(3);
    assertThat(pages).hasSize(10);
  }

  @Test
  void lock_keepsAReadModifyWriteWhole() {
    AtomicInteger shared = new AtomicInteger();
    runVirtual(() -> {
      // @start region="lock"
      AsyncLock lock = new AsyncLock();
      taskGroup(tg -> {
        for (int i = 0; i < 10; i++) {
          tg.createTask(() -> {               // in each of ten tasks:
            lock.acquire();
            try (lock) {                      // close() releases: Python's "async with lock:"
              int v = shared.get();
              sleep(Duration.ZERO);           // other tasks run, but none gets past acquire()
              shared.set(v + 1);
            }
          });
        }
      });
      // @end
      return null;
    });
    assertThat(shared).hasValue(10);
  }

  @Test
  void condition_theConsumerWaitsForTheProducersItem() {
    List<String> items = new ArrayList<>();
    List<String> taken = new ArrayList<>();
    String x = "item";
    runVirtual(() -> {
      // @start region="condition"
      AsyncCondition cond = new AsyncCondition();
      AsyncTask<Void> consumer = createTask(() -> {
        cond.acquire();
        try (cond) {
          cond.waitFor(() -> !items.isEmpty());   // releases the lock while suspended
          taken.add(items.remove(0));
        }
      });
      sleep(Duration.ofSeconds(1));               // the consumer waits now

      cond.acquire();                             // producer
      try (cond) {
        items.add(x);
        cond.notify(1);
      }
      // @end
      assertThat(consumer.done()).isFalse();      // woken, not yet run
      consumer.await();
      return null;
    });
    assertThat(taken).containsExactly("item");
    assertThat(items).isEmpty();
  }

  @Test
  void barrier_threeTasksGetDistinctIndices() {
    List<Integer> indices = runVirtual(() -> {
      List<AsyncTask<Integer>> parties = new ArrayList<>();
      // @start region="barrier"
      AsyncBarrier start = new AsyncBarrier(3);
      for (int i = 0; i < 3; i++) {
        parties.add(createTask(() -> {      // in each of three tasks:
          int index = start.await();        // 0, 1, 2 in arrival order; all return in the same round
          return index;
        }));
      }
      // @end
      List<Integer> got = new ArrayList<>();
      for (AsyncTask<Integer> p : parties) {
        got.add(p.await());
      }
      return got;
    });
    assertThat(indices).containsExactlyInAnyOrder(0, 1, 2);
  }

  @Test
  void event_setWakesTheWaitingTask() {
    runVirtual(() -> {
      // @start region="event"
      AsyncEvent ready = new AsyncEvent();
      createTask(() -> { ready.await(); println("go"); });
      sleep(Duration.ofSeconds(1));
      ready.set();                      // the waiting task prints "go"
      // @end
      assertThat(PRINTED).isEmpty();    // not before set()
      sleep(Duration.ZERO);
      return null;
    });
    assertThat(PRINTED).containsExactly("go");
  }

  @Test
  void boundedSemaphore_oneReleaseTooMany_fails() {
    runVirtual(() -> {
      // @start region="boundedSemaphore"
      AsyncBoundedSemaphore pool = new AsyncBoundedSemaphore(2);
      pool.acquire();
      pool.release();
      assertThatThrownBy(pool::release)   // released more times than acquired
          .isInstanceOf(IllegalStateException.class);
      // @end
      return null;
    });
  }

  private final List<String> served = Collections.synchronizedList(new ArrayList<>());

  private void serve(TaskGroup tg) {
    tg.createTask(() -> served.add(fetch("s")));
  }

  @Test
  void taskGroup_bothTasksAreDoneWhenItReturns() {
    runVirtual(() -> {
      List<AsyncTask<?>> made = new ArrayList<>();
      // @start region="taskGroup"
      taskGroup(tg -> {
        made.add(tg.createTask(() -> fetch("a")));
        made.add(tg.createTask(() -> fetch("b")));
      });                                         // both done here, or an ExceptionGroup is thrown

      TaskGroup group = new TaskGroup();          // created first, so that other code can cancel() it
      group.run(tg -> serve(tg));
      // @end
      assertThat(made).allMatch(AsyncFuture::done);
      assertThat(served).containsExactly("page s");
      return null;
    });
  }

  @Test
  void future_awaitSuspendsUntilTheCallbackSetsIt() {
    runVirtual(() -> {
      EventLoop loop = getRunningLoop();
      // @start region="future"
      AsyncFuture<String> reply = loop.createFuture();
      loop.callLater(Duration.ofSeconds(1), () -> reply.setResult("pong"));
      String answer = reply.await();         // inside a task: suspends it for one second
      // @end
      assertThat(answer).isEqualTo("pong");
      assertThat(loop.time()).isEqualTo(Duration.ofSeconds(1).toNanos());
      return null;
    });
  }

  private final List<String> logged = Collections.synchronizedList(new ArrayList<>());

  private void log(String line) {
    logged.add(line);
  }

  @Test
  void context_aTaskSeesACopy_andASnapshotKeepsTheValue() {
    runVirtual(() -> {
      // @start region="context"
      ContextVar<String> requestId = new ContextVar<>("request_id");

      requestId.set("r-42");
      AsyncTask<Void> t = createTask(() -> log(requestId.get()));   // the task sees "r-42": it got a copy
      Context ctx = copyContext();                                  // a snapshot you can run code in later
      // @end
      t.await();
      requestId.set("r-43");
      assertThat(logged).containsExactly("r-42");
      String inSnapshot = ctx.run(requestId::get);
      assertThat(inSnapshot).isEqualTo("r-42");
      return null;
    });
  }

  private static int compute() {
    sleep(Duration.ZERO);                      // a coroutine: it may suspend on the loop
    return 6 * 7;
  }

  @Test
  void threadBridge_toThreadAndBack(@TempDir Path dir) throws IOException {
    Path path = dir.resolve("notes.txt");
    Files.writeString(path, "hello");
    List<Object> got = run(() -> {
      EventLoop loop = getRunningLoop();
      // @start region="toThread"
      // in a task: the loop keeps running other tasks while a pool thread reads the file
      String text = toThread(() -> Files.readString(path));
      // @end
      Integer result = toThread(() -> {
        // @start region="runCoroutineThreadsafe"
        // from a plain thread: run a coroutine on a running loop and wait for it there
        CompletableFuture<Integer> answer = ThreadBridge.runCoroutineThreadsafe(loop, () -> compute());
        Integer value = answer.get(5, TimeUnit.SECONDS);   // 42
        // @end
        return value;
      });
      return List.of(text, result);
    });
    assertThat(got).containsExactly("hello", 42);
  }

  @Test
  void exceptionHandler_receivesWhatACallbackThrew() {
    // @start region="exceptionHandler"
    List<ErrorContext> errors = new ArrayList<>();
    EventLoop loop = EventLoop.builder().exceptionHandler((l, context) -> errors.add(context)).build();
    // @end
    IllegalStateException boom = new IllegalStateException("boom");
    loop.callSoon(() -> {
      throw boom;
    });
    loop.callSoon(loop::stop);
    loop.runForever();
    loop.close();
    assertThat(errors).singleElement().extracting(ErrorContext::exception).isSameAs(boom);
  }

  @Test
  void eventLoop_runsUntilStopped() {
    // @start region="eventLoop"
    EventLoop loop = EventLoop.create();
    loop.callSoon(() -> println("first"));
    loop.callLater(Duration.ofMillis(10), loop::stop);
    loop.runForever();
    loop.close();
    // @end
    assertThat(PRINTED).containsExactly("first");
    assertThat(loop.isClosed()).isTrue();
  }
}
