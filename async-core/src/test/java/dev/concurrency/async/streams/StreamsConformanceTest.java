package dev.concurrency.async.streams;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.currentTask;
import static dev.concurrency.async.AsyncIO.gather;
import static dev.concurrency.async.AsyncIO.run;
import static dev.concurrency.async.AsyncIO.sleep;
import static dev.concurrency.async.streams.StreamTesting.HOST;
import static dev.concurrency.async.streams.StreamTesting.b;
import static dev.concurrency.async.streams.StreamTesting.messages;
import static dev.concurrency.async.streams.StreamTesting.recording;
import static dev.concurrency.async.streams.StreamTesting.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.ErrorContext;
import dev.concurrency.async.streams.StreamTesting.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * CPython's test_streams.py, the tests over real sockets (TCP on 127.0.0.1, port 0, and Unix domain sockets).
 * CPython's test HTTP server is {@link HttpServer}; its {@code messages} list is the recording exception handler.
 */
@Timeout(60)
final class StreamsConformanceTest {

  /** Where a test's Unix domain socket lives; JUnit removes it after each test. */
  @TempDir Path socketDir;

  private static final byte[] GET = b("GET / HTTP/1.0\r\n\r\n");

  /** CPython's {@code _basetest_open_connection}: one request, the status line, then the rest up to EOF. */
  private static void requestAndReadReply(Connection c) throws IOException {
    c.writer().write(GET);
    assertThat(s(c.reader().readLine())).isEqualTo("HTTP/1.0 200 OK\r\n");
    assertThat(s(c.reader().read())).endsWith("\r\n\r\nTest message");
    c.writer().close();
  }

  // CPython: test_streams.py StreamTests.test_open_connection
  @Test
  void openConnection_requestAndReply() throws Exception {
    List<ErrorContext> messages = messages();
    try (HttpServer httpd = HttpServer.tcp()) {
      run(recording(messages), () -> requestAndReadReply(Streams.openConnection(HOST, httpd.port())));
    }
    assertThat(messages).isEmpty();
  }

  // CPython: test_streams.py StreamTests.test_open_unix_connection
  @Test
  void openUnixConnection_requestAndReply() throws Exception {
    List<ErrorContext> messages = messages();
    Path path = socketDir.resolve("sock");
    try (HttpServer httpd = HttpServer.unix(path)) {
      run(recording(messages), () -> requestAndReadReply(Streams.openUnixConnection(httpd.unixPath())));
    }
    assertThat(messages).isEmpty();
  }

  /** CPython's {@code _basetest_open_connection_error}: the connection is lost with an error; a read throws it. */
  private static void lostWithError(Connection c) {
    IOException error = new IOException("lost on purpose");
    ((SocketTransport) c.writer().transport()).forceCloseForTest(error);
    assertThatThrownBy(() -> c.reader().read()).isSameAs(error);
    c.writer().close();
    sleep(Duration.ZERO);
  }

  // CPython: test_streams.py StreamTests.test_open_connection_error
  @Test
  void openConnection_lostWithError_readThrowsIt() throws Exception {
    List<ErrorContext> messages = messages();
    try (HttpServer httpd = HttpServer.tcp()) {
      run(recording(messages), () -> lostWithError(Streams.openConnection(HOST, httpd.port())));
    }
    assertThat(messages).isEmpty();
  }

  // CPython: test_streams.py StreamTests.test_open_unix_connection_error
  @Test
  void openUnixConnection_lostWithError_readThrowsIt() throws Exception {
    List<ErrorContext> messages = messages();
    Path path = socketDir.resolve("sock");
    try (HttpServer httpd = HttpServer.unix(path)) {
      run(recording(messages), () -> lostWithError(Streams.openUnixConnection(httpd.unixPath())));
    }
    assertThat(messages).isEmpty();
  }

  /** CPython's {@code MyServer.handle_client}: echo one line, close, wait until closed. */
  private static void echoOneLine(StreamReader reader, StreamWriter writer) throws IOException {
    byte[] line = reader.readLine();
    writer.write(line);
    writer.drain();
    writer.close();
    writer.waitClosed();
  }

  /** CPython's {@code client}: send a line, read it back. */
  private static byte[] helloClient(Connection c) throws IOException {
    c.writer().write(b("hello world!\n"));
    byte[] back = c.reader().readLine();
    c.writer().close();
    c.writer().waitClosed();
    return back;
  }

