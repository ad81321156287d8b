package dev.concurrency.examples.multiprocessing;

import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.examples.Timeline;
import dev.concurrency.model.trace.Trace;
import dev.concurrency.processes.CType;
import dev.concurrency.processes.ChildProcess;
import dev.concurrency.processes.SerializableRunnable;
import dev.concurrency.processes.SharedMemory;
import dev.concurrency.processes.SharedValue;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.locks.Lock;

/**
 * Two processes increment one counter in shared memory, 10,000 times each, and no increment is lost.
 *
 * <pre>{@code
 * # Python original
 * counter = multiprocessing.Value('i', 0)          # shared memory with a lock
 * def work(counter):
 *     for _ in range(10_000):
 *         with counter.get_lock():
 *             counter.value += 1
 * p1, p2 = (multiprocessing.Process(target=work, args=(counter,)) for _ in range(2))
 * }</pre>
 *
 * <p><b>What to notice.</b> The counter lives in shared memory that both child JVMs map: they share those
 * physical pages, not their heaps. {@code counter += 1} is a read and a write; two processes doing it at once lose
 * updates unless something makes it atomic. The {@code SharedValue} uses its lock (the Python way: a lock in
 * shared memory that works across processes); the second counter, a {@code long} in a {@code SharedMemory}
 * segment, uses an atomic add instruction on the shared memory ({@code getAndAddLong}), which needs no lock at
 * all. Both end at exactly 20,000. The timeline is the parent's view: each child from its start to its join, side
 * by side, then the parent reading the counters.
 *
 * <p><b>Run:</b> {@code ./examples.sh shared-counter} (add {@code --svg shared-counter.svg} for a picture)
 *
 * <p><b>Expected output</b> (then the timeline, one row per child and one for the parent's read):
 *
 * <pre>
 * with the shared lock: 20000
 * with atomic adds:     20000
 * Timeline:
 * ...
 * </pre>
 */
public final class Multiprocessing04SharedCounter {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "shared-counter",
          Group.MULTIPROCESSING,
          "2.2",
          "two processes increment one shared-memory counter, with a cross-process lock and with atomics",
          Multiprocessing04SharedCounter::run);

  static final int INCREMENTS = 10_000;

  private Multiprocessing04SharedCounter() {}

  /** What each child does: it gets the value and the segment as handles, captured in the record. */
  record Work(SharedValue<Integer> counter, SharedMemory atomic) implements SerializableRunnable {
    @Override
    public void run() {
      Lock lock = counter.getLock();
      for (int i = 0; i < INCREMENTS; i++) {
        lock.lock();
        try {
          counter.set(counter.get() + 1);
        } finally {
          lock.unlock();
        }
        atomic.getAndAddLong(0, 1);
      }
    }
  }

  @SuppressWarnings("try") // the span is closed by the try; its body does not use it
  static void run(PrintStream out, List<String> args) throws InterruptedException, IOException {
    Trace trace = Trace.start();
    SharedValue<Integer> counter = SharedValue.create(CType.INT, 0);
    SharedMemory atomic = SharedMemory.create(Long.BYTES);
    try {
      ChildProcess p1 = ChildProcess.builder(new Work(counter, atomic)).output(out).build();
      ChildProcess p2 = ChildProcess.builder(new Work(counter, atomic)).output(out).build();
      Trace.Recording life1 = trace.open("p1", "start .. join");
      p1.start();
      Trace.Recording life2 = trace.open("p2", "start .. join");
      p2.start();
      p1.join();
      life1.close();
      p2.join();
      life2.close();
      try (var read = trace.open("parent", "read counters")) {
        out.println("with the shared lock: " + counter.get());
        out.println("with atomic adds:     " + atomic.getLongVolatile(0));
      }
    } finally {
      atomic.close();
      atomic.unlink();
    }
    Timeline.print(out, trace, args);
  }
}
