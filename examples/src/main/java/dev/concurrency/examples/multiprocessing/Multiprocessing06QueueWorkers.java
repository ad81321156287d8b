package dev.concurrency.examples.multiprocessing;

import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.examples.Timeline;
import dev.concurrency.model.trace.Trace;
import dev.concurrency.processes.ChildProcess;
import dev.concurrency.processes.ProcessQueue;
import dev.concurrency.processes.SerializableRunnable;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Two producer processes put numbers into one small queue; the parent takes them all out.
 *
 * <pre>{@code
 * # Python original
 * q = multiprocessing.Queue(maxsize=4)
 * def produce(q, start):
 *     for n in range(start, start + 5):
 *         q.put(n)
 * ps = [multiprocessing.Process(target=produce, args=(q, s)) for s in (0, 100)]
 * for p in ps: p.start()
 * items = sorted(q.get(timeout=30) for _ in range(10))
 * }</pre>
 *
 * <p><b>What to notice.</b> The queue holds only four items, so each producer's {@code put} waits whenever the
 * parent has not taken enough yet: a bounded queue is back-pressure between processes. Items from the two
 * producers interleave in any order, but each producer's own items arrive in the order it put them. The
 * timeline is the parent's view: each producer from its start to its join, and the parent's draining of the queue.
 *
 * <p><b>Run:</b> {@code ./examples.sh queue-workers} (add {@code --svg queue-workers.svg} for a picture)
 *
 * <p><b>Expected output</b> (then the timeline, one row per producer and one for the parent's gets):
 *
 * <pre>
 * received 10 items: [0, 1, 2, 3, 4, 100, 101, 102, 103, 104]
 * each producer's items in order: true
 * Timeline:
 * ...
 * </pre>
 */
public final class Multiprocessing06QueueWorkers {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "queue-workers",
          Group.MULTIPROCESSING,
          "2.2",
          "two producer processes feed one bounded ProcessQueue; the parent drains it",
          Multiprocessing06QueueWorkers::run);

  private static final Duration WAIT = Duration.ofSeconds(30);

  private Multiprocessing06QueueWorkers() {}

  /** One producer: puts five numbers from {@code start}. */
  record Produce(ProcessQueue queue, int start) implements SerializableRunnable {
    @Override
    public void run() {
      try {
        for (int n = start; n < start + 5; n++) {
          queue.put(n, WAIT);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // asked to stop: the parent gave up
      }
    }
  }

  @SuppressWarnings("try") // the span is closed by the try; its body does not use it
  static void run(PrintStream out, List<String> args) throws InterruptedException {
    Trace trace = Trace.start();
    ProcessQueue queue = ProcessQueue.create(4);
    try {
      List<ChildProcess> producers = new ArrayList<>();
      List<Trace.Recording> lives = new ArrayList<>();
      for (int start : new int[] {0, 100}) {
        ChildProcess producer = ChildProcess.builder(new Produce(queue, start)).output(out).build();
        lives.add(trace.open("producer " + start, "start .. join"));
        producer.start();
        producers.add(producer);
      }
      List<Integer> received = new ArrayList<>();
      try (var drain = trace.open("parent", "get() x10")) {
        for (int i = 0; i < 10; i++) {
          received.add((Integer) queue.get(WAIT));
        }
      }
      for (int i = 0; i < producers.size(); i++) {
        producers.get(i).join();
        lives.get(i).close();
      }
      boolean inOrder =
          received.stream().filter(n -> n < 100).toList().equals(List.of(0, 1, 2, 3, 4))
              && received.stream().filter(n -> n >= 100).toList().equals(List.of(100, 101, 102, 103, 104));
      out.println("received " + received.size() + " items: " + received.stream().sorted().toList());
      out.println("each producer's items in order: " + inOrder);
    } finally {
      queue.unlink();
    }
    Timeline.print(out, trace, args);
  }
}
