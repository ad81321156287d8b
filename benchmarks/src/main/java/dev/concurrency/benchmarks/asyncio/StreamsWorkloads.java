package dev.concurrency.benchmarks.asyncio;

import static dev.concurrency.async.AsyncIO.run;
import static dev.concurrency.async.ThreadBridge.toThread;
import static dev.concurrency.async.streams.Streams.startServer;
import static dev.concurrency.benchmarks.workload.Workload.check;

import dev.concurrency.async.streams.StreamReader;
import dev.concurrency.async.streams.StreamServer;
import dev.concurrency.async.streams.StreamWriter;
import dev.concurrency.benchmarks.workload.EchoDriver;
import dev.concurrency.benchmarks.workload.EchoLoad;
import dev.concurrency.benchmarks.workload.Figure;
import dev.concurrency.benchmarks.workload.Scale;
import dev.concurrency.benchmarks.workload.Workload;
import java.io.IOException;
import java.util.List;

/**
 * The async-core workload on its TCP streams: E8, an echo server on loopback serving 100 concurrent clients.
 * The server is this project's ({@code Streams.startServer}, a task per connection doing {@code read},
 * {@code write}, {@code drain}, as an asyncio echo server does); the clients are the shared {@link EchoLoad}
 * generator in a JVM of its own, the same for every system, so only the server differs between the rows.
 */
public final class StreamsWorkloads {

  /** E8: {@code Streams.startServer} echoing to the shared client generator; requests per second. */
  public static final Workload E8_ECHO = Workload.of(EchoDriver.WORKLOAD, StreamsWorkloads::echo);

  /** How much one {@code read} takes at most: what an asyncio echo server passes to {@code reader.read}. */
  static final int READ_SIZE = 64 * 1024;

  private StreamsWorkloads() {}

  static List<Figure> echo(Scale scale) {
    EchoLoad.Sizes sizes = EchoLoad.Sizes.of(scale);
    long[] echoed = {0};
    List<Figure> figures = run(() -> {
      StreamServer server = startServer((reader, writer) -> {
        long n = echo(reader, writer); // not "echoed[0] += echo(...)": that reads echoed[0] before suspending
        echoed[0] += n;
      }, "127.0.0.1", 0);
      List<Figure> measured = toThread(() -> EchoDriver.drive(server.port(), sizes));
      server.close();
      server.waitClosed();
      return measured;
    });
    check(echoed[0] == sizes.totalBytes(), "E8: the server echoed " + echoed[0] + " bytes of " + sizes.totalBytes());
    return figures;
  }

  /** Echoes what arrives until the client closes its side; returns how many bytes it echoed. */
  private static long echo(StreamReader reader, StreamWriter writer) throws IOException {
    long n = 0;
    for (byte[] data = reader.read(READ_SIZE); data.length > 0; data = reader.read(READ_SIZE)) {
      writer.write(data);
      writer.drain();
      n += data.length;
    }
    return n;
  }
}
