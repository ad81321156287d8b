package dev.concurrency.async.streams;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.getRunningLoop;
import static dev.concurrency.async.AsyncIO.run;
import static dev.concurrency.async.AsyncIO.sleep;
import static dev.concurrency.async.streams.StreamTesting.HOST;
import static dev.concurrency.async.streams.StreamTesting.b;
import static dev.concurrency.async.streams.StreamTesting.messages;
import static dev.concurrency.async.streams.StreamTesting.recording;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.async.AsyncFuture;
import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.CancelledError;
import dev.concurrency.async.ErrorContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** CPython's test_server.py (3.13, and 3.14's {@code test_close_race}): servers over real sockets. */
@Timeout(60)
final class ServerConformanceTest {

  /** Where a test's Unix domain socket lives; JUnit removes it after each test. */
  @TempDir Path socketDir;

  /** What the handler of test_start_server_1 does: read a line, cancel the serving task, answer "1", close. */
  private static ClientHandler cancelMainAndAnswer(AsyncTask<?>[] main) {
    return (reader, writer) -> {
      reader.readLine();
      main[0].cancel();
      writer.write(b("1"));
      writer.close();
      writer.waitClosed();
    };
  }

  /** The blocking client of test_start_server_1, on its own thread: a 5 KiB line, then one byte back. */
  private static Thread blockingClient(SocketAddress address, CountDownLatch serving, AtomicReference<byte[]> got) {
    return Thread.ofPlatform().name("test-client").start(() -> {
      try {
        assertThat(serving.await(30, TimeUnit.SECONDS)).isTrue();
        try (SocketChannel sock = SocketChannel.open(address)) {
          byte[] hello = new byte[5 * 1024 + 1];
          Arrays.fill(hello, (byte) '1');
          hello[hello.length - 1] = '\n';
          sock.write(ByteBuffer.wrap(hello));
          ByteBuffer one = ByteBuffer.allocate(1);
          while (one.hasRemaining() && sock.read(one) >= 0) {
            // until the one byte arrives
          }
          got.set(Arrays.copyOf(one.array(), one.position()));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  /** Python's {@code async with srv: body}: the body, then close() and waitClosed() on every way out. */
  private static void asyncWith(StreamServer srv, dev.concurrency.async.AsyncRunnable body) throws Exception {
    try {
      body.run();
    } finally {
      srv.close();
      srv.waitClosed();
    }
  }

  /** How test_start_server_1 ends: the serving task cancelled, the server closed for good. */
  private static void assertCancelledAndClosed(AsyncTask<?> main, StreamServer srv) {
    assertThatThrownBy(main::await).isInstanceOf(CancelledError.class);
    assertThat(srv.sockets()).isEmpty();
    assertThat(srv.isServing()).isFalse();
    assertThatThrownBy(srv::serveForever).isInstanceOf(IllegalStateException.class).hasMessageContaining("is closed");
  }

  // CPython: test_server.py BaseStartServer.test_start_server_1
  @Test
  void serveForever_cancelledByAHandler_closesTheServer() throws Exception {
    CountDownLatch serving = new CountDownLatch(1);
    AtomicReference<byte[]> got = new AtomicReference<>();
    Thread[] client = new Thread[1];
    run(() -> {
      AsyncTask<?>[] main = new AsyncTask<?>[1];
      StreamServer srv = Streams.startServer(cancelMainAndAnswer(main), HOST, 0,
          ServerConfig.defaults().withStartServing(false));
      assertThat(srv.isServing()).isFalse();
      client[0] = blockingClient(srv.localAddress(), serving, got);
      main[0] = createTask(() -> asyncWith(srv, () -> {
        serving.countDown();
        srv.serveForever();
      }));
      assertCancelledAndClosed(main[0], srv);
    });
    client[0].join(30_000);
    assertThat(got.get()).isEqualTo(b("1"));
  }

  // CPython: test_server.py SelectorStartServerTests.test_start_unix_server_1
  @Test
  void unixServer_startServingThenServeForever_cancelledByAHandler() throws Exception {
    Path path = socketDir.resolve("sock");
    CountDownLatch started = new CountDownLatch(1);
    AtomicReference<byte[]> got = new AtomicReference<>();
    Thread client = blockingClient(UnixDomainSocketAddress.of(path), started, got);
    run(() -> {
      AsyncTask<?>[] main = new AsyncTask<?>[1];
      StreamServer srv = Streams.startUnixServer(cancelMainAndAnswer(main), path,
          ServerConfig.defaults().withStartServing(false));
      main[0] = createTask(() -> asyncWith(srv, () -> {
        assertThat(srv.isServing()).isFalse();
        srv.startServing();
        assertThat(srv.isServing()).isTrue();
        started.countDown();
        srv.serveForever();
      }));
      assertCancelledAndClosed(main[0], srv);
    });
    client.join(30_000);
    assertThat(got.get()).isEqualTo(b("1"));
  }

  /** The handler of the wait_closed tests: read to EOF, then close and wait. */
  private static void readThenClose(StreamReader rd, StreamWriter wr) throws IOException {
    try {
      rd.read();
    } finally {
      wr.close();
      wr.waitClosed();
    }
  }

  // CPython: test_server.py TestServer2.test_wait_closed_basic
  @Test
  void waitClosed_blocksUntilClosedAndEveryConnectionGone() {
    run(() -> {
      StreamServer srv = Streams.startServer(ServerConformanceTest::readThenClose, HOST, 0);
      AsyncTask<Void> task1 = createTask(srv::waitClosed); // no connection, not closed: blocks
      sleep(Duration.ZERO);
      assertThat(task1.done()).isFalse();

      Connection c = Streams.openConnection(HOST, srv.port()); // a connection, not closed: blocks
      AsyncTask<Void> task2 = createTask(srv::waitClosed);
      sleep(Duration.ZERO);
      assertThat(task1.done()).isFalse();
      assertThat(task2.done()).isFalse();

      srv.close(); // closed, a connection still open: blocks
      sleep(Duration.ZERO);
      AsyncTask<Void> task3 = createTask(srv::waitClosed);
      sleep(Duration.ZERO);
      assertThat(task1.done()).isFalse();
      assertThat(task2.done()).isFalse();
      assertThat(task3.done()).isFalse();

      c.writer().close(); // the handler sees EOF, closes its side: no connection left
      c.writer().waitClosed();
      task1.await();
      task2.await();
      task3.await();
      AsyncTask<Void> task4 = createTask(srv::waitClosed);
      sleep(Duration.ZERO);
      assertThat(task4.done()).as("waitClosed() on a closed, empty server returns at once").isTrue();
    });
  }

  // CPython: test_server.py TestServer2.test_wait_closed_race
  @Test
  void waitClosed_serverAndClientClosedInTheSameTick() {
    run(() -> {
      StreamServer srv = Streams.startServer(ServerConformanceTest::readThenClose, HOST, 0);
      AsyncTask<Void> task = createTask(srv::waitClosed);
      sleep(Duration.ZERO);
      assertThat(task.done()).isFalse();
      Connection c = Streams.openConnection(HOST, srv.port());
      getRunningLoop().callSoon(srv::close);
      getRunningLoop().callSoon(c.writer()::close);
      srv.waitClosed();
      task.await();
    });
  }

  /** The end of test_close_clients and test_abort_clients: a waitClosed() task is done two ticks after the end. */
  private static void closeThenEndClients_waitClosedDoneTwoTicksLater(StreamServer srv, Runnable endClients) {
    AsyncTask<Void> task = createTask(srv::waitClosed);
    sleep(Duration.ZERO);
    assertThat(task.done()).isFalse();
    srv.close();
    endClients.run();
    sleep(Duration.ZERO);
    sleep(Duration.ZERO);
    assertThat(task.done()).isTrue();
  }

  // CPython: test_server.py TestServer2.test_close_clients
  @Test
  void closeClients_waitClosedDoneTwoTicksLater() {
    run(() -> {
      StreamServer srv = Streams.startServer(ServerConformanceTest::readThenClose, HOST, 0);
      Connection c = Streams.openConnection(HOST, srv.port());
      while (srv.acceptedCount() == 0) { // the server's accept runs when the loop next polls
        sleep(Duration.ZERO);
      }
      closeThenEndClients_waitClosedDoneTwoTicksLater(srv, srv::closeClients);
      c.writer().close();
    });
  }

  // CPython: test_server.py TestServer2.test_abort_clients
  @Test
  void abortClients_writerStuckOnAReaderThatStopped_waitClosedDoneTwoTicksLater() {
    run(() -> {
      AsyncFuture<StreamWriter> fut = getRunningLoop().createFuture();
      StreamServer srv = Streams.startServer((rd, wr) -> {
        fut.setResult(wr);
        wr.waitClosed();
      }, HOST, 0);
      Connection c = Streams.openConnection(HOST, srv.port(), 4096);
      StreamWriter sWr = fut.await();
      SocketChannel sSock = ((SocketTransport) sWr.transport()).channel();
      SocketChannel cSock = ((SocketTransport) c.writer().transport()).channel();
      sSock.setOption(StandardSocketOptions.SO_SNDBUF, 65536); // small buffers fill up reliably
      cSock.setOption(StandardSocketOptions.SO_RCVBUF, 65536);

      // more than twice the client's limit: its reader pauses its transport
      sWr.write(new byte[4096]);
      sWr.write(new byte[4096]);
      sWr.write(new byte[4096]);
      ReadTransport clientTransport = (SocketTransport) c.writer().transport();
      while (clientTransport.isReading()) {
        sleep(Duration.ZERO);
      }
      // then until the kernel takes no more and the server's own buffer fills
      int cBufSize = cSock.getOption(StandardSocketOptions.SO_RCVBUF);
      int sBufSize = sSock.getOption(StandardSocketOptions.SO_SNDBUF);
      for (int i = 0; i < 10 && sWr.writeBufferSize() == 0; i++) {
        sWr.write(new byte[cBufSize]);
        sWr.write(new byte[sBufSize]);
      }
      assertThat(sWr.writeBufferSize()).isNotZero();

      closeThenEndClients_waitClosedDoneTwoTicksLater(srv, srv::abortClients);
      c.writer().close();
    });
  }

  // CPython: test_server.py TestServer2.test_close_race (3.14)
  @Test
  void close_whileAConnectionWaitsToBeAccepted_noErrorAndWaitClosedReturns() {
    List<ErrorContext> messages = messages();
    run(recording(messages), () -> {
      StreamServer srv = Streams.startServer((r, w) -> { }, HOST, 0);
      AsyncTask<@Nullable Connection> conn = createTask(() -> {
        try {
          return Streams.openConnection(HOST, srv.port());
        } catch (IOException e) {
          return null; // the kernel may reset a connection still in the closed socket's backlog
        }
      });
      sleep(Duration.ZERO); // the client connects; the server's accept readiness is pending in the selector
      srv.close();
      Connection c = conn.await();
      if (c != null) {
        c.writer().close();
      }
      srv.waitClosed();
      assertThat(srv.acceptedCount()).isZero();
    });
    assertThat(messages).isEmpty();
  }

  // CPython: test_server.py UnixServerCleanupTests.test_unix_server_addr_cleanup
  @Test
  void unixServer_close_removesItsSocketFile() throws Exception {
    Path addr = socketDir.resolve("sock");
    run(() -> {
      StreamServer srv = Streams.startUnixServer((r, w) -> { }, addr);
      assertThat(Files.exists(addr)).isTrue();
      srv.close();
      assertThat(Files.exists(addr)).isFalse();
    });
  }

  // CPython: test_server.py UnixServerCleanupTests.test_unix_server_sock_cleanup
  @Test
  void unixServer_onABoundSocket_closeRemovesTheFile() throws Exception {
    Path addr = socketDir.resolve("sock");
    run(() -> {
      ServerSocketChannel sock = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      sock.bind(UnixDomainSocketAddress.of(addr));
      StreamServer srv = Streams.startServer((r, w) -> { }, sock, ServerConfig.defaults());
      srv.close();
      assertThat(Files.exists(addr)).isFalse();
    });
  }

  // CPython: test_server.py UnixServerCleanupTests.test_unix_server_cleanup_gone
  @Test
  void unixServer_fileRemovedByOthers_closeIsQuiet() throws Exception {
    Path addr = socketDir.resolve("sock");
    List<ErrorContext> messages = messages();
    run(recording(messages), () -> {
      ServerSocketChannel sock = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      sock.bind(UnixDomainSocketAddress.of(addr));
      StreamServer srv = Streams.startServer((r, w) -> { }, sock, ServerConfig.defaults());
      Files.delete(addr);
      srv.close();
      assertThat(Files.exists(addr)).isFalse();
    });
    assertThat(messages).isEmpty();
  }

  // CPython: test_server.py UnixServerCleanupTests.test_unix_server_cleanup_replaced
  @Test
  void unixServer_fileReplacedByAnotherSocket_closeLeavesTheirs() throws Exception {
    Path addr = socketDir.resolve("sock");
    run(() -> {
      StreamServer srv = Streams.startUnixServer((r, w) -> { }, addr);
      Files.delete(addr);
      try (ServerSocketChannel theirs = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
        theirs.bind(UnixDomainSocketAddress.of(addr));
        srv.close();
        assertThat(Files.exists(addr)).isTrue();
      }
    });
  }

  // CPython: test_server.py UnixServerCleanupTests.test_unix_server_cleanup_prevented
  @Test
  void unixServer_cleanupSocketOff_fileStays() throws Exception {
    Path addr = socketDir.resolve("sock");
    run(() -> {
      StreamServer srv = Streams.startUnixServer((r, w) -> { }, addr,
          ServerConfig.defaults().withCleanupSocket(false));
      srv.close();
      assertThat(Files.exists(addr)).isTrue();
    });
  }

  // A stale socket file (a server that died without cleaning up) is replaced; an unrelated file is not touched.
  @Test
  void unixServer_staleSocketFileReplaced_regularFileRefused() throws Exception {
    Path addr = socketDir.resolve("sock");
    ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    dead.bind(UnixDomainSocketAddress.of(addr));
    dead.close(); // the file stays behind
    assertThat(Files.exists(addr)).isTrue();
    Path regular = addr.resolveSibling("not-a-socket");
    Files.writeString(regular, "keep me");
    run(() -> {
      StreamServer srv = Streams.startUnixServer((r, w) -> w.write(b("hi")), addr);
      Connection c = Streams.openUnixConnection(addr);
      assertThat(c.reader().readExactly(2)).isEqualTo(b("hi"));
      c.writer().close();
      srv.close();
      srv.waitClosed();
      assertThatThrownBy(() -> Streams.startUnixServer((r, w) -> { }, regular))
          .isInstanceOf(java.net.BindException.class).hasMessageContaining("already in use");
    });
    assertThat(Files.readString(regular)).isEqualTo("keep me");
  }

  // One task serves forever at a time; a second is refused with a message that says so.
  @Test
  void serveForever_twice_secondIsRefused() {
    run(() -> {
      StreamServer srv = Streams.startServer((r, w) -> { }, HOST, 0);
      AsyncTask<Void> first = createTask(srv::serveForever);
      sleep(Duration.ZERO);
      assertThatThrownBy(srv::serveForever).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already being awaited");
      srv.close(); // ends the first with CancelledError, as asyncio's close() cancels serve_forever
      assertThatThrownBy(first::await).isInstanceOf(CancelledError.class);
      srv.waitClosed();
    });
  }

  @Test
  void sockets_andAddresses() {
    run(() -> {
      StreamServer srv = Streams.startServer((r, w) -> { }, HOST, 0);
      assertThat(srv.sockets()).containsExactly(srv.localAddress());
      assertThat(((InetSocketAddress) srv.localAddress()).getPort()).isEqualTo(srv.port());
      assertThat(srv.getLoop()).isSameAs(getRunningLoop());
      srv.close();
      assertThat(srv.sockets()).isEmpty();
      assertThat(srv.toString()).contains("closed");
      srv.waitClosed();
    });
  }
}
