package dev.concurrency.examples.multiprocessing;

import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.examples.Timeline;
import dev.concurrency.model.trace.Span;
import dev.concurrency.model.trace.Trace;
import dev.concurrency.processes.ProcessPool;
import java.io.PrintStream;
import java.io.Serializable;
import java.util.List;

/**
 * A pool of two worker JVMs maps a CPU-bound function over a list, two items per round trip.
 *
 * <pre>{@code
 * # Python original
 * with multiprocessing.Pool(2) as pool:
 *     counts = pool.map(count_primes, [20_000, 40_000, 60_000, 80_000], chunksize=2)
 * }</pre>
 *
 * <p><b>What to notice.</b> The results come back in the order of the inputs although the two workers run at
 * the same time. The function is a method reference the pool serializes and sends to the workers, which are
 * JVMs started with this JVM's own {@code java} and class path. Each item also reports its worker's pid and when
 * it ran, so the timeline shows the two workers side by side (both processes read the same monotonic clock).
 *
 * <p><b>Run:</b> {@code ./examples.sh pool-map} (add {@code --svg pool-map.svg} for a picture)
 *
 * <p><b>Expected output</b> (then the timeline, two lanes, one per worker):
 *
 * <pre>
 * primes below 20000: 2262
 * primes below 40000: 4203
 * primes below 60000: 6057
 * primes below 80000: 7837
 * </pre>
 */
public final class Multiprocessing02PoolMap {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "pool-map",
          Group.MULTIPROCESSING,
          "2.2",
          "a two-worker ProcessPool maps a CPU-bound function, results in input order",
          Multiprocessing02PoolMap::run);

  private Multiprocessing02PoolMap() {}

  /** One item's answer, where and when it was computed. */
  record Count(int limit, int primes, long pid, long startNanos, long endNanos) implements Serializable {}

  static void run(PrintStream out, List<String> args) {
    Trace trace = Trace.start();
    long origin = System.nanoTime() - trace.nanos();
    List<Count> counts;
    try (ProcessPool pool = ProcessPool.builder().maxWorkers(2).output(out).build()) {
      counts = pool.map(Multiprocessing02PoolMap::countPrimes, List.of(20_000, 40_000, 60_000, 80_000), 2);
    }
    for (Count count : counts) {
      out.println("primes below " + count.limit() + ": " + count.primes());
      trace.add(new Span("worker " + count.pid(), "below " + count.limit(), count.startNanos() - origin, count.endNanos() - origin));
    }
    Timeline.print(out, trace, args);
  }

  static Count countPrimes(int limit) {
    long start = System.nanoTime();
    int primes = 0;
    for (int n = 2; n < limit; n++) {
      boolean prime = true;
      for (int d = 2; (long) d * d <= n; d++) {
        if (n % d == 0) {
          prime = false;
          break;
        }
      }
      primes += prime ? 1 : 0;
    }
    return new Count(limit, primes, ProcessHandle.current().pid(), start, System.nanoTime());
  }
}
