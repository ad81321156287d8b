package dev.concurrency.examples.asyncio;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.sleep;

import dev.concurrency.async.AsyncIO;
import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.queues.AsyncQueue;
import dev.concurrency.async.queues.QueueShutDownException;
import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.examples.Timeline;
import dev.concurrency.model.trace.Trace;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Producer and consumers on an {@link AsyncQueue}: a bounded queue applies back-pressure, {@code join()} waits
 * until every item was processed, {@code shutdown()} ends the consumers.
 *
 * <pre>{@code
 * # Python 3.13
 * queue = asyncio.Queue(maxsize=2)
 * async def worker(name):
 *     while True:
 *         try:
 *             job = await queue.get()
 *         except asyncio.QueueShutDown:
 *             return
 *         await asyncio.sleep(0.01)
 *         queue.task_done()
 *
 * workers = [asyncio.create_task(worker(f"w{i}")) for i in range(2)]
 * for job in range(6):
 *     await queue.put(job)       # waits while 2 jobs are queued
 * await queue.join()             # every job processed
 * queue.shutdown()               # the workers' get() raises QueueShutDown
 * }</pre>
 *
 * <p><b>What to notice.</b> With {@code maxsize=2} the producer cannot run ahead: {@code put} suspends it until a
 * worker takes a job. {@code join()} counts {@code taskDone()} calls, not {@code get()}s: it returns when the
 * work is finished, not when the queue is empty. {@code shutdown()} (Python 3.13) is how consumers learn there
 * is nothing more to come, instead of cancelling them.
 *
 * <p><b>Run:</b> {@code ./examples.sh asyncio-queue}
 *
 * <p><b>Expected output</b> (which worker takes which job may differ):
 *
 * <pre>
 * put job 0 (queued: 1)
 * ...
 * all 6 jobs done: w0 did 3, w1 did 3
 * w0: queue shut down, exiting
 * w1: queue shut down, exiting
 * Timeline:
 * ...                                 (w0 and w1 each process jobs 10 ms at a time)
 * </pre>
 */
public final class Asyncio22Queue {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example("asyncio-queue", Group.ASYNCIO, "2.1",
          "AsyncQueue(maxsize=2): back-pressure on the producer, join() for completion, shutdown() ends workers",
          Asyncio22Queue::run);

  private Asyncio22Queue() {}

  @SuppressWarnings("try") // the span is closed by the try; its body does not use it
  static void run(PrintStream out, List<String> args) {
    Trace trace = Trace.start();
    AsyncIO.run(() -> {
      AsyncQueue<Integer> queue = new AsyncQueue<>(2);
      int[] done = new int[2];
      List<AsyncTask<Void>> workers = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        int id = w;
        workers.add(createTask(() -> {
          for (;;) {
            int job;
            try {
              job = queue.get();
            } catch (QueueShutDownException e) {
              out.printf("w%d: queue shut down, exiting%n", id);
              return;
            }
            try (var span = trace.open("w" + id, "job " + job)) {
              sleep(Duration.ofMillis(10));
            }
            done[id]++;
            queue.taskDone();
          }
        }));
      }
      for (int job = 0; job < 6; job++) {
        queue.put(job); // suspends while two jobs are queued
        out.printf("put job %d (queued: %d)%n", job, queue.qsize());
      }
      queue.join();
      out.printf("all 6 jobs done: w0 did %d, w1 did %d%n", done[0], done[1]);
      queue.shutdown(/* immediate= */ false);
      for (AsyncTask<Void> w : workers) {
        w.await();
      }
    });
    Timeline.print(out, trace, args);
  }
}
