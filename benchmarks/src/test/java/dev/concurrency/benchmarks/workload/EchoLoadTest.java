package dev.concurrency.benchmarks.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The shared E8 client generator against small blocking servers: an honest one, a lying one, a rude one. */
@Timeout(60)
final class EchoLoadTest {

  private static final EchoLoad.Sizes SMALL = new EchoLoad.Sizes(4, 30, 5, 100);

  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<Throwable> serverFailures = new ConcurrentLinkedQueue<>();
  private ServerSocket server;

  @AfterEach
  void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(serverFailures).isEmpty();
  }

  @Test
  void run_honestServer_verifiesEveryByteAndCountsOnlyTimedRoundTrips() throws Exception {
    int port = serve(b -> b, Integer.MAX_VALUE);

    EchoLoad.Result result = EchoLoad.run(new InetSocketAddress("127.0.0.1", port), SMALL);

    assertThat(result.requests()).isEqualTo(4 * 30);
    assertThat(result.bytesVerified()).isEqualTo(SMALL.totalBytes()).isEqualTo(4L * 35 * 100);
    assertThat(result.requestsPerSecond()).isPositive().isFinite();
    assertThat(result.lines()).hasSize(3).first().asString().startsWith("requests_per_s\t");
  }

  @Test
  void run_noWarmup_startsTheClockAtOnce() throws Exception {
    int port = serve(b -> b, Integer.MAX_VALUE);

    EchoLoad.Result result = EchoLoad.run(new InetSocketAddress("127.0.0.1", port), new EchoLoad.Sizes(2, 10, 0, 8));

    assertThat(result.bytesVerified()).isEqualTo(2 * 10 * 8);
  }

  @Test
  void run_serverChangesAByte_failsNamingTheClientAndRound() throws Exception {
    int port = serve(b -> b == 42 ? 43 : b, Integer.MAX_VALUE);

    assertThatThrownBy(() -> EchoLoad.run(new InetSocketAddress("127.0.0.1", port), SMALL))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("came back wrong");
  }

  @Test
  void run_serverHangsUpEarly_failsSayingSo() throws Exception {
    int port = serve(b -> b, 250); // each connection closes after 250 bytes: in the third round trip

    assertThatThrownBy(() -> EchoLoad.run(new InetSocketAddress("127.0.0.1", port), SMALL))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed client")
        .hasMessageContaining("round 2");
  }

  @Test
  void sizes_nonPositive_areRejectedWithTheValues() {
    assertThatThrownBy(() -> new EchoLoad.Sizes(0, 1, 0, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 clients");
    assertThatThrownBy(() -> new EchoLoad.Sizes(1, 1, -1, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1 warm-up");
    assertThat(EchoLoad.Sizes.of(Scale.FULL).clients()).isEqualTo(100);
    assertThat(EchoLoad.Sizes.of(Scale.FULL).size()).isEqualTo(100);
  }

  /**
   * Starts a blocking echo server that maps every byte through {@code change} and closes each connection after
   * {@code limit} bytes; returns its port.
   */
  private int serve(IntUnaryOperator change, int limit) throws IOException {
    server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    threads.add(Thread.ofVirtual().start(() -> {
      try {
        while (true) {
          Socket socket = server.accept();
          threads.add(Thread.ofVirtual().start(() -> echo(socket, change, limit)));
        }
      } catch (SocketException closed) {
        // the test is over
      } catch (IOException e) {
        serverFailures.add(e);
      }
    }));
    return server.getLocalPort();
  }

  private void echo(Socket socket, IntUnaryOperator change, int limit) {
    try (socket) {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      byte[] buffer = new byte[256];
      int left = limit;
      for (int n = in.read(buffer, 0, Math.min(buffer.length, left)); n > 0; ) {
        for (int i = 0; i < n; i++) {
          buffer[i] = (byte) change.applyAsInt(buffer[i]);
        }
        out.write(buffer, 0, n);
        left -= n;
        if (left == 0) {
          socket.shutdownOutput(); // a clean end of stream for the client, then read until it gives up
          in.transferTo(OutputStream.nullOutputStream());
          break;
        }
        n = in.read(buffer, 0, Math.min(buffer.length, left));
      }
    } catch (SocketException reset) {
      // the client failed on purpose and closed its side
    } catch (IOException e) {
      serverFailures.add(e);
    }
  }
}
