package dev.concurrency.examples.threading;

import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.examples.Timeline;
import dev.concurrency.model.trace.Trace;
import dev.concurrency.threads.CpuWork;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;

/**
 * Divide and conquer on a work-stealing {@link ForkJoinPool}: idle workers take half-finished work from busy
 * ones, so uneven pieces still keep every core busy (seed section 5, "better task allocation on multicore").
 *
 * <pre>{@code
 * # Python: no equivalent for threads (the GIL); with processes, multiprocessing.Pool.map over fixed chunks,
 * # which cannot rebalance once the chunks are handed out
 * }</pre>
 *
 * <p><b>What to notice.</b> The range of 4,096 items is split in halves until pieces hold 64 items; the item
 * costs grow along the range, so a fixed split would leave one worker with most of the work. {@code fork()}
 * pushes a half onto the worker's own deque; an idle worker <i>steals</i> from the other end of someone else's.
 * The steal count (how often that happened) varies from run to run; the answer does not.
 *
 * <p><b>Run:</b> {@code ./examples.sh work-stealing}
 *
 * <p><b>Expected output</b> (steals vary; then a timeline):
 *
 * <pre>
 * sum over 4096 uneven items on a ForkJoinPool of 2 workers: 3071316069895805285 (matches the sequential sum)
 * pieces: 64, steals: 3
 * </pre>
 */
@SuppressWarnings("try") // a trace Recording is opened and closed for its span only, never read
public final class Threading08WorkStealing {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "work-stealing",
          Group.THREADING,
          "5",
          "divide-and-conquer CPU work on a work-stealing ForkJoinPool",
          Threading08WorkStealing::run);

  private static final int ITEMS = 4096;
  private static final int PIECE = 64;

  private Threading08WorkStealing() {}

  static void run(PrintStream out, List<String> args) {
    Trace trace = Trace.start();
    long sequential = 0;
    for (int i = 0; i < ITEMS; i++) {
      sequential += item(i);
    }
    ForkJoinPool pool = new ForkJoinPool(2);
    try {
      long parallel = pool.invoke(new Sum(0, ITEMS, trace));
      if (parallel != sequential) {
        throw new IllegalStateException("parallel sum " + parallel + " != sequential " + sequential);
      }
      out.printf("sum over %d uneven items on a ForkJoinPool of %d workers: %d (matches the sequential sum)%n",
          ITEMS, pool.getParallelism(), parallel);
      out.printf("pieces: %d, steals: %d%n", ITEMS / PIECE, pool.getStealCount());
    } finally {
      pool.close(); // waits for the workers (Java 19+)
    }
    Timeline.print(out, trace, args);
  }

  /** Item {@code i} costs about {@code i} units of CPU work: later items are dearer. */
  private static long item(int i) {
    return CpuWork.spin(20L * i, i + 1L);
  }

  /** The sum of items [from, to): computed directly when small, else split in two. */
  private static final class Sum extends RecursiveTask<Long> {
    private static final long serialVersionUID = 1L;
    private final int from;
    private final int to;
    private final transient Trace trace;

    Sum(int from, int to, Trace trace) {
      this.from = from;
      this.to = to;
      this.trace = trace;
    }

    @Override
    protected Long compute() {
      if (to - from <= PIECE) {
        try (var r = trace.open("piece")) { // lane: the worker thread that ran it
          long sum = 0;
          for (int i = from; i < to; i++) {
            sum += item(i);
          }
          return sum;
        }
      }
      int mid = (from + to) >>> 1;
      Sum left = new Sum(from, mid, trace);
      left.fork(); // may be stolen by an idle worker
      long right = new Sum(mid, to, trace).compute();
      return left.join() + right;
    }
  }
}
