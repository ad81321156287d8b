package dev.concurrency.examples.threading;

import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import java.io.PrintStream;
import java.util.List;

/**
 * The seed's section 4.2.1 sample: two threads, started and joined.
 *
 * <pre>{@code
 * # Python original (section 4.2.1)
 * t1 = threading.Thread(target=task1)
 * t2 = threading.Thread(target=task2)
 * t1.start(); t2.start()
 * t1.join();  t2.join()
 * }</pre>
 *
 * <p><b>What to notice.</b> Each task prints "started" before "completed", but the two tasks may interleave
 * in any order: the operating system schedules the threads (seed 3.2), and nothing orders them against each
 * other. {@code join} is what makes the main thread wait; without it {@code main} could return first. Unlike
 * CPython, these threads could run Java code truly in parallel on two cores: there is no global interpreter
 * lock.
 *
 * <p><b>Run:</b> {@code ./examples.sh seed-threads}
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
public final class Threading01Seed {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "seed-threads",
          Group.THREADING,
          "4.2.1",
          "the seed's threading sample: two threads started, then joined",
          Threading01Seed::run);

  private Threading01Seed() {}

  static void run(PrintStream out, List<String> args) throws InterruptedException {
    Thread t1 = new Thread(() -> task1(out), "task1");
    Thread t2 = new Thread(() -> task2(out), "task2");

    t1.start();
    t2.start();

    t1.join();
    t2.join();
  }

  private static void task1(PrintStream out) {
    out.println("Task 1 started");
    // the work of task 1 goes here
    out.println("Task 1 completed");
  }

  private static void task2(PrintStream out) {
    out.println("Task 2 started");
    // the work of task 2 goes here
    out.println("Task 2 completed");
  }
}
