package dev.concurrency.examples.faq;

import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.examples.Timeline;
import dev.concurrency.model.timing.Comparison;
import dev.concurrency.model.timing.ComparisonTable;
import dev.concurrency.model.timing.Measurement;
import dev.concurrency.model.timing.Task;
import dev.concurrency.model.timing.TimingModel;
import dev.concurrency.model.trace.Trace;
import dev.concurrency.sync.CountingSemaphore;
import dev.concurrency.sync.LockOrderException;
import dev.concurrency.sync.LockOrdering;
import dev.concurrency.sync.LockSet;
import dev.concurrency.sync.Mutex;
import dev.concurrency.threads.ThreadHandle;
import dev.concurrency.threads.ThreadPool;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * FAQ Q3, "how do I avoid races and deadlocks?", as one tour with numbers: the seed's four answers (mutex,
 * semaphore, task allocation, scheduling) each applied to the problem it solves, with the sync module.
 *
 * <pre>{@code
 * # Python
 * with lock: counter += 1                      # mutex: one thread at a time in the critical section
 * with connections: use_connection()           # semaphore: at most N at a time
 * parts = [sum_part(p) for p in partitions]    # task allocation: nothing shared, nothing to lock
 * with ThreadPoolExecutor(1) as ex: ...        # scheduling: all updates on one worker, one at a time
 * for lock in sorted(locks, key=id): lock.acquire()   # one global lock order: no deadlock cycle
 * }</pre>
 *
 * <p><b>What to notice.</b> Two threads adding to one {@code volatile} counter lose updates: {@code volatile}
 * makes each read and write visible, not the read-then-write atomic (the number lost varies from run to run,
 * and is 0 when the scheduler happens not to run the two threads at once, as on a heavily loaded machine). A
 * {@link Mutex} makes the count exact at the price of a lock per increment; allocating each thread its own part,
 * or scheduling both jobs on one worker, makes it exact with no lock at all. A {@link CountingSemaphore} of 3 keeps a "connection pool" at 3 users however many clients come, and the
 * timing model predicts the cost: 8 clients through 3 connections take 3 rounds. Two threads transferring
 * between two accounts in opposite directions deadlock if each takes its "from" lock first; a {@link
 * LockOrdering} takes both in rank order, and refuses the wrong order at once with a {@link
 * LockOrderException} instead of hanging.
 *
 * <p><b>Run:</b> {@code ./examples.sh races-and-deadlocks} (add {@code --svg q3.svg} for a picture)
 *
 * <p><b>Expected output</b> (a real run: 2-core machine shared with other builds, 2026-11-24; measured figures
 * vary, the number of lost updates most):
 *
 * <pre>
 * 1. races: 2 threads x 1000000 increments of one counter
 * technique                      expected   counted     lost     time
 * unsafe (volatile, no lock)      2000000   1217640   782360 275.0 ms
 * mutex                           2000000   2000000        0  37.2 ms
 * task allocation (own parts)     2000000   2000000        0  11.4 ms
 * scheduling (one worker)         2000000   2000000        0  87.8 ms
 * 2. semaphore: 8 clients, 50 ms each on a connection
 * run           model                 predicted  lower bound  measured   error
 * no limit      8 workers on 2 cores    50.0 ms      50.0 ms   52.1 ms  +4.1 %
 * semaphore(3)  3 workers on 2 cores   150.0 ms     133.3 ms  151.6 ms  +1.0 %
 * peak connections in use: no limit 8, semaphore(3) 3
 * 3. deadlock: 2 threads x 10000 transfers between accounts a and b, in opposite directions
 * taking b then a: LockOrderException: lock order violated: thread 'main' requested 'a' (rank 1) while holding
 * 'b' (rank 2); take locks in increasing rank, or take them together with LockOrdering.acquireAll
 * ordered locks: 20000 transfers in 93.9 ms, no deadlock; total 2000 before and 2000 after
 * Timeline:
 * unsafe: unsafe-2        |##..........................................................|  4.6 ms .. 11.8 ms
 * ...
 * semaphore(3): client 3  |.....................#########..............................|  131.7 ms .. 182.3 ms
 * semaphore(3): client 4  |.............................#########......................|  182.1 ms .. 232.4 ms
 * ...
 * ordered: ordered-1      |.............................................###############|  287.9 ms .. 376.2 ms
 * </pre>
 */
