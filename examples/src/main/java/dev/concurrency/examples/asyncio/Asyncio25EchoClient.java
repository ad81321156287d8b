package dev.concurrency.examples.asyncio;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.streams.Streams.openConnection;
import static dev.concurrency.async.streams.Streams.startServer;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.concurrency.async.AsyncIO;
import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.streams.Connection;
import dev.concurrency.async.streams.StreamServer;
import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.examples.Timeline;
import dev.concurrency.model.trace.Trace;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Many concurrent echo clients on one event loop: each connects, sends lines, and checks that every byte comes
 * back.
 *
 * <pre>{@code
 * # Python
 * async def client(i, lines):
 *     reader, writer = await asyncio.open_connection("127.0.0.1", 8888)
 *     for n in range(lines):
 *         msg = f"client {i} line {n}\n".encode()
 *         writer.write(msg)
 *         assert await reader.readline() == msg
 *     writer.close()
 *     await writer.wait_closed()
 *
 * await asyncio.gather(*(client(i, 20) for i in range(100)))
 * }</pre>
 *
 * <p><b>What to notice.</b> A hundred connections, one loop, no thread per client: each client is a task that
 * suspends while its line travels. Against a slow or refused server the client fails with a clear exception
 * ({@code ConnectException: connection to ... refused}), it never hangs. The timeline shows the first
 * {@value #TRACED} clients, connect to close: they run side by side, not one after another.
 *
 * <p><b>Run:</b> {@code ./examples.sh echo-client} starts its own echo server; {@code ./examples.sh echo-client
 * --port 8888} uses one already listening there (for example {@code ./examples.sh echo-server --external
 * --clients 100}). {@code --clients N} and {@code --lines L} change the load.
 *
 * <p><b>Expected output</b> (the timing varies):
 *
 * <pre>
 * 100 clients x 20 lines: all 2000 lines came back (109780 bytes) in 85 ms
 * Timeline:
 * ...                                 (client 0-2 overlap: their lines travel at the same time)
 * </pre>
 */
public final class Asyncio25EchoClient {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example("echo-client", Group.ASYNCIO, "2.1, 3.1",
          "100 concurrent echo clients on one loop, every byte checked",
          Asyncio25EchoClient::run);

  /** How many clients get a row in the timeline; the rest run untraced. */
  static final int TRACED = 3;

  private Asyncio25EchoClient() {}

  static void run(PrintStream out, List<String> args) {
    int clients = Asyncio24EchoServer.intArg(args, "--clients", 100);
    int lines = Asyncio24EchoServer.intArg(args, "--lines", 20);
    int port = Asyncio24EchoServer.intArg(args, "--port", -1);
    Trace trace = Trace.start();
    AsyncIO.run(() -> {
      if (port >= 0) {
        drive(out, port, clients, lines, trace);
        return;
      }
      StreamServer own = startServer(Asyncio24EchoServer::echo, "127.0.0.1", 0);
      drive(out, own.port(), clients, lines, trace);
      own.close();
      own.waitClosed();
    });
    Timeline.print(out, trace, args);
  }

  /**
   * Runs {@code clients} concurrent clients against {@code port}, the first {@value #TRACED} traced; throws if
   * any byte did not come back.
   */
  @SuppressWarnings("try") // the span is closed by the try; its body does not use it
  static void drive(PrintStream out, int port, int clients, int lines, Trace trace) throws IOException {
    long start = System.nanoTime();
    List<AsyncTask<Long>> tasks = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      int id = i;
      tasks.add(createTask(() -> {
        if (id >= TRACED) {
          return client(port, id, lines);
        }
        try (Trace.Recording span = trace.open("client " + id, lines + " lines")) {
          return client(port, id, lines);
        }
      }));
    }
    long bytes = 0;
    for (AsyncTask<Long> t : tasks) {
      bytes += t.await();
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    out.printf("%d clients x %d lines: all %d lines came back (%d bytes) in %d ms%n",
        clients, lines, clients * lines, bytes, ms);
  }

  private static long client(int port, int id, int lines) throws IOException {
    Connection c = openConnection("127.0.0.1", port);
    long bytes = 0;
    try {
      for (int n = 0; n < lines; n++) {
        byte[] msg = ("client " + id + " line " + n + "\n").getBytes(UTF_8);
        c.writer().write(msg);
        c.writer().drain();
        byte[] back = c.reader().readLine();
        if (!Arrays.equals(msg, back)) {
          throw new IllegalStateException(
              "client " + id + " sent " + new String(msg, UTF_8).strip() + " but got back "
                  + new String(back, UTF_8).strip());
        }
        bytes += back.length;
      }
    } finally {
      c.writer().close();
    }
    c.writer().waitClosed();
    return bytes;
  }
}
