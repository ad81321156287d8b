package dev.concurrency.examples.multiprocessing;

import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.examples.Timeline;
import dev.concurrency.model.trace.Trace;
import dev.concurrency.processes.Connection;
import dev.concurrency.processes.Pipe;
import dev.concurrency.processes.ProcessPool;
import dev.concurrency.processes.ProcessQueue;
import dev.concurrency.processes.SerializableRunnable;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * What one round trip costs: a direct method call, a handoff to another thread, and three ways to reach another
 * process (a {@code Pipe}, a {@code ProcessQueue}, a {@code ProcessPool} task), as a table of microseconds per
 * round trip.
 *
 * <pre>{@code
 * # Python original (the idea of seed section 2.2: "process communication costs more")
 * parent, child = multiprocessing.Pipe()
 * # ... a child process echoes what it receives ...
 * start = time.perf_counter()
 * for i in range(200):
 *     parent.send(i); parent.recv()
 * print((time.perf_counter() - start) / 200 * 1e6, "us per round trip")
 * }</pre>
 *
 * <p><b>What to notice.</b> A direct call costs a few nanoseconds (once compiled, next to nothing). A thread
 * handoff through a {@link SynchronousQueue} costs microseconds: two threads wake each other up, but the value
 * itself stays in the shared heap. Reaching another process costs a hundred times more again, because every
 * message is serialized, copied through the kernel (a Unix domain socket) and decoded on the other side, and the
 * other process has to be woken up: a {@code Pipe} is that and nothing else; a {@code ProcessQueue} copies the
 * item through a ring buffer in shared memory instead, under cross-process locks, and its reader polls for it; a
 * {@code ProcessPool} task also carries the serialized task and the
 * pool's bookkeeping. On a loaded machine the three process rows are close and their order changes from run to
 * run; the orders of magnitude between the rows do not. Starting the worker JVM costs as much as hundreds of round
 * trips. The seed's lesson holds: processes pay off when each message carries enough work (chunk it:
 * {@code map(f, items, chunkSize)}), not for chatty exchanges. Each row times the round trips in its count column,
 * after half as many unmeasured ones, so that both sides run compiled code; the counts differ so that each row
 * takes some milliseconds. One worker JVM serves the three process rows, one after another.
 *
 * <p><b>Run:</b> {@code ./examples.sh ipc-cost} (add {@code --svg ipc.svg} for a picture)
 *
 * <p><b>Expected output</b> (the figures vary with the machine and its load; these are from a shared, loaded
 * 2-core machine, 2026-11-24, JDK 25), then the timeline of the measured batches:
 *
 * <pre>
 * starting the worker JVM (once): 167.0 ms
 * channel                            round trips   total ms  us per round trip
 * direct method call                     1000000       2.76              0.003
 * thread handoff (SynchronousQueue)         2000      31.02             15.510
 * Pipe to a child process                    300      94.42            314.734
 * ProcessQueue to a child process            300     120.14            400.460
 * ProcessPool task (submit + get)            300     127.13            423.752
 * Timeline:
 * ...
 * </pre>
 */
