package dev.concurrency.examples.multiprocessing;

import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.processes.MapOptions;
import dev.concurrency.processes.ProcessPool;
import dev.concurrency.processes.ResultIterator;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Python 3.14's {@code Executor.map(..., buffersize=)}: a pool maps a function over an endless input, reading it
 * only as fast as results are taken, and the caller stops when it has found what it looked for.
 *
 * <pre>{@code
 * # Python original (3.14)
 * with ProcessPoolExecutor(2) as pool:
 *     for n, steps in pool.map(collatz_steps, itertools.count(1), buffersize=4):
 *         if steps > 100:
 *             print(f"first n above 100 steps: {n} ({steps})")
 *             break
 * }</pre>
 *
 * <p><b>What to notice.</b> The input never ends, yet {@code map} returns at once: with a buffer size it submits
 * that many tasks, then one more each time a result is taken, so at most {@code bufferSize} items are read ahead
 * of the caller. Without one, {@code map} would read the whole input first, which here never ends. Leaving the
 * loop closes the iterator (try-with-resources, as Python closes the generator), which cancels the tasks not
 * started yet; the pool's {@code close()} then waits for the ones running. The timeout bounds the whole
 * iteration, as Python's {@code timeout=} does: past it, {@code next} throws a {@code TimeoutException} wrapped in
 * a {@code CompletionException}.
 *
 * <p><b>Run:</b> {@code ./examples.sh pool-endless-map}
 *
 * <p><b>Expected output:</b>
 *
 * <pre>
 * first n above 100 steps: 27 (111)
 * items read from the endless input: 31 (the 27 taken, and 4 ahead)
 * </pre>
 */
public final class Multiprocessing12EndlessMap {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "pool-endless-map",
          Group.MULTIPROCESSING,
          "2.2",
          "Python 3.14's map(buffersize=) over an endless input: read as results are taken, stop any time",
          Multiprocessing12EndlessMap::run);

  /** How many items may be read ahead of the results taken. */
  static final int BUFFER_SIZE = 4;

  private Multiprocessing12EndlessMap() {}

  static void run(PrintStream out, List<String> args) {
    AtomicLong read = new AtomicLong();
    Iterable<Long> naturals = () -> new Counter(read); // itertools.count(1)
    MapOptions options = MapOptions.DEFAULT.withBufferSize(BUFFER_SIZE).withTimeout(Duration.ofMinutes(2));
    long taken = 0;
    try (ProcessPool pool = ProcessPool.builder().maxWorkers(2).output(out).build();
        ResultIterator<long[]> results = pool.map(Multiprocessing12EndlessMap::collatzSteps, naturals, options)) {
      while (results.hasNext()) {
        long[] nAndSteps = results.next();
        taken++;
        if (nAndSteps[1] > 100) {
          out.println("first n above 100 steps: " + nAndSteps[0] + " (" + nAndSteps[1] + ")");
          break;
        }
      }
    }
    out.println("items read from the endless input: " + read.get()
        + " (the " + taken + " taken, and " + (read.get() - taken) + " ahead)");
  }

  /** The number and how many steps of the Collatz map take it to 1; runs in a worker. */
  static long[] collatzSteps(long n) {
    long steps = 0;
    for (long x = n; x != 1; x = (x % 2 == 0) ? x / 2 : 3 * x + 1) {
      steps++;
    }
    return new long[] {n, steps};
  }

  /** 1, 2, 3, ... for ever, counting what was read. */
  private static final class Counter implements Iterator<Long> {
    private final AtomicLong read;

    Counter(AtomicLong read) {
      this.read = read;
    }

    @Override
    public boolean hasNext() {
      return true;
    }

    @Override
    public Long next() {
      return read.incrementAndGet();
    }
  }
}
