package dev.concurrency.examples.threading;

import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.examples.Timeline;
import dev.concurrency.model.trace.Trace;
import dev.concurrency.threads.Counter;
import dev.concurrency.threads.ThreadHandle;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;

/**
 * The four fixes for the lost update (synchronized, a lock, AtomicLong, LongAdder) and what each costs, measured
 * side by side with the broken counter.
 *
 * <pre>{@code
 * # Python: the one fix is a lock
 * lock = threading.Lock()
 * with lock: count += 1
 * }</pre>
 *
 * <p><b>What to notice.</b> Every fixed counter ends at exactly 2,000,000. The cost is per increment, with two
 * threads hammering one counter, the worst case: the lock-based ones pay for contention (threads park and wake),
 * {@code AtomicLong} retries its compare-and-swap when the other core wins, and {@code LongAdder} spreads the
 * count over per-thread cells and is the cheapest under contention. The unsafe counter is fast because it is
 * wrong. Numbers vary with the machine and its load; the ranking is what to look at. {@code --increments N} sets
 * the increments per thread.
 *
 * <p><b>Run:</b> {@code ./examples.sh counter-fixes}
 *
 * <p><b>Expected output</b>, from one run on 2026-11-24 on the 2-core build machine shared with other builds
 * (then a timeline):
 *
 * <pre>
 * 2 threads x 1000000 increments each, best of 3 rounds
 * UNSAFE        count 1405242   (lost 594758)      2.7 ns/increment
 * SYNCHRONIZED  count 2000000   exact              9.9 ns/increment
 * LOCK          count 2000000   exact              4.9 ns/increment
 * ATOMIC        count 2000000   exact              0.8 ns/increment
 * ADDER         count 2000000   exact              2.0 ns/increment
 * </pre>
 *
 * <p>On a loaded machine the two threads often do not overlap for long, so contention, and with it the gap
 * between the kinds, is smaller than on a quiet multicore one; JMH's {@code CounterBenchmark} in the benchmarks
 * module measures the same with proper warm-up and forks.
 */
@SuppressWarnings("try") // a trace Recording is opened and closed for its span only, never read
public final class Threading11CounterFixes {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "counter-fixes",
          Group.THREADING,
          "2.2, 6 Q3",
          "the lost update fixed four ways (synchronized, lock, AtomicLong, LongAdder), each with its cost",
          Threading11CounterFixes::run);

  private static final int DEFAULT_PER_THREAD = 1_000_000;
  private static final int ROUNDS = 3;

  private Threading11CounterFixes() {}

  static void run(PrintStream out, List<String> args) throws Exception {
    int perThread = perThread(args);
    Trace trace = Trace.start();
    for (Counter.Kind kind : Counter.Kind.values()) {
      measure(kind, perThread / 10, kind.create()); // warm-up, so that compiled code is measured
    }
    out.printf("2 threads x %d increments each, best of %d rounds%n", perThread, ROUNDS);
    long expected = 2L * perThread;
    for (Counter.Kind kind : Counter.Kind.values()) {
      double best = Double.MAX_VALUE;
      long count = 0;
      for (int round = 0; round < ROUNDS; round++) {
        Counter counter = kind.create();
        try (var r = trace.open("counters", kind.name())) {
          best = Math.min(best, measure(kind, perThread, counter));
        }
        count = counter.get();
        if (kind != Counter.Kind.UNSAFE && count != expected) {
          throw new IllegalStateException(kind + " counted " + count + ", expected " + expected);
        }
      }
      String verdict = count == expected ? "exact" : "(lost " + (expected - count) + ")";
      out.printf("%-13s count %-9d %-15s %6.1f ns/increment%n", kind, count, verdict, best / expected);
    }
    Timeline.print(out, trace, args);
  }

  /** Runs two threads of {@code perThread} increments on {@code target}, released together; returns nanos. */
  private static double measure(Counter.Kind kind, int perThread, Counter target) throws Exception {
    CyclicBarrier start = new CyclicBarrier(3);
    List<ThreadHandle> threads = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      threads.add(ThreadHandle.platform(kind + "-" + t, () -> {
        try {
          start.await();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        for (int i = 0; i < perThread; i++) {
          target.increment();
        }
      }).start());
    }
    start.await();
    long begin = System.nanoTime();
    for (ThreadHandle t : threads) {
      t.joinOrThrow();
    }
    return System.nanoTime() - begin;
  }

  private static int perThread(List<String> args) {
    int at = args.indexOf("--increments");
    if (at < 0) {
      return DEFAULT_PER_THREAD;
    }
    if (at == args.size() - 1) {
      throw new IllegalArgumentException("--increments needs a number after it, for example --increments 1000000");
    }
    int n = Integer.parseInt(args.get(at + 1));
    if (n < 10) {
      throw new IllegalArgumentException("--increments must be at least 10, got " + n);
    }
    return n;
  }
}
