package dev.concurrency.examples.multiprocessing;

import static java.util.Objects.requireNonNull;

import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.examples.Timeline;
import dev.concurrency.model.trace.Trace;
import dev.concurrency.processes.ChildProcess;
import dev.concurrency.processes.Connection;
import dev.concurrency.processes.Pipe;
import dev.concurrency.processes.Sentinel;
import dev.concurrency.processes.SerializableRunnable;
import dev.concurrency.processes.SharedEvent;
import dev.concurrency.processes.Waitable;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One parent waits on three pipes and one process sentinel at once, and handles each as it becomes ready.
 *
 * <pre>{@code
 * # Python original
 * from multiprocessing import Event, Pipe, Process
 * from multiprocessing.connection import wait
 * def work(conn, go, n, delay):
 *     go.wait(); time.sleep(delay)
 *     conn.send(f"worker {n} done after {int(delay * 1000)} ms"); conn.close()
 * def crash(go, delay):
 *     go.wait(); time.sleep(delay); os._exit(3)
 * go, readers, procs = Event(), [], []
 * for n, delay in enumerate((0.2, 0.6, 1.0)):
 *     r, w = Pipe(duplex=False)
 *     p = Process(target=work, args=(w, go, n, delay)); p.start(); procs.append(p)
 *     w.close()                      # the child has its own copy
 *     readers.append(r)
 * crasher = Process(target=crash, args=(go, 0.4)); crasher.start()
 * go.set()
 * waiting = readers + [crasher.sentinel]
 * while waiting:
 *     for ready in wait(waiting, timeout=30):
 *         if ready == crasher.sentinel:
 *             crasher.join(); print(f"worker 3 ended with exit code {crasher.exitcode} (its sentinel)")
 *             waiting.remove(ready)
 *         else:
 *             try: print(ready.recv())
 *             except EOFError: waiting.remove(ready)
 * }</pre>
 *
 * <p><b>What to notice.</b> {@code Connection.waitAny} (Python's {@code multiprocessing.connection.wait}) returns
 * whichever of the pipes and sentinels are ready, so one thread serves them all in the order things happen, not
 * in the order they were listed. A pipe is ready twice: once with its message, once with its end of file when the
 * child closes its end. A process that sends nothing is still seen: its sentinel is ready when it exits. The
 * parent closes its copy of each sending end right after the start, as in Python; that only lets go of its copy
 * (the child's end works on), and the child's own close is what gives the end of file. The children wait for one
 * shared event so that the delays count from the same moment, whatever each JVM's start took. The timeline shows
 * each worker from the go to the moment the parent saw it.
 *
 * <p><b>Run:</b> {@code ./examples.sh wait-pipes-and-sentinels} (add {@code --svg wait.svg} for a picture)
 *
 * <p><b>Expected output</b> (in this order unless the machine is very loaded; then the timeline):
 *
 * <pre>
 * waiting on 3 pipes and 1 sentinel
 * worker 0 done after 200 ms
 * worker 3 ended with exit code 3 (its sentinel)
 * worker 1 done after 600 ms
 * worker 2 done after 1000 ms
 * every pipe at end of file, every process ended
 * Timeline:
 * ...
 * </pre>
 */
public final class Multiprocessing09WaitAny {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "wait-pipes-and-sentinels",
          Group.MULTIPROCESSING,
          "2.2",
          "Connection.waitAny over three pipes and a process sentinel: each handled as it becomes ready",
          Multiprocessing09WaitAny::run);

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final long[] DELAYS_MILLIS = {200, 600, 1000};
  private static final long CRASH_AFTER_MILLIS = 400;

  private Multiprocessing09WaitAny() {}

  /** A worker: after the go and its delay, sends one message and closes its end. */
  record Work(Connection end, SharedEvent go, int number, long delayMillis) implements SerializableRunnable {
    @Override
    public void run() {
      try (end) {
        go.await();
        Thread.sleep(delayMillis);
        end.send("worker " + number + " done after " + delayMillis + " ms");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** A worker with no pipe: after the go and its delay, exits with status 3. */
  record Crash(SharedEvent go, long delayMillis) implements SerializableRunnable {
    @Override
    public void run() {
      try {
        go.await();
        Thread.sleep(delayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      System.exit(3);
    }
  }

  static void run(PrintStream out, List<String> args) throws Exception {
    Trace trace = Trace.start();
    SharedEvent go = SharedEvent.create();
    List<ChildProcess> children = new ArrayList<>();
    List<Waitable> waiting = new ArrayList<>();
    Map<Waitable, String> names = new HashMap<>();
    try {
      for (int n = 0; n < DELAYS_MILLIS.length; n++) {
        Pipe pipe = Pipe.open(/* duplex= */ false);
        ChildProcess child = ChildProcess.builder(new Work(pipe.right(), go, n, DELAYS_MILLIS[n])).output(out).build();
        child.start();
        children.add(child);
        pipe.right().close(); // our copy only: the child's end works on
        waiting.add(pipe.left());
        names.put(pipe.left(), "worker " + n);
      }
      ChildProcess crasher = ChildProcess.builder(new Crash(go, CRASH_AFTER_MILLIS)).output(out).build();
      crasher.start();
      children.add(crasher);
      waiting.add(crasher.sentinel());
      names.put(crasher.sentinel(), "worker 3");

      out.println("waiting on 3 pipes and 1 sentinel");
      Map<Waitable, Trace.Recording> spans = new HashMap<>();
      for (Waitable item : waiting) {
        spans.put(item, trace.open(names.get(item), "go .. seen"));
      }
      go.set();
      while (!waiting.isEmpty()) {
        List<Waitable> ready = Connection.waitAny(waiting, WAIT);
        if (ready.isEmpty()) {
          throw new IllegalStateException("nothing became ready within " + WAIT + ": " + waiting);
        }
        for (Waitable item : ready) {
          switch (item) {
            case Connection pipe -> {
              try {
                out.println(pipe.recv());
                requireNonNull(spans.get(pipe)).close();
              } catch (EOFException e) {
                pipe.close();
                waiting.remove(pipe);
              }
            }
            case Sentinel sentinel -> {
              crasher.join();
              out.println("worker 3 ended with exit code " + crasher.exitCode().orElseThrow() + " (its sentinel)");
              requireNonNull(spans.get(sentinel)).close();
              waiting.remove(sentinel);
            }
          }
        }
      }
      for (ChildProcess child : children) {
        child.join();
      }
      out.println("every pipe at end of file, every process ended");
    } finally {
      for (Waitable item : waiting) {
        if (item instanceof Connection pipe) {
          pipe.close();
        }
      }
      for (ChildProcess child : children) {
        if (child.isAlive()) {
          child.kill();
        }
      }
    }
    Timeline.print(out, trace, args);
  }
}
