package dev.concurrency.examples.threading;

import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.examples.Timeline;
import dev.concurrency.model.trace.Trace;
import dev.concurrency.threads.MapIterator;
import dev.concurrency.threads.MapOptions;
import dev.concurrency.threads.ThreadPool;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Python 3.14's lazy {@code Executor.map}: an endless input read only as fast as results are consumed
 * ({@code buffersize}), tiny items grouped into tasks ({@code chunksize}), and a failure at its own item.
 *
 * <pre>{@code
 * # Python 3.14
 * with ThreadPoolExecutor(2) as pool:
 *     squares = pool.map(lambda n: n * n, itertools.count(), buffersize=4)
 *     print([next(squares) for _ in range(10)])
 *     print(list(pool.map(lambda d: 60 // d, [5, 4, 0, 3])))   # ZeroDivisionError at the third item
 * }</pre>
 *
 * <p><b>What to notice.</b> Without a buffer, {@code map} would read the whole input before returning, which
 * never ends for an endless one. With {@code bufferSize(4)} at most four tasks are in flight: after ten results
 * exactly fourteen inputs have been read, one more for each result taken. {@code chunkSize} puts many tiny items
 * in one task and changes nothing else: the same results, in order. A failing item fails at its place: the
 * results before it arrive, then its exception, and the iteration ends with the rest cancelled.
 *
 * <p><b>Run:</b> {@code ./examples.sh lazy-map}
 *
 * <p><b>Expected output</b> (then a timeline of the endless map):
 *
 * <pre>
 * squares of an endless input, buffer of 4: [0, 1, 4, 9, 16, 25, 36, 49, 64, 81]
 * inputs read for 10 results: 14 (10 consumed + 4 in flight)
 * 10,000 items in chunks of 500: the same 10,000 results, in order
 * 60 // d over [5, 4, 0, 3]: 12, 15, then ArithmeticException at the third item; iteration ended
 * </pre>
 */
@SuppressWarnings("try") // trace Recordings are opened and closed for their spans only, never read
public final class Threading14LazyMap {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "lazy-map",
          Group.THREADING,
          "2.2, 5",
          "ThreadPool.imap: Python 3.14's lazy map with buffersize and chunksize, and a failure at its own item",
          Threading14LazyMap::run);

  private Threading14LazyMap() {}

  static void run(PrintStream out, List<String> args) throws Exception {
    Trace trace = Trace.start();
    try (ThreadPool pool = ThreadPool.builder().workers(2).name("lazy-map").build()) {
      endlessInput(out, pool, trace);
      chunks(out, pool);
      failure(out, pool);
    }
    Timeline.print(out, trace, args);
  }

  private static void endlessInput(PrintStream out, ThreadPool pool, Trace trace) throws Exception {
    AtomicInteger read = new AtomicInteger();
    Iterable<Integer> naturals = () -> new Iterator<>() {
      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public Integer next() {
        return read.getAndIncrement();
      }
    };
    List<Integer> squares = new ArrayList<>();
    Function<Integer, Integer> square = n -> {
      try (var r = trace.open("square " + n)) { // on the worker's lane
        return n * n;
      }
    };
    try (MapIterator<Integer> results = pool.imap(square, naturals, MapOptions.DEFAULTS.withBufferSize(4))) {
      for (int i = 0; i < 10; i++) {
        try (var r = trace.open("consumer", "take " + i)) {
          squares.add(results.take());
        }
      }
    }
    out.println("squares of an endless input, buffer of 4: " + squares);
    out.printf("inputs read for 10 results: %d (10 consumed + 4 in flight)%n", read.get());
  }

  private static void chunks(PrintStream out, ThreadPool pool) throws Exception {
    List<Integer> items = IntStream.range(0, 10_000).boxed().toList();
    List<Integer> doubled = new ArrayList<>();
    try (MapIterator<Integer> results = pool.imap(n -> 2 * n, items, MapOptions.DEFAULTS.withChunkSize(500))) {
      while (results.hasNext()) {
        doubled.add(results.take());
      }
    }
    boolean same = doubled.equals(items.stream().map(n -> 2 * n).toList());
    out.printf("%,d items in chunks of 500: %s%n", items.size(),
        same ? "the same 10,000 results, in order" : "different results");
  }

  private static void failure(PrintStream out, ThreadPool pool) throws Exception {
    List<String> seen = new ArrayList<>();
    MapIterator<Integer> results = pool.imap(d -> 60 / d, List.of(5, 4, 0, 3));
    try {
      while (results.hasNext()) {
        seen.add(String.valueOf(results.take()));
      }
    } catch (ExecutionException e) {
      seen.add("then " + e.getCause().getClass().getSimpleName() + " at the third item");
    }
    out.printf("60 // d over [5, 4, 0, 3]: %s; iteration %s%n", String.join(", ", seen),
        results.hasNext() ? "goes on" : "ended");
  }
}
