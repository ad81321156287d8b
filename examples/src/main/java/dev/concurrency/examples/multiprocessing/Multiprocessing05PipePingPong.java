package dev.concurrency.examples.multiprocessing;

import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.examples.Timeline;
import dev.concurrency.model.trace.Trace;
import dev.concurrency.processes.ChildProcess;
import dev.concurrency.processes.Connection;
import dev.concurrency.processes.Pipe;
import dev.concurrency.processes.SerializableRunnable;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The parent and a child process play ping-pong over a duplex pipe, then the parent closes its end and the child
 * sees end of file.
 *
 * <pre>{@code
 * # Python original
 * parent_end, child_end = multiprocessing.Pipe()
 * def pong(conn):
 *     while True:
 *         try: msg = conn.recv()
 *         except EOFError: break
 *         conn.send(msg.replace("ping", "pong"))
 * p = multiprocessing.Process(target=pong, args=(child_end,)); p.start()
 * for i in range(3):
 *     parent_end.send(f"ping {i}"); print(parent_end.recv())
 * parent_end.close(); p.join()
 * }</pre>
 *
 * <p><b>What to notice.</b> The child's end of the pipe travels to it inside the task, serialized; the first end
 * used listens on a Unix domain socket in a private directory and the other connects to it, presenting the pipe's
 * secret token. Each {@code recv} waits for the other side. Closing the parent's end
 * is how the child learns the game is over: its {@code recv} throws {@code EOFException}, as Python raises
 * {@code EOFError}. The timeline is the parent's view: the child from its start to its join, and each round
 * trip from the parent's {@code send} to its {@code recv} returning.
 *
 * <p><b>Run:</b> {@code ./examples.sh pipe-ping-pong} (add {@code --svg ping-pong.svg} for a picture)
 *
 * <p><b>Expected output</b> (then the timeline, one row for the child process and one per round trip):
 *
 * <pre>
 * pong 1
 * pong 2
 * pong 3
 * child: the parent closed its end; bye
 * Timeline:
 * ...
 * </pre>
 */
public final class Multiprocessing05PipePingPong {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "pipe-ping-pong",
          Group.MULTIPROCESSING,
          "2.2",
          "parent and child exchange messages over a duplex Pipe; closing one end ends the other",
          Multiprocessing05PipePingPong::run);

  private Multiprocessing05PipePingPong() {}

  /** The child's side: answers every ping until the pipe closes. */
  record Ponger(Connection end) implements SerializableRunnable {
    @Override
    public void run() {
      try (end) {
        while (true) {
          String message = (String) end.recv();
          end.send(message.replace("ping", "pong"));
        }
      } catch (EOFException e) {
        System.out.println("child: the parent closed its end; bye");
      } catch (IOException | ClassNotFoundException e) {
        throw new UncheckedIOException(new IOException("the pipe failed", e));
      }
    }
  }

  @SuppressWarnings("try") // the span is closed by the try; its body does not use it
  static void run(PrintStream out, List<String> args) throws Exception {
    Trace trace = Trace.start();
    Pipe pipe = Pipe.open();
    Connection parentEnd = pipe.left();
    ChildProcess child;
    Trace.Recording life;
    try {
      child = ChildProcess.builder(new Ponger(pipe.right())).output(out).build();
      life = trace.open("child process", "start .. join");
      child.start();
    } catch (RuntimeException e) {
      parentEnd.close(); // the child never got its end: release the pipe's files
      pipe.right().close();
      throw e;
    }
    try (parentEnd) {
      for (int i = 1; i <= 3; i++) {
        try (var roundTrip = trace.open("parent", "ping " + i)) {
          parentEnd.send("ping " + i);
          out.println(parentEnd.recv());
        }
      }
    }
    child.join();
    life.close();
    Timeline.print(out, trace, args);
  }
}
