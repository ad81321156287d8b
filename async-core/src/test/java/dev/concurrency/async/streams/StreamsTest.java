package dev.concurrency.async.streams;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.getRunningLoop;
import static dev.concurrency.async.AsyncIO.run;
import static dev.concurrency.async.AsyncIO.sleep;
import static dev.concurrency.async.streams.Streams.openConnection;
import static dev.concurrency.async.streams.Streams.startServer;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.async.AsyncFuture;
import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.ErrorContext;
import dev.concurrency.async.EventLoop;
import dev.concurrency.async.VirtualClock;
import dev.concurrency.async.sync.AsyncEvent;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Real sockets on loopback; every test is bounded. */
@Timeout(30)
final class StreamsTest {

  private static final String HOST = "127.0.0.1";

  private static byte[] b(String s) {
    return s.getBytes(US_ASCII);
  }

  /** Echoes lines until EOF. */
  private static void echo(StreamReader reader, StreamWriter writer) throws IOException {
    for (byte[] line = reader.readLine(); line.length > 0; line = reader.readLine()) {
      writer.write(line);
      writer.drain();
    }
  }

  @Test
  void openConnection_toEchoServer_linesComeBack() {
    run(() -> {
      StreamServer server = startServer(StreamsTest::echo, HOST, 0);
      assertThat(server.port()).isPositive();
      Connection c = openConnection(HOST, server.port());
      c.writer().write(b("hello\n"));
      c.writer().write(b("world\n"));
      assertThat(new String(c.reader().readLine(), US_ASCII)).isEqualTo("hello\n");
      assertThat(new String(c.reader().readLine(), US_ASCII)).isEqualTo("world\n");
      assertThat(c.writer().peerAddress()).isEqualTo(server.localAddress());
      assertThat(c.writer().localAddress()).isNotNull();
      c.writer().close();
      c.writer().waitClosed();
      assertThat(c.writer().isClosing()).isTrue();
      server.close();
      server.waitClosed();
      assertThat(server.isServing()).isFalse();
      assertThat(server.acceptedCount()).isEqualTo(1);
    });
  }

  // write() after writeEof() is the one write asyncio refuses (RuntimeError); the peer may still send.
  @Test
  void writeEof_halfCloses_peerStillSends_writeAfterIsRefused() {
    run(() -> {
      StreamServer server = startServer((r, w) -> {
        byte[] all = r.read();
        w.write(all);
        w.write(b(" and back"));
      }, HOST, 0);
      Connection c = openConnection(HOST, server.port());
      c.writer().write(b("there"));
      assertThat(c.writer().canWriteEof()).isTrue();
      c.writer().writeEof();
      assertThatThrownBy(() -> c.writer().write(b("late"))).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("after writeEof");
      assertThat(new String(c.reader().read(), US_ASCII)).isEqualTo("there and back");
      c.writer().close();
      server.close();
      server.waitClosed();
    });
  }

  // A close() with data still buffered sends it first; a write in between is still sent (asyncio's order).
  @Test
  void close_withBufferedData_sendsItAll_writeBeforeTheSocketClosesIsSent() {
    int size = 4 * 1024 * 1024;
    run(() -> {
      AsyncFuture<byte[]> received = getRunningLoop().createFuture();
      StreamServer server = startServer((r, w) -> received.setResult(r.read()), HOST, 0);
      Connection c = openConnection(HOST, server.port());
      c.writer().write(new byte[size]); // more than the kernel takes at once: most of it stays buffered
      assertThat(c.writer().writeBufferSize()).isPositive();
      c.writer().close();
      c.writer().write(b("!")); // the socket is not closed yet: this goes into the buffer too
      c.writer().waitClosed();
      byte[] got = received.await();
      assertThat(got).hasSize(size + 1);
      assertThat(got[size]).isEqualTo((byte) '!');
      server.close();
      server.waitClosed();
    });
  }

