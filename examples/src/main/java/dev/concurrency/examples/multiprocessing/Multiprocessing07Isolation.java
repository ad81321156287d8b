package dev.concurrency.examples.multiprocessing;

import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.examples.Timeline;
import dev.concurrency.model.trace.Span;
import dev.concurrency.model.trace.Trace;
import dev.concurrency.processes.ProcessPool;
import dev.concurrency.processes.SerializableCallable;
import java.io.PrintStream;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Processes do not share memory: a static counter incremented in a child JVM stays unchanged in the parent,
 * while the same increments made by a thread change it; what does cross from the child is the task's return
 * value.
 *
 * <pre>{@code
 * # Python original (the idea of seed section 2.2)
 * counter = 100
 * def bump(n):
 *     global counter
 *     for _ in range(n): counter += 1
 *     return counter
 *
 * with ProcessPoolExecutor(1) as pool:
 *     print(pool.submit(bump, 1000).result())   # the child's own counter
 * print(counter)                                # still 100 in the parent
 * t = threading.Thread(target=bump, args=(1000,)); t.start(); t.join()
 * print(counter)                                # 1100: a thread shares the parent's memory
 * }</pre>
 *
 * <p><b>What to notice.</b> A static field exists once per JVM. The child is a new JVM that loads this class
 * afresh, so its counter starts from the class's initial value, 0, not from the parent's 100 (Python's
 * {@code spawn} start method behaves the same; {@code fork} would start the child from a copy, 100, and the
 * parent would still not see the child's changes). The parent's counter is untouched by the child's 1,000
 * increments; only the return value, serialized by the child and decoded by the parent, comes back. A thread
 * runs in the parent's heap: its increments are the parent's (and {@code join} makes them visible). That is the
 * trade the seed describes: processes are isolated (no data races on shared fields, a crash stays in the child),
 * threads share memory (cheap to communicate, and exposed to races).
 *
 * <p><b>Run:</b> {@code ./examples.sh process-isolation} (add {@code --svg isolation.svg} for a picture)
 *
 * <p><b>Expected output</b> (the pids differ), then the timeline: the child's increments in their own lane,
 * then the thread's:
 *
 * <pre>
 * parent (pid 4242): counter = 100
 * child process (pid 4250): counter = 1000 after 1000 increments (its own copy, from 0)
 * parent after the child: counter = 100 (unchanged: processes share no memory)
 * what crossed back: the task's return value, 1000
 * thread in the parent: counter = 1100 after 1000 increments
 * parent after the thread: counter = 1100 (threads share the heap)
 * Timeline:
 * ...
 * </pre>
 */
public final class Multiprocessing07Isolation {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "process-isolation",
          Group.MULTIPROCESSING,
          "2.2",
          "a static counter changed in a child JVM stays unchanged in the parent; a thread's change shows",
          Multiprocessing07Isolation::run);

  static final int START = 100;
  static final int INCREMENTS = 1000;
  private static final long LIMIT_SECONDS = 60;

  /** One per JVM: the parent's, and each child's own. Changed by one thread at a time; see {@link #run}. */
  private static int counter;

  private Multiprocessing07Isolation() {}

  /** What the increments saw where they ran: the process, the counter afterwards, and when they ran. */
  record Bumped(long pid, int counter, long startNanos, long endNanos) implements Serializable {}

  /** The task: increments this JVM's counter; in a child it is the child's counter. */
  record Bump(int times) implements SerializableCallable<Bumped> {
    @Override
    public Bumped call() {
      return bump(times);
    }
  }

  @SuppressWarnings("try") // the span is closed by the try; its body does not use it
  static void run(PrintStream out, List<String> args) throws Exception {
    Trace trace = Trace.start();
    long origin = System.nanoTime() - trace.nanos(); // the child reads the same monotonic clock
    counter = START; // set on every run, so that running the example twice in one JVM shows the same
    out.println("parent (pid " + ProcessHandle.current().pid() + "): counter = " + counter);

    Bumped child;
    try (ProcessPool pool = ProcessPool.builder().maxWorkers(1).output(out).build();
        var span = trace.open("parent", "pool.submit().get()")) {
      child = pool.submit(new Bump(INCREMENTS)).get(LIMIT_SECONDS, TimeUnit.SECONDS);
    }
    trace.add(new Span("child pid " + child.pid(), "increments", child.startNanos() - origin, child.endNanos() - origin));
    out.println(
        "child process (pid " + child.pid() + "): counter = " + child.counter() + " after " + INCREMENTS
            + " increments (its own copy, from 0)");
    out.println("parent after the child: counter = " + counter + " (unchanged: processes share no memory)");
    out.println("what crossed back: the task's return value, " + child.counter());

    Bumped[] fromThread = new Bumped[1];
    Thread thread = new Thread(() -> fromThread[0] = bump(INCREMENTS), "bumper");
    thread.start();
    thread.join(); // everything the thread did happens-before join returns
    Bumped threaded = fromThread[0];
    trace.add(new Span("thread " + thread.getName(), "increments", threaded.startNanos() - origin, threaded.endNanos() - origin));
    out.println("thread in the parent: counter = " + threaded.counter() + " after " + INCREMENTS + " increments");
    out.println("parent after the thread: counter = " + counter + " (threads share the heap)");
    Timeline.print(out, trace, args);
  }

  static Bumped bump(int times) {
    long start = System.nanoTime();
    for (int i = 0; i < times; i++) {
      counter++;
    }
    return new Bumped(ProcessHandle.current().pid(), counter, start, System.nanoTime());
  }
}