  // CPython: test_streams.py StreamTests.test_start_server
  @Test
  void startServer_onABoundSocket_andOnHostPort_echoes() throws Exception {
    List<ErrorContext> messages = messages();
    run(recording(messages), () -> {
      // the handler as a coroutine, on a socket bound beforehand (sock=)
      ServerSocketChannel sock = ServerSocketChannel.open();
      sock.bind(new InetSocketAddress(HOST, 0));
      int port = ((InetSocketAddress) sock.getLocalAddress()).getPort();
      StreamServer server = Streams.startServer(StreamsConformanceTest::echoOneLine, sock, ServerConfig.defaults());
      assertThat(s(createTask(() -> helloClient(Streams.openConnection(HOST, port))).await()))
          .isEqualTo("hello world!\n");
      server.close();
      server.waitClosed();

      // the handler hands the connection to a task of its own (CPython's callback variant); here it awaits that
      // task, since a handler's connection is closed when the handler ends (a documented difference)
      StreamServer second = Streams.startServer(
          (r, w) -> createTask(() -> echoOneLine(r, w)).await(), HOST, 0);
      assertThat(s(createTask(() -> helloClient(Streams.openConnection(HOST, second.port()))).await()))
          .isEqualTo("hello world!\n");
      second.close();
      second.waitClosed();
    });
    assertThat(messages).isEmpty();
  }

  // CPython: test_streams.py StreamTests.test_start_unix_server
  @Test
  void startUnixServer_echoes() throws Exception {
    List<ErrorContext> messages = messages();
    Path path = socketDir.resolve("sock");
    run(recording(messages), () -> {
      StreamServer server = Streams.startUnixServer(StreamsConformanceTest::echoOneLine, path);
      assertThat(s(createTask(() -> helloClient(Streams.openUnixConnection(path))).await()))
          .isEqualTo("hello world!\n");
      server.close();
      server.waitClosed();
      StreamServer second = Streams.startUnixServer((r, w) -> createTask(() -> echoOneLine(r, w)).await(), path);
      assertThat(s(createTask(() -> helloClient(Streams.openUnixConnection(path))).await()))
          .isEqualTo("hello world!\n");
      second.close();
      second.waitClosed();
    });
    assertThat(messages).isEmpty();
  }