public final class Multiprocessing08IpcCost {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "ipc-cost",
          Group.MULTIPROCESSING,
          "2.2",
          "microseconds per round trip: method call, thread handoff, Pipe, ProcessQueue, ProcessPool task",
          Multiprocessing08IpcCost::run);

  /**
   * The channels measured: a name for the table, a short one for the timeline, and how many round trips to time,
   * enough for each to take some milliseconds (a direct call needs a million before the clock notices it).
   */
  enum Channel {
    DIRECT("direct method call", "method call", 1_000_000),
    THREAD("thread handoff (SynchronousQueue)", "thread handoff", 2_000),
    PIPE("Pipe to a child process", "Pipe", 300),
    QUEUE("ProcessQueue to a child process", "ProcessQueue", 300),
    POOL("ProcessPool task (submit + get)", "ProcessPool", 300);

    final String title;
    final String lane;
    final int roundTrips;

    Channel(String title, String lane, int roundTrips) {
      this.title = title;
      this.lane = lane;
      this.roundTrips = roundTrips;
    }

    /** Unmeasured round trips first, so that both sides run compiled code, not the interpreter. */
    int warmUp() {
      return roundTrips / 2;
    }
  }

  /** Bounds every wait, so that a lost child cannot hang the example. */
  private static final Duration LIMIT = Duration.ofSeconds(60);

  /** What the queue echo takes as "no more requests". */
  private static final int STOP = -1;

  private Multiprocessing08IpcCost() {}

  /** One measured row: how many round trips and how long they took together. */
  record Row(Channel channel, int roundTrips, long nanos) {
    double microsPerRoundTrip() {
      return nanos / 1_000.0 / roundTrips;
    }
  }

  /** One round trip of a channel; returns what came back. */
  @FunctionalInterface
  interface RoundTrip {
    int send(int value) throws Exception;
  }

  /** In the child: echoes every message on its end of a pipe until the parent closes it. */
  record PipeEcho(Connection end) implements SerializableRunnable {
    @Override
    public void run() {
      try (end) {
        while (true) {
          end.send((Integer) end.recv());
        }
      } catch (EOFException e) {
        // the parent closed its end: done
      } catch (IOException | ClassNotFoundException e) {
        throw new UncheckedIOException(new IOException("the pipe failed", e));
      }
    }
  }

  /** In the child: moves every request to the reply queue until {@link #STOP}. */
  record QueueEcho(ProcessQueue requests, ProcessQueue replies) implements SerializableRunnable {
    @Override
    public void run() {
      try {
        while (true) {
          Integer value = (Integer) requests.get(LIMIT);
          if (value == STOP) {
            return;
          }
          replies.put(value, LIMIT);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // asked to stop: the parent gave up
      }
    }
  }

  @SuppressWarnings("try") // the span is closed by the try; its body does not use it
  static void run(PrintStream out, List<String> args) throws Exception {
    Trace trace = Trace.start();
    List<Row> rows = new ArrayList<>();
    rows.add(measure(trace, Channel.DIRECT, Multiprocessing08IpcCost::echo));
    rows.add(threadHandoff(trace));
    try (ProcessPool pool = ProcessPool.builder().maxWorkers(1).output(out).build()) {
      long start = System.nanoTime();
      try (var span = trace.open("worker JVM", "start")) {
        pool.submit(() -> 0).get(LIMIT.toSeconds(), TimeUnit.SECONDS);
      }
      out.printf(Locale.ROOT, "starting the worker JVM (once): %.1f ms%n", (System.nanoTime() - start) / 1e6);
      rows.add(pipe(trace, pool));
      rows.add(queue(trace, pool));
      rows.add(measure(trace, Channel.POOL, value -> pool.submit(() -> value).get(LIMIT.toSeconds(), TimeUnit.SECONDS)));
    }
    out.printf(Locale.ROOT, "%-33s  %11s  %9s  %17s%n", "channel", "round trips", "total ms", "us per round trip");
    for (Row row : rows) {
      out.printf(
          Locale.ROOT,
          "%-33s  %11d  %9.2f  %17.3f%n",
          row.channel().title,
          row.roundTrips(),
          row.nanos() / 1e6,
          row.microsPerRoundTrip());
    }
    Timeline.print(out, trace, args);
  }

  /** Runs the channel's warm-up round trips unmeasured, then its timed ones, checking every echo. */
  @SuppressWarnings("try") // the span is closed by the try; its body does not use it
  static Row measure(Trace trace, Channel channel, RoundTrip roundTrip) throws Exception {
    for (int i = 0; i < channel.warmUp(); i++) {
      check(channel, i, roundTrip.send(i));
    }
    long start = System.nanoTime();
    try (var span = trace.open(channel.lane, "round trips")) {
      for (int i = 0; i < channel.roundTrips; i++) {
        check(channel, i, roundTrip.send(i));
      }
    }
    return new Row(channel, channel.roundTrips, System.nanoTime() - start);
  }

  private static void check(Channel channel, int sent, int received) {
    if (sent != received) {
      throw new IllegalStateException(channel.title + ": sent " + sent + " but received " + received);
    }
  }

  /** The baseline: no other thread, no copy. */
  static int echo(int value) {
    return value;
  }

  /** Another thread echoes through two synchronous queues: each round trip is two handoffs. */
  private static Row threadHandoff(Trace trace) throws Exception {
    SynchronousQueue<Integer> requests = new SynchronousQueue<>();
    SynchronousQueue<Integer> replies = new SynchronousQueue<>();
    Thread echoer =
        new Thread(
            () -> {
              try {
                for (int value = requests.take(); value != STOP; value = requests.take()) {
                  replies.put(value);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // asked to stop: the parent gave up
              }
            },
            "echo");
    echoer.start();
    try {
      return measure(
          trace,
          Channel.THREAD,
          value -> {
            if (!requests.offer(value, LIMIT.toSeconds(), TimeUnit.SECONDS)) {
              throw new IllegalStateException("the echo thread did not take a request within " + LIMIT);
            }
            Integer reply = replies.poll(LIMIT.toSeconds(), TimeUnit.SECONDS);
            if (reply == null) {
              throw new IllegalStateException("the echo thread did not reply within " + LIMIT);
            }
            return reply;
          });
    } finally {
      if (!requests.offer(STOP, LIMIT.toSeconds(), TimeUnit.SECONDS)) {
        echoer.interrupt();
      }
      echoer.join(LIMIT.toMillis());
    }
  }

  /** A child echoes over a duplex pipe; closing the parent's end ends it. */
  private static Row pipe(Trace trace, ProcessPool pool) throws Exception {
    Pipe pipe = Pipe.open();
    Future<?> child;
    try {
      child = pool.submit(new PipeEcho(pipe.right()));
    } catch (RuntimeException e) {
      pipe.left().close(); // the child never got its end: release the pipe's files
      pipe.right().close();
      throw e;
    }
    Row row;
    try (Connection mine = pipe.left()) {
      row =
          measure(
              trace,
              Channel.PIPE,
              value -> {
                mine.send(value);
                return (Integer) mine.recv();
              });
    }
    child.get(LIMIT.toSeconds(), TimeUnit.SECONDS); // the echo saw end of file and returned
    return row;
  }

  /** A child moves items from one process queue to another. */
  private static Row queue(Trace trace, ProcessPool pool) throws Exception {
    ProcessQueue requests = ProcessQueue.create(1);
    ProcessQueue replies = ProcessQueue.create(1);
    try {
      Future<?> child = pool.submit(new QueueEcho(requests, replies));
      Row row;
      try {
        row =
            measure(
                trace,
                Channel.QUEUE,
                value -> {
                  requests.put(value, LIMIT);
                  return (Integer) replies.get(LIMIT);
                });
      } finally {
        requests.put(STOP, LIMIT);
      }
      child.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
      return row;
    } finally {
      requests.unlink();
      replies.unlink();
    }
  }
}
