package dev.concurrency.benchmarks.jdk;

import static dev.concurrency.benchmarks.workload.Workload.check;

import dev.concurrency.benchmarks.workload.EchoDriver;
import dev.concurrency.benchmarks.workload.EchoLoad;
import dev.concurrency.benchmarks.workload.Figure;
import dev.concurrency.benchmarks.workload.Scale;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * E8 on the JDK alone: a blocking echo server with a virtual thread per connection ({@link ServerSocket},
 * {@code read}, {@code write}), the plain-Java way to write it since JDK 21, driven by the same {@link EchoLoad}
 * clients as every other system. Stateless and thread-safe; each run joins every thread it started.
 */
final class VirtualThreadEcho {

  private static final int READ_SIZE = 64 * 1024;

  private VirtualThreadEcho() {}

  /** E8: the generator's 100 clients against a virtual-thread-per-connection server. */
  static List<Figure> echo(Scale scale) throws IOException, InterruptedException {
    EchoLoad.Sizes sizes = EchoLoad.Sizes.of(scale);
    AtomicLong echoed = new AtomicLong();
    ConcurrentLinkedQueue<IOException> failures = new ConcurrentLinkedQueue<>();
    List<Figure> figures;
    ExecutorService connections = Executors.newVirtualThreadPerTaskExecutor();
    ServerSocket server = new ServerSocket(0, sizes.clients(), InetAddress.getLoopbackAddress());
    Thread acceptor = Thread.ofVirtual().name("echo-acceptor").start(() -> {
      try {
        while (true) {
          Socket socket = server.accept();
          connections.execute(() -> serve(socket, echoed, failures));
        }
      } catch (SocketException closed) {
        // the server socket was closed: the run is over
      } catch (IOException e) {
        failures.add(e);
      }
    });
    try {
      figures = EchoDriver.drive(server.getLocalPort(), sizes);
    } finally {
      server.close(); // ends the acceptor
      acceptor.join();
      connections.close(); // waits for the connections' threads: the client has closed every socket
    }
    check(failures.isEmpty(), "E8: the server failed: " + failures);
    check(echoed.get() == sizes.totalBytes(), "E8: the server echoed " + echoed + " bytes of " + sizes.totalBytes());
    return figures;
  }

  private static void serve(Socket socket, AtomicLong echoed, ConcurrentLinkedQueue<IOException> failures) {
    try (socket) {
      socket.setTcpNoDelay(true);
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      byte[] buffer = new byte[READ_SIZE];
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        out.write(buffer, 0, n);
        echoed.addAndGet(n);
      }
    } catch (IOException e) {
      failures.add(e);
    }
  }
}