  // CPython: test_streams.py StreamTests.test_multiple_drain
  @Test
  void drain_tenTasksWaiting_allResumeWhenWritingResumes() {
    run(() -> {
      BlockingQueue<Boolean> readNow = new ArrayBlockingQueue<>(1);
      StreamServer server = Streams.startServer((r, w) -> {
        dev.concurrency.async.ThreadBridge.toThread(() -> readNow.poll(30, TimeUnit.SECONDS)); // hold off reading
        r.read();
      }, HOST, 0);
      Connection c = Streams.openConnection(HOST, server.port());
      WriteFlow flow = c.writer().transport().flow();
      byte[] block = new byte[64 * 1024];
      while (!flow.isPaused()) { // the kernel buffers fill up first, then ours passes the high-water mark
        c.writer().write(block);
        sleep(Duration.ZERO);
      }
      int[] drained = {0};
      List<AsyncTask<Void>> drainers = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        drainers.add(createTask(() -> {
          c.writer().drain();
          drained[0]++;
        }));
      }
      sleep(Duration.ZERO);
      assertThat(drained[0]).isZero();
      readNow.add(true);
      gather(drainers, /* returnExceptions= */ false).await();
      assertThat(drained[0]).isEqualTo(10);
      c.writer().close();
      server.close();
      server.waitClosed();
    });
  }

  // CPython: test_streams.py StreamTests.test_drain_raises
  @Test
  void drain_peerClosed_throwsInsteadOfLoopingForever() throws Exception {
    List<ErrorContext> messages = messages();
    try (ServerSocketChannel listener = ServerSocketChannel.open()) {
      listener.bind(new InetSocketAddress(HOST, 0));
      Thread peer = Thread.ofPlatform().start(() -> {
        try {
          listener.accept().close(); // at once, without reading
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
      run(recording(messages), () -> {
        Connection c = Streams.openConnection(HOST, port);
        assertThatThrownBy(() -> {
          for (;;) {
            c.writer().write(b("foo\n"));
            c.writer().drain();
          }
        }).isInstanceOf(IOException.class);
      });
      peer.join(10_000);
      assertThat(peer.isAlive()).isFalse();
    }
    assertThat(messages).isEmpty();
  }

  // CPython: test_streams.py StreamTests.test_wait_closed_on_close
  @Test
  void waitClosed_afterClose() throws Exception {
    try (HttpServer httpd = HttpServer.tcp()) {
      run(() -> {
        Connection c = Streams.openConnection(HOST, httpd.port());
        c.writer().write(GET);
        assertThat(s(c.reader().readLine())).isEqualTo("HTTP/1.0 200 OK\r\n");
        assertThat(s(c.reader().read())).endsWith("\r\n\r\nTest message");
        assertThat(c.writer().isClosing()).isFalse();
        c.writer().close();
        assertThat(c.writer().isClosing()).isTrue();
        c.writer().waitClosed();
      });
    }
  }

  // CPython: test_streams.py StreamTests.test_wait_closed_on_close_with_unread_data
  @Test
  void waitClosed_afterCloseWithUnreadData() throws Exception {
    try (HttpServer httpd = HttpServer.tcp()) {
      run(() -> {
        Connection c = Streams.openConnection(HOST, httpd.port());
        c.writer().write(GET);
        assertThat(s(c.reader().readLine())).isEqualTo("HTTP/1.0 200 OK\r\n");
        c.writer().close();
        c.writer().waitClosed();
      });
    }
  }

  // CPython: test_streams.py StreamTests.test_async_writer_api
  @Test
  void writerApi_writeReadCloseWaitClosed_noErrors() throws Exception {
    List<ErrorContext> messages = messages();
    try (HttpServer httpd = HttpServer.tcp()) {
      run(recording(messages), () -> {
        Connection c = Streams.openConnection(HOST, httpd.port());
        requestAndReadReply(c);
        c.writer().waitClosed();
      });
    }
    assertThat(messages).isEmpty();
  }

  // CPython: test_streams.py StreamTests.test_async_writer_api_exception_after_close
  @Test
  void writeAfterClose_isIgnored_drainThrowsConnectionLost() throws Exception {
    List<ErrorContext> messages = messages();
    try (HttpServer httpd = HttpServer.tcp()) {
      run(recording(messages), () -> {
        Connection c = Streams.openConnection(HOST, httpd.port());
        requestAndReadReply(c); // ends with close()
        c.writer().write(b("data")); // no error: asyncio ignores it
        assertThatThrownBy(() -> c.writer().drain())
            .isInstanceOf(SocketException.class).hasMessageContaining("Connection lost");
      });
    }
    assertThat(messages).isEmpty();
  }

  // CPython: test_streams.py StreamTests.test_eof_feed_when_closing_writer
  @Test
  void closingTheWriter_feedsEofToTheReader() throws Exception {
    List<ErrorContext> messages = messages();
    try (HttpServer httpd = HttpServer.tcp()) {
      run(recording(messages), () -> {
        Connection c = Streams.openConnection(HOST, httpd.port());
        c.writer().close();
        c.writer().waitClosed();
        assertThat(c.reader().atEof()).isTrue();
        assertThat(c.reader().read()).isEmpty();
      });
    }
    assertThat(messages).isEmpty();
  }

  /** CPython's {@code _basetest_unhandled_exceptions}: one client, then the server shuts down. */
  private static List<ErrorContext> serveOneClient(ClientHandler handler) {
    List<ErrorContext> messages = messages();
    run(recording(messages), () -> {
      StreamServer server = Streams.startServer(handler, "localhost", 0);
      server.startServing();
      Connection c = Streams.openConnection("localhost", server.port());
      c.writer().write(b("test msg"));
      c.writer().drain();
      c.writer().close();
      c.writer().waitClosed();
      server.close();
      server.waitClosed();
    });
    return messages;
  }

  // CPython: test_streams.py StreamTests.test_unhandled_exception
  @Test
  void handlerThrows_reportedAsUnhandledException() {
    List<ErrorContext> messages = serveOneClient((r, w) -> {
      throw new IllegalStateException("test");
    });
    assertThat(messages).isNotEmpty();
    assertThat(messages.get(0).message()).startsWith("Unhandled exception in client_connected_cb");
    assertThat(messages.get(0).exception()).hasMessage("test");
  }

  // CPython: test_streams.py StreamTests.test_unhandled_cancel
  @Test
  void handlerCancelsItself_nothingReported() {
    List<ErrorContext> messages = serveOneClient((r, w) -> {
      w.close();
      AsyncTask<?> me = currentTask();
      me.cancel();
      sleep(Duration.ZERO); // the cancellation takes effect at this await
    });
    assertThat(messages).isEmpty();
  }
}
