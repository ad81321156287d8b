package dev.concurrency.examples.asyncio;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.streams.Streams.startServer;

import dev.concurrency.async.AsyncIO;
import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.sync.AsyncEvent;
import dev.concurrency.async.streams.StreamReader;
import dev.concurrency.async.streams.StreamServer;
import dev.concurrency.async.streams.StreamWriter;
import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.examples.Timeline;
import dev.concurrency.model.trace.Trace;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * An echo server on the event loop: one task per connection, each echoing lines back until the client closes.
 *
 * <pre>{@code
 * # Python
 * async def handle(reader, writer):
 *     while line := await reader.readline():
 *         writer.write(line)
 *         await writer.drain()
 *     writer.close()
 *     await writer.wait_closed()
 *
 * server = await asyncio.start_server(handle, "127.0.0.1", 8888)
 * async with server:
 *     await server.serve_forever()
 * }</pre>
 *
 * <p><b>What to notice.</b> Each client gets its own task, written as straight-line code that suspends at {@code
 * readLine()} and {@code drain()}; one loop thread at a time serves them all. {@code drain()} is the flow
 * control: a client that does not read its echoes makes the writer pause instead of buffering without bound.
 * {@code close()} on the server stops accepting and leaves running handlers alone; {@code waitClosed()} returns
 * once every connection has closed (asyncio 3.12+; {@code closeClients()} would end them). The timeline shows the
 * server's lifetime and the first {@value #TRACED} connections, each its own task, open side by side.
 *
 * <p><b>Run:</b> {@code ./examples.sh echo-server} serves on 127.0.0.1 and drives itself with the
 * {@code echo-client} (100 concurrent clients). {@code ./examples.sh echo-server --external --port 8888
 * --clients 5} waits for 5 outside clients instead, for example {@code python3} ones, then stops.
 *
 * <p><b>Expected output</b> (the port and byte count vary):
 *
 * <pre>
 * echo-server listening on 127.0.0.1:40123
 * 100 clients x 20 lines: all 2000 lines came back ...
 * echo-server: served 100 clients, 109780 bytes echoed, shut down cleanly
 * Timeline:
 * ...                                 (server; conn 0-2 and client 0-2 overlap)
 * </pre>
 */
public final class Asyncio24EchoServer {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example("echo-server", Group.ASYNCIO, "2.1, 3.1",
          "an asyncio-style TCP echo server: a task per connection, readLine/write/drain, clean shutdown",
          Asyncio24EchoServer::run);

  /** How many connections get a row in the timeline; the rest are served untraced. */
  static final int TRACED = 3;

  private Asyncio24EchoServer() {}

  @SuppressWarnings("try") // the spans are closed by the try; their bodies do not use them
  static void run(PrintStream out, List<String> args) {
    boolean external = args.contains("--external");
    int port = intArg(args, "--port", external ? 8888 : 0);
    int clients = intArg(args, "--clients", external ? 1 : 100);
    Trace trace = Trace.start();
    AsyncIO.run(() -> {
      long[] bytes = {0};
      int[] finished = {0};
      int[] accepted = {0};
      AsyncEvent allServed = new AsyncEvent();
      Trace.Recording serving = trace.open("server", "listening");
      StreamServer server = startServer((reader, writer) -> {
        int id = accepted[0]++; // handlers all run on the loop thread: no race before the first suspension
        long echoed;
        if (id < TRACED) {
          try (Trace.Recording span = trace.open("conn " + id, "echo")) {
            echoed = echo(reader, writer);
          }
        } else {
          echoed = echo(reader, writer);
        }
        // not "bytes[0] += echo(...)": Java reads bytes[0] before the call suspends, and other handlers' updates
        // made meanwhile would be lost (the race of the asyncio-lock example)
        bytes[0] += echoed;
        if (++finished[0] == clients) {
          allServed.set();
        }
      }, "127.0.0.1", port);
      out.println("echo-server listening on 127.0.0.1:" + server.port());
      if (!external) {
        AsyncTask<Void> drive =
            createTask(() -> Asyncio25EchoClient.drive(out, server.port(), clients, 20, trace));
        drive.await();
      }
      allServed.await();
      server.close();
      server.waitClosed();
      serving.close();
      out.printf("echo-server: served %d clients, %d bytes echoed, shut down cleanly%n", finished[0], bytes[0]);
    });
    Timeline.print(out, trace, args);
  }

  /** Echoes lines until the client closes its side; returns the number of bytes echoed. */
  static long echo(StreamReader reader, StreamWriter writer) throws IOException {
    long n = 0;
    for (byte[] line = reader.readLine(); line.length > 0; line = reader.readLine()) {
      writer.write(line);
      writer.drain();
      n += line.length;
    }
    writer.close();
    writer.waitClosed();
    return n;
  }

  static int intArg(List<String> args, String name, int fallback) {
    int i = args.indexOf(name);
    if (i < 0) {
      return fallback;
    }
    if (i + 1 >= args.size()) {
      throw new IllegalArgumentException(name + " needs a number after it");
    }
    return Integer.parseInt(args.get(i + 1));
  }
}
