package dev.concurrency.async.streams;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.concurrency.async.ErrorContext;
import dev.concurrency.async.EventLoop;
import dev.concurrency.async.VirtualClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Helpers the stream tests share: bytes from strings, loops that record errors, a tiny blocking HTTP server. */
final class StreamTesting {

  static final String HOST = "127.0.0.1";

  private StreamTesting() {}

  static byte[] b(String s) {
    return s.getBytes(US_ASCII);
  }

  static String s(byte[] bytes) {
    return new String(bytes, US_ASCII);
  }

  /** A loop on an auto-advancing virtual clock, for readers fed by hand. */
  static EventLoop.Builder virtualTime() {
    return EventLoop.builder().clock(VirtualClock.autoAdvancing());
  }

  /**
   * A shell command that prints {@code sleeping}, then sleeps for an hour as the shell's own process with SIGHUP at
   * its default action, for the tests that hang it up. A signal ignored by a parent stays ignored across
   * {@code exec} (POSIX), so under {@code nohup} a plain {@code sleep} would outlive the HUP it is sent; the shell
   * cannot undo that ({@code trap} may not reset a signal ignored on entry), GNU env's {@code --default-signal}
   * can, and is used only when this JVM ignores SIGHUP.
   */
  static String sleeperForHangUp() {
    return "echo sleeping; exec " + (hangUpIgnored() ? "env --default-signal=HUP " : "") + "sleep 3600";
  }

  /** Whether this process ignores SIGHUP: bit 0 of {@code SigIgn} in Linux's {@code /proc/self/status}. */
  private static boolean hangUpIgnored() {
    Path status = Path.of("/proc/self/status");
    if (!Files.isReadable(status)) {
      return false; // not Linux: nothing to read it from, and nothing run by these tests ignores it there
    }
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("SigIgn:")) {
          return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16) & 1L) != 0;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + status, e);
    }
  }

  /** A loop whose exception handler records what it is given, as CPython's tests do with {@code messages}. */
  static EventLoop.Builder recording(List<ErrorContext> messages) {
    return EventLoop.builder().exceptionHandler((loop, context) -> messages.add(context));
  }

  static List<ErrorContext> messages() {
    return new CopyOnWriteArrayList<>();
  }

  /**
   * CPython's {@code run_test_server}: a blocking server on its own platform thread that answers every request
   * with {@code HTTP/1.0 200 OK} and the body {@code Test message}, then closes the connection.
   */
  static final class HttpServer implements AutoCloseable {

    private final ServerSocketChannel channel;
    private final Thread thread;
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();

    private HttpServer(ServerSocketChannel channel) {
      this.channel = channel;
      this.thread = Thread.ofPlatform().daemon().name("test-http-server").start(this::serve);
    }

    static HttpServer tcp() throws IOException {
      ServerSocketChannel ch = ServerSocketChannel.open();
      ch.bind(new InetSocketAddress(HOST, 0));
      return new HttpServer(ch);
    }

    static HttpServer unix(Path path) throws IOException {
      ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      ch.bind(UnixDomainSocketAddress.of(path));
      return new HttpServer(ch);
    }

    int port() throws IOException {
      return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    Path unixPath() throws IOException {
      return ((UnixDomainSocketAddress) channel.getLocalAddress()).getPath();
    }

    private void serve() {
      try {
        for (;;) {
          try (SocketChannel client = channel.accept()) {
            InputStream in = Channels.newInputStream(client);
            int matched = 0; // read up to the blank line that ends the request
            byte[] end = b("\r\n\r\n");
            while (matched < end.length) {
              int c = in.read();
              if (c < 0) {
                break;
              }
              matched = c == end[matched] ? matched + 1 : (c == end[0] ? 1 : 0);
            }
            OutputStream out = Channels.newOutputStream(client);
            out.write(b("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nTest message"));
            out.flush();
          } catch (IOException e) {
            if (!channel.isOpen()) {
              return;
            }
            // a client that hung up early: its business, as for CPython's test server
          }
        }
      } catch (RuntimeException e) {
        errors.add(e);
      }
    }

    @Override
    public void close() throws IOException {
      channel.close();
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while the test HTTP server stopped", e);
      }
      if (!errors.isEmpty()) {
        throw new AssertionError("the test HTTP server failed: " + errors);
      }
    }
  }
}
