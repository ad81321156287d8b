package dev.concurrency.examples.multiprocessing;

import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.processes.ChildProcess;
import java.io.PrintStream;
import java.util.List;

/**
 * The seed's section 4.2.2 sample: two child processes, started and joined.
 *
 * <pre>{@code
 * # Python original (section 4.2.2)
 * p1 = multiprocessing.Process(target=task1)
 * p2 = multiprocessing.Process(target=task2)
 * p1.start(); p2.start()
 * p1.join();  p2.join()
 * }</pre>
 *
 * <p><b>What to notice.</b> Each task runs in its own JVM, started with this JVM's {@code java} binary and class
 * path: {@code task1} and {@code task2} are sent to the children as serialized method references. The children
 * print with plain {@code System.out.println}; the parent forwards their lines to its console, so each task's
 * "started" comes before its "completed", while the two children may interleave in any order. Starting a JVM
 * costs far more than starting a thread (tens of milliseconds, not tens of microseconds), which is why processes
 * pay off only for CPU-heavy work, and why {@code ProcessPool} reuses its workers.
 *
 * <p><b>Run:</b> {@code ./examples.sh seed-processes}
 *
 * <p><b>Expected output</b> (the order between the tasks may differ from run to run):
 *
 * <pre>
 * Task 1 started
 * Task 1 completed
 * Task 2 started
 * Task 2 completed
 * </pre>
 */
public final class Multiprocessing01Seed {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "seed-processes",
          Group.MULTIPROCESSING,
          "4.2.2",
          "the seed's multiprocessing sample: two child JVMs started, then joined",
          Multiprocessing01Seed::run);

  private Multiprocessing01Seed() {}

  static void run(PrintStream out, List<String> args) throws InterruptedException {
    ChildProcess p1 = ChildProcess.builder(Multiprocessing01Seed::task1).output(out).build();
    ChildProcess p2 = ChildProcess.builder(Multiprocessing01Seed::task2).output(out).build();

    p1.start();
    p2.start();

    p1.join();
    p2.join();
  }

  static void task1() {
    System.out.println("Task 1 started");
    // the work of task 1 goes here
    System.out.println("Task 1 completed");
  }

  static void task2() {
    System.out.println("Task 2 started");
    // the work of task 2 goes here
    System.out.println("Task 2 completed");
  }
}