public final class Faq05RacesAndDeadlocks {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "races-and-deadlocks",
          Group.FAQ,
          "6 Q3",
          "a race fixed by a mutex, by allocation and by scheduling; a semaphore's limit; lock ranks vs deadlock",
          Faq05RacesAndDeadlocks::run);

  static final int INCREMENTS = 1_000_000;
  static final int CLIENTS = 8;
  static final int CONNECTIONS = 3;
  static final Duration USE = Duration.ofMillis(50);
  static final int TRANSFERS = 10_000;
  private static final Duration LIMIT = Duration.ofSeconds(60);

  /** The racy counter: volatile, so every read and write reaches memory, yet a read then a write is not atomic. */
  private static volatile long shared;

  private Faq05RacesAndDeadlocks() {}

  static void run(PrintStream out, List<String> args) throws Exception {
    Trace trace = Trace.start();
    races(out, trace);
    List<Comparison> semaphore = semaphore(out, trace);
    deadlock(out, trace);
    Timeline.print(out, trace.spans(), semaphore.stream().map(Comparison::summary).toList(), args);
  }

  // ---- 1. races: mutex, task allocation, scheduling

  @SuppressWarnings("try") // the span is closed by the try; its body does not use it
  private static void races(PrintStream out, Trace trace) throws Exception {
    out.println("1. races: 2 threads x " + INCREMENTS + " increments of one counter");
    out.println(String.format(Locale.ROOT, "%-30s %8s %9s %8s %8s", "technique", "expected", "counted", "lost",
        "time"));
    shared = 0;
    row(out, "unsafe (volatile, no lock)", twoThreads(trace, "unsafe", part -> {
      for (int i = 0; i < INCREMENTS; i++) {
        long read = shared;
        Thread.onSpinWait(); // widens the window between read and write, as a busier critical section would
        shared = read + 1; // another thread's write since the read is lost
      }
    }), () -> shared);

    Mutex mutex = Mutex.create();
    long[] guarded = {0};
    row(out, "mutex", twoThreads(trace, "mutex", part -> {
      for (int i = 0; i < INCREMENTS; i++) {
        mutex.lock();
        try {
          guarded[0]++;
        } finally {
          mutex.unlock();
        }
      }
    }), () -> guarded[0]);

    long[] parts = new long[2]; // each thread writes only its own slot; join publishes both
    row(out, "task allocation (own parts)", twoThreads(trace, "own parts", part -> {
      long local = 0;
      for (int i = 0; i < INCREMENTS; i++) {
        local++;
      }
      parts[part] = local;
    }), () -> parts[0] + parts[1]);

    long[] scheduled = {0};
    long start = trace.nanos();
    List<Future<?>> jobs = new ArrayList<>();
    try (ThreadPool one = ThreadPool.builder().workers(1).name("one").build()) {
      for (int p = 0; p < 2; p++) {
        String job = "job" + (p + 1);
        jobs.add(one.submit(() -> {
          try (Trace.Recording span = trace.open("one worker", job)) {
            for (int i = 0; i < INCREMENTS; i++) {
              scheduled[0]++; // only the one worker touches it: the pool runs the jobs one after another
            }
          }
        }));
      }
    } // close() waits for both jobs
    for (Future<?> job : jobs) {
      job.get(); // rethrows a job's failure; its completion happens-before this read of the count
    }
    row(out, "scheduling (one worker)", Duration.ofNanos(trace.nanos() - start), () -> scheduled[0]);
  }

  private interface Part {
    void run(int part) throws Exception;
  }

  /** Runs {@code body} on two threads released together by a barrier; returns the wall time. */
  @SuppressWarnings("try") // the span is closed by the try; its body does not use it
  private static Duration twoThreads(Trace trace, String lane, Part body) throws Exception {
    CyclicBarrier together = new CyclicBarrier(2);
    List<ThreadHandle> threads = new ArrayList<>();
    long start = trace.nanos();
    for (int p = 0; p < 2; p++) {
      int part = p;
      threads.add(ThreadHandle.platform(lane + "-" + (p + 1), () -> {
        try {
          together.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
          try (Trace.Recording span = trace.open(lane, Thread.currentThread().getName())) {
            body.run(part);
          }
        } catch (Exception e) {
          throw new IllegalStateException(lane + " failed", e);
        }
      }).start());
    }
    for (ThreadHandle t : threads) {
      t.joinOrThrow(); // a failure in the thread fails the example
    }
    return Duration.ofNanos(trace.nanos() - start);
  }

  private static void row(PrintStream out, String technique, Duration took, LongSupplier count) {
    long expected = 2L * INCREMENTS;
    long counted = count.getAsLong();
    out.println(String.format(Locale.ROOT, "%-30s %8d %9d %8d %8s", technique, expected, counted,
        expected - counted, Techniques.ms(took)));
  }

  // ---- 2. semaphore: a limit on a resource, and what it costs in time

  private static List<Comparison> semaphore(PrintStream out, Trace trace) throws Exception {
    out.println("2. semaphore: " + CLIENTS + " clients, " + USE.toMillis() + " ms each on a connection");
    int cores = Runtime.getRuntime().availableProcessors();
    List<Task> tasks = Collections.nCopies(CLIENTS, Task.waiting("client", USE));
    AtomicInteger unlimitedPeak = new AtomicInteger();
    AtomicInteger limitedPeak = new AtomicInteger();
    List<Comparison> comparisons =
        List.of(
            new Comparison(TimingModel.pool(tasks, CLIENTS, cores),
                clients(trace, "no limit", null, unlimitedPeak)),
            new Comparison(TimingModel.pool(tasks, CONNECTIONS, cores),
                clients(trace, "semaphore(" + CONNECTIONS + ")", CountingSemaphore.create(CONNECTIONS), limitedPeak)));
    out.print(ComparisonTable.render(comparisons));
    out.println("peak connections in use: no limit " + unlimitedPeak.get() + ", semaphore(" + CONNECTIONS + ") "
        + limitedPeak.get());
    return comparisons;
  }

  /** {@link #CLIENTS} virtual threads each use a connection for {@link #USE}, through {@code limit} if given. */
  @SuppressWarnings("try") // the permit and the span are closed by the try; its body does not use them
  private static Measurement clients(Trace trace, String run, @Nullable CountingSemaphore limit, AtomicInteger peak)
      throws Exception {
    AtomicInteger inUse = new AtomicInteger();
    long start = trace.nanos();
    List<Future<?>> futures = new ArrayList<>();
    try (ThreadPool pool = ThreadPool.virtualPerTask("client")) {
      for (int c = 0; c < CLIENTS; c++) {
        String client = "client " + (c + 1);
        futures.add(pool.submit(() -> {
          try (CountingSemaphore.Permit permit = limit == null ? null : limit.acquirePermit();
              Trace.Recording span = trace.open(run, client)) {
            peak.accumulateAndGet(inUse.incrementAndGet(), Math::max);
            Thread.sleep(USE); // the connection at work: a wait on the network
            inUse.decrementAndGet();
          }
          return null;
        }));
      }
    }
    for (Future<?> f : futures) {
      f.get(); // rethrows a client's failure
    }
    return Techniques.measured(trace, run, start);
  }

  // ---- 3. deadlock: prevented by one lock order

  @SuppressWarnings("try") // the lock set is closed by the try; its body does not use it
  private static void deadlock(PrintStream out, Trace trace) throws Exception {
    out.println("3. deadlock: 2 threads x " + TRANSFERS + " transfers between accounts a and b, in opposite"
        + " directions");
    LockOrdering ordering = LockOrdering.create();
    Mutex a = ordering.newMutex("a", 1);
    Mutex b = ordering.newMutex("b", 2);
    b.lock();
    try {
      a.lock(); // the naive order of the b-to-a transfer: refused before it can wait
      a.unlock();
      throw new IllegalStateException("LockOrdering let 'a' be taken while holding 'b'");
    } catch (LockOrderException expected) {
      out.println("taking b then a: LockOrderException: " + expected.getMessage());
    } finally {
      b.unlock();
    }
    long[] balance = {1_000, 1_000};
    Duration took = twoThreads(trace, "ordered", part -> {
      Mutex from = part == 0 ? a : b;
      Mutex to = part == 0 ? b : a;
      for (int i = 0; i < TRANSFERS; i++) {
        try (LockSet both = ordering.acquireAll(from, to)) { // taken as a, then b, whatever the direction
          balance[part]--;
          balance[1 - part]++;
        }
      }
    });
    out.println("ordered locks: " + 2 * TRANSFERS + " transfers in " + Techniques.ms(took)
        + ", no deadlock; total 2000 before and " + (balance[0] + balance[1]) + " after");
  }
}
