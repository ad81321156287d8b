package dev.concurrency.examples.asyncio;

import static dev.concurrency.async.streams.Streams.openUnixConnection;
import static dev.concurrency.async.streams.Streams.startUnixServer;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.concurrency.async.AsyncIO;
import dev.concurrency.async.streams.Connection;
import dev.concurrency.async.streams.StreamServer;
import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The echo server of {@code echo-server} on a Unix domain socket: the same handler, the same reader and writer,
 * addressed by a path instead of a host and port.
 *
 * <pre>{@code
 * # Python
 * server = await asyncio.start_unix_server(handle, path="/tmp/echo.sock")
 * reader, writer = await asyncio.open_unix_connection("/tmp/echo.sock")
 * writer.write(b"hello over a Unix socket\n")
 * print(await reader.readline())
 * writer.close(); await writer.wait_closed()
 * server.close(); await server.wait_closed()     # 3.13: removes /tmp/echo.sock
 * }</pre>
 *
 * <p><b>What to notice.</b> Only the factory differs from TCP ({@code startUnixServer}, {@code openUnixConnection});
 * the handler is the TCP example's. The socket is a file: it exists while the server listens, and closing the
 * server removes it (asyncio 3.13's {@code cleanup_socket}), but only if it is still the server's own file. Unix
 * sockets never leave the machine and are guarded by file permissions, which is why local daemons use them.
 *
 * <p><b>Run:</b> {@code ./examples.sh unix-echo} (a Unix-like system, JDK 16+).
 *
 * <p><b>Expected output</b> (the directory varies):
 *
 * <pre>
 * listening on /tmp/unix-echo-123/echo.sock (a socket file: true)
 * sent "hello over a Unix socket", got back "hello over a Unix socket"
 * server closed; socket file still there: false
 * </pre>
 */
public final class Asyncio27UnixEcho {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example("unix-echo", Group.ASYNCIO, "2.1, 3.1",
          "the echo server on a Unix domain socket: same streams, a path for an address, the file cleaned up",
          Asyncio27UnixEcho::run);

  private Asyncio27UnixEcho() {}

  static void run(PrintStream out, List<String> args) throws IOException {
    Path dir = Files.createTempDirectory("unix-echo-");
    Path path = dir.resolve("echo.sock");
    try {
      AsyncIO.run(() -> {
        StreamServer server = startUnixServer(Asyncio24EchoServer::echo, path);
        out.printf("listening on %s (a socket file: %s)%n", path, Files.exists(path));
        Connection c = openUnixConnection(path);
        String hello = "hello over a Unix socket";
        c.writer().write((hello + "\n").getBytes(UTF_8));
        String back = new String(c.reader().readLine(), UTF_8).strip();
        out.printf("sent \"%s\", got back \"%s\"%n", hello, back);
        c.writer().close();
        c.writer().waitClosed();
        server.close();
        server.waitClosed();
        out.printf("server closed; socket file still there: %s%n", Files.exists(path));
      });
    } finally {
      Files.deleteIfExists(path);
      Files.delete(dir);
    }
  }
}