  // Many concurrent clients; large payloads exercise partial writes, drain() and reader flow control.
  @Test
  void echoServer_manyConcurrentClientsLargePayloads_everyByteComesBack() {
    int clients = 20;
    int size = 300_000;
    run(() -> {
      StreamServer server = startServer((r, w) -> {
        for (byte[] chunk = r.read(8192); chunk.length > 0; chunk = r.read(8192)) {
          w.write(chunk);
          w.drain();
        }
      }, HOST, 0);
      List<AsyncTask<Boolean>> tasks = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        int seed = i;
        tasks.add(createTask(() -> {
          byte[] payload = new byte[size];
          new Random(seed).nextBytes(payload);
          Connection c = openConnection(HOST, server.port());
          AsyncTask<byte[]> reading = createTask(() -> c.reader().readExactly(size));
          for (int off = 0; off < size; off += 10_000) {
            c.writer().write(Arrays.copyOfRange(payload, off, Math.min(size, off + 10_000)));
            c.writer().drain();
          }
          c.writer().writeEof();
          byte[] back = reading.await();
          assertThat(c.reader().read(1)).isEmpty(); // the server closed after our EOF
          c.writer().close();
          return Arrays.equals(payload, back);
        }));
      }
      for (AsyncTask<Boolean> t : tasks) {
        assertThat(t.await()).isTrue();
      }
      server.close();
      server.waitClosed();
      assertThat(server.acceptedCount()).isEqualTo(clients);
    });
  }

  // Flow control: drain() holds a fast writer back until a slow reader catches up; the reader pauses the socket
  @Test
  void drain_slowReader_writerCannotRunAhead_everyByteArrives() {
    int chunk = 64 * 1024;
    int chunks = 256; // 16 MiB: more than the kernel buffers hold while nobody reads (send buffer 4 MiB at most)
    run(() -> {
      boolean[] clientReading = {false};
      boolean[] writerFinishedBeforeClientRead = {false};
      StreamServer server = startServer((r, w) -> {
        byte[] data = new byte[chunk];
        for (int i = 0; i < chunks; i++) {
          Arrays.fill(data, (byte) i);
          w.write(data);
          w.drain();
        }
        writerFinishedBeforeClientRead[0] = !clientReading[0];
      }, HOST, 0);
      Connection c = openConnection(HOST, server.port());
      sleep(Duration.ofMillis(100)); // the server writes meanwhile, until drain() holds it back
      clientReading[0] = true;
      long total = 0;
      int expectedChunk = 0;
      int inChunk = 0;
      for (byte[] got = c.reader().read(chunk); got.length > 0; got = c.reader().read(chunk)) {
        for (byte b : got) {
          assertThat(b).isEqualTo((byte) expectedChunk);
          if (++inChunk == chunk) {
            inChunk = 0;
            expectedChunk++;
          }
        }
        total += got.length;
      }
      assertThat(total).isEqualTo((long) chunk * chunks);
      assertThat(writerFinishedBeforeClientRead[0]).as("drain() let the writer run ahead of the reader").isFalse();
      c.writer().close();
      server.close();
      server.waitClosed();
    });
  }

  // A refused connection is a clear exception naming the address.
  @Test
  void openConnection_nobodyListening_throwsConnectExceptionNamingAddress() throws IOException {
    int freePort;
    try (ServerSocketChannel probe = ServerSocketChannel.open()) {
      probe.bind(new InetSocketAddress(HOST, 0));
      freePort = ((InetSocketAddress) probe.getLocalAddress()).getPort();
    }
    int port = freePort;
    run(() -> {
      assertThatThrownBy(() -> openConnection(HOST, port))
          .isInstanceOf(ConnectException.class)
          .hasMessageContaining("127.0.0.1:" + port)
          .hasMessageContaining("refused");
    });
  }

  // Reset by peer: a plain Java server closes with SO_LINGER 0, which sends RST.
  @Test
  void read_peerResets_throwsSocketExceptionNotHang() throws Exception {
    try (ServerSocket rude = new ServerSocket(0, 50, InetAddress.getByName(HOST))) {
      List<Throwable> serverErrors = new CopyOnWriteArrayList<>();
      Thread server = new Thread(() -> {
        try (Socket s = rude.accept()) {
          s.getInputStream().read(); // wait for the client's first byte
          s.setSoLinger(true, 0);
        } catch (IOException e) {
          serverErrors.add(e);
        }
      });
      server.start();
      try {
        run(() -> {
          Connection c = openConnection(HOST, rude.getLocalPort());
          c.writer().write(b("x"));
          assertThatThrownBy(() -> c.reader().readLine()).isInstanceOf(SocketException.class);
          assertThatThrownBy(() -> c.writer().drain()).isInstanceOf(IOException.class);
        });
      } finally {
        server.join(10_000);
      }
      assertThat(server.isAlive()).isFalse();
      assertThat(serverErrors).isEmpty();
    }
  }

  // readExactly over a socket whose peer closes early: the partial data comes with the exception.
  @Test
  void readExactly_peerClosesEarly_incompleteReadWithPartial() {
    run(() -> {
      StreamServer server = startServer((r, w) -> w.write(b("only")), HOST, 0);
      Connection c = openConnection(HOST, server.port());
      assertThatThrownBy(() -> c.reader().readExactly(100))
          .isInstanceOfSatisfying(IncompleteReadException.class,
              e -> assertThat(new String(e.partial(), US_ASCII)).isEqualTo("only"));
      c.writer().close();
      server.close();
      server.waitClosed();
    });
  }

  // close() leaves running handlers alone (they finish their writes quietly); closeClients() ends them cleanly.
  @Test
  void serverClose_handlersFinishTheirWrites_closeClientsEndsIdleOnes() {
    List<ErrorContext> reported = new CopyOnWriteArrayList<>();
    run(EventLoop.builder().exceptionHandler((loop, ctx) -> reported.add(ctx)), () -> {
      List<String> ended = new ArrayList<>();
      AsyncEvent closed = new AsyncEvent();
      StreamServer server = startServer((r, w) -> {
        w.write(b("welcome\n"));
        closed.await();
        w.write(b("still here after the server closed\n")); // not an error: the connection is open
        w.drain();
        byte[] got = r.readLine(); // waits until closeClients() ends the connection
        ended.add(got.length == 0 ? "eof" : "data");
      }, HOST, 0);
      List<Connection> conns = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Connection c = openConnection(HOST, server.port());
        assertThat(new String(c.reader().readLine(), US_ASCII)).isEqualTo("welcome\n");
        conns.add(c);
      }
      server.close();
      closed.set();
      for (Connection c : conns) {
        assertThat(new String(c.reader().readLine(), US_ASCII)).isEqualTo("still here after the server closed\n");
      }
      assertThatThrownBy(() -> openConnection(HOST, server.port())).isInstanceOf(ConnectException.class);
      AsyncTask<Void> waiting = createTask(server::waitClosed);
      sleep(Duration.ofMillis(50));
      assertThat(waiting.done()).as("waitClosed() waits for the open connections").isFalse();
      server.closeClients();
      waiting.await();
      assertThat(ended).containsExactly("eof", "eof", "eof");
      for (Connection c : conns) {
        assertThat(c.reader().read(10)).isEmpty();
        c.writer().close();
        c.writer().waitClosed();
      }
      assertThat(server.toString()).contains("closed");
    });
    assertThat(reported).isEmpty();
  }

  // 3.13 Server.abort_clients: a client that never reads cannot hold the shutdown; the handler's drain() fails.
  @Test
  void abortClients_clientStopsReading_handlerDrainFails_waitClosedReturns() {
    List<String> reported = new CopyOnWriteArrayList<>();
    run(EventLoop.builder().exceptionHandler((loop, ctx) -> reported.add(String.valueOf(ctx.exception()))), () -> {
      boolean[] writing = {false};
      StreamServer server = startServer((r, w) -> {
        byte[] data = new byte[64 * 1024];
        for (;;) { // until drain() fails: the client never reads
          w.write(data);
          writing[0] = true;
          w.drain();
        }
      }, HOST, 0);
      Connection c = openConnection(HOST, server.port());
      while (!writing[0]) {
        sleep(Duration.ofMillis(1));
      }
      sleep(Duration.ofMillis(50)); // let the kernel buffers fill: the handler now waits in drain()
      server.close();
      server.abortClients();
      server.waitClosed();
      assertThat(server.isServing()).isFalse();
      c.writer().abort();
      sleep(Duration.ZERO);
      assertThatThrownBy(() -> c.writer().drain()).isInstanceOf(SocketException.class)
          .hasMessageContaining("Connection lost");
      c.reader().read(); // what had arrived, then EOF: an aborted connection's reader ends, as asyncio's, no error
      assertThat(c.reader().atEof()).isTrue();
      assertThat(c.reader().exception()).isNull();
      c.writer().write(b("ignored after abort"));
    });
    assertThat(reported).anyMatch(m -> m.contains("Connection lost"));
  }

  // A server not yet serving already listens (the JDK binds and listens at once): a client's connect succeeds in
  // the kernel's backlog, and its handler runs once the server serves (asyncio refuses such a client).
  @Test
  void startServingFalse_clientsWaitInTheBacklog_servedOnceServing() {
    run(() -> {
      StreamServer server = startServer((r, w) -> w.write(b("served")), HOST, 0,
          ServerConfig.defaults().withStartServing(false));
      Connection c = openConnection(HOST, server.port());
      AsyncTask<byte[]> reading = createTask(() -> c.reader().read());
      sleep(Duration.ofMillis(50));
      assertThat(server.acceptedCount()).isZero();
      assertThat(reading.done()).isFalse();
      server.startServing();
      assertThat(new String(reading.await(), US_ASCII)).isEqualTo("served");
      assertThat(server.acceptedCount()).isEqualTo(1);
      c.writer().close();
      server.close();
      server.waitClosed();
    });
  }

  // accept() failing for lack of resources (too many open files) is reported once and accepting pauses for the
  // named delay, instead of spinning on a readiness that cannot be served; then the waiting client is served.
  @Test
  void acceptFails_reportedThenAcceptingPausesOneSecond_thenServes() {
    List<ErrorContext> reported = new CopyOnWriteArrayList<>();
    VirtualClock clock = VirtualClock.autoAdvancing();
    run(EventLoop.builder().clock(clock).exceptionHandler((loop, ctx) -> reported.add(ctx)), () -> {
      StreamServer server = startServer((r, w) -> w.write(b("served")), HOST, 0);
      int[] attempts = {0};
      server.acceptWith(ch -> {
        if (attempts[0]++ == 0) {
          throw new IOException("Too many open files");
        }
        return ch.accept();
      });
      long before = getRunningLoop().time();
      Connection c = openConnection(HOST, server.port());
      assertThat(new String(c.reader().read(), US_ASCII)).isEqualTo("served");
      assertThat(getRunningLoop().time() - before)
          .isGreaterThanOrEqualTo(StreamServer.ACCEPT_RETRY_DELAY.toNanos());
      assertThat(reported).singleElement().satisfies(ctx -> {
        assertThat(ctx.message()).contains("out of system resource").contains("1 s");
        assertThat(ctx.exception()).hasMessage("Too many open files");
      });
      c.writer().close();
      server.close();
      server.waitClosed();
    });
  }

  // A host name that does not resolve is an UnknownHostException (asyncio: socket.gaierror), not a wrapper.
  @Test
  void openConnection_unknownHost_throwsUnknownHostException() {
    run(() -> {
      assertThatThrownBy(() -> openConnection("no-such-host.invalid", 80))
          .isInstanceOf(java.net.UnknownHostException.class).hasMessageContaining("no-such-host.invalid");
    });
  }

  // A null or empty host listens on every interface, as asyncio's None or "".
  @Test
  void startServer_nullHost_listensOnEveryInterface() {
    run(() -> {
      StreamServer server = startServer((r, w) -> w.write(b("hi")), null, 0);
      assertThat(((InetSocketAddress) server.localAddress()).getAddress().isAnyLocalAddress()).isTrue();
      Connection c = openConnection(HOST, server.port());
      assertThat(c.reader().readExactly(2)).isEqualTo(b("hi"));
      c.writer().close();
      server.close();
      server.waitClosed();
    });
  }

  // The loop closes the sockets left open when it closes (Java has no destructor to do it, as CPython's __del__).
  @Test
  void loopClose_closesSocketsLeftOpen_peerSeesEof() throws Exception {
    try (ServerSocketChannel listener = ServerSocketChannel.open()) {
      listener.bind(new InetSocketAddress(HOST, 0));
      int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
      run(() -> {
        openConnection(HOST, port); // never closed by the task
      });
      try (SocketChannel accepted = listener.accept()) {
        assertThat(accepted.read(java.nio.ByteBuffer.allocate(1))).isEqualTo(-1);
      }
    }
  }

  // Once a stream uses the loop's selector, the idle wait is a select: a thread-safe call must still wake it
  @Test
  void selectingLoop_threadsafeCallsAndTimersStillWakeIt() {
    run(() -> {
      StreamServer server = startServer((r, w) -> { }, HOST, 0); // the loop now selects when idle
      assertThat(dev.concurrency.async.ThreadBridge.toThread(() -> "from a thread")).isEqualTo("from a thread");
      long before = System.nanoTime();
      sleep(Duration.ofMillis(20)); // a timed select
      assertThat(System.nanoTime() - before).isGreaterThanOrEqualTo(20_000_000L);
      server.close();
      server.waitClosed();
    });
  }

  // A handler that fails goes to the exception handler and only its own connection is closed.
  @Test
  void handlerThrows_reportedToExceptionHandler_connectionClosed() {
    List<String> reported = new CopyOnWriteArrayList<>();
    run(EventLoop.builder().exceptionHandler((loop, ctx) -> reported.add(ctx.message())), () -> {
      StreamServer server = startServer((r, w) -> {
        throw new IllegalStateException("handler bug");
      }, HOST, 0);
      Connection c = openConnection(HOST, server.port());
      assertThat(c.reader().read(-1)).isEmpty();
      server.close();
      server.waitClosed();
      c.writer().close();
    });
    assertThat(reported).anyMatch(m -> m.startsWith("Unhandled exception in client_connected_cb"));
  }

  @Test
  void startServer_portInUse_throwsBindException_hostNamesResolve() {
    run(() -> {
      StreamServer first = startServer((r, w) -> { }, HOST, 0);
      assertThatThrownBy(() -> startServer((r, w) -> { }, HOST, first.port()))
          .isInstanceOf(BindException.class);
      StreamServer byName = startServer((r, w) -> w.write(b("hi")), "localhost", 0);
      Connection c = openConnection("localhost", byName.port());
      assertThat(c.reader().readExactly(2)).isEqualTo(b("hi"));
      c.writer().close();
      first.close();
      byName.close();
      byName.waitClosed();
      assertThatThrownBy(() -> openConnection(HOST, 70000)).isInstanceOf(IllegalArgumentException.class);
    });
    assertThatThrownBy(() -> openConnection(HOST, 1)).isInstanceOf(IllegalStateException.class);
  }
}
