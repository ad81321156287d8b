package dev.concurrency.examples.threading;

import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.examples.Timeline;
import dev.concurrency.model.trace.Trace;
import dev.concurrency.threads.CpuWork;
import dev.concurrency.threads.PriorityExecutor;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

/**
 * Priority scheduling (seed FAQ Q2) done right: highest priority first, first-come first-served among equals,
 * and aging so that a low-priority task is not starved.
 *
 * <pre>{@code
 * # Python: a PriorityQueue of (-priority, arrival, task) tuples and a worker thread that get()s from it
 * }</pre>
 *
 * <p><b>What to notice.</b> While the single worker is busy, six tasks arrive. Without aging they run by
 * priority, and the two of priority 5 in their arrival order. With aging (one level per 20 ms of waiting), the
 * old low-priority task that waited 100 ms outranks a fresh priority-3 task: a steady stream of urgent work can
 * no longer starve it. Aging never reorders tasks while they wait, so it costs nothing at run time: it only sets
 * each task's fixed queue key to {@code arrival - priority * step}.
 *
 * <p><b>Run:</b> {@code ./examples.sh priority-executor}
 *
 * <p><b>Expected output</b> (then a timeline):
 *
 * <pre>
 * strict priority: urgent(9) normal-a(5) normal-b(5) low(1) background(0) idle(-3)
 * with aging:      urgent(9) old-low(1) fresh(3)
 * </pre>
 */
@SuppressWarnings("try") // a trace Recording is opened and closed for its span only, never read
public final class Threading06PriorityExecutor {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "priority-executor",
          Group.THREADING,
          "6 Q2",
          "PriorityExecutor: highest priority first, FIFO among equals, aging against starvation",
          Threading06PriorityExecutor::run);

  private Threading06PriorityExecutor() {}

  static void run(PrintStream out, List<String> args) throws InterruptedException {
    Trace trace = Trace.start();
    Queue<String> ran = new ConcurrentLinkedQueue<>();
    try (PriorityExecutor ex = PriorityExecutor.builder().name("strict").build()) {
      CountDownLatch release = occupy(ex, trace);
      String[] names = {"low", "normal-a", "urgent", "idle", "normal-b", "background"};
      int[] priorities = {1, 5, 9, -3, 5, 0};
      for (int i = 0; i < names.length; i++) {
        String label = names[i] + "(" + priorities[i] + ")";
        ex.submit(priorities[i], () -> task(trace, ran, "strict", label));
      }
      release.countDown();
    }
    out.println("strict priority: " + String.join(" ", ran));

    ran.clear();
    try (PriorityExecutor ex =
        PriorityExecutor.builder().name("aging").agingStep(Duration.ofMillis(20)).build()) {
      CountDownLatch release = occupy(ex, trace);
      ex.submit(1, () -> task(trace, ran, "aging", "old-low(1)"));
      Thread.sleep(100); // real time is the point: old-low ages by waiting 100 ms; nothing is coordinated
      ex.submit(3, () -> task(trace, ran, "aging", "fresh(3)"));
      ex.submit(9, () -> task(trace, ran, "aging", "urgent(9)"));
      release.countDown();
    }
    out.println("with aging:      " + String.join(" ", ran));
    Timeline.print(out, trace, args);
  }

  /** Keeps the single worker busy until the returned latch opens, so the next tasks queue up together. */
  private static CountDownLatch occupy(PriorityExecutor ex, Trace trace) throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ex.submit(Integer.MAX_VALUE, () -> {
      try (var r = trace.open("busy")) {
        started.countDown();
        release.await();
      }
      return null;
    });
    started.await();
    return release;
  }

  private static boolean task(Trace trace, Queue<String> ran, String lane, String label) {
    try (var r = trace.open(lane, label)) {
      CpuWork.spin(500_000, 1);
    }
    return ran.add(label);
  }
}
