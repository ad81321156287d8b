package dev.concurrency.async.streams;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.gather;
import static dev.concurrency.async.AsyncIO.run;
import static dev.concurrency.async.streams.StreamTesting.HOST;
import static dev.concurrency.async.streams.StreamTesting.recording;
import static dev.concurrency.async.testing.ResourceGauge.canCountFds;
import static dev.concurrency.async.testing.ResourceGauge.mib;
import static dev.concurrency.async.testing.ResourceGauge.openFds;
import static dev.concurrency.async.testing.ResourceGauge.usedHeapAfterGc;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.ErrorContext;
import dev.concurrency.async.ThreadBridge;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The streams soak: {@value #DEFAULT_CONNECTIONS} connections echoing lines at once for 60 s against a {@link
 * Streams#startServer} echo server, the server and the clients each on an event loop of its own. Afterwards no
 * error was reported, every file descriptor is closed again, and the heap is back to its baseline.
 *
 * <p>Opt-in: {@code mvn -B verify -Pstress -pl async-core -am} (JUnit tag {@code stress}). Shorter or smaller:
 * {@code -Dsoak.seconds=10 -Dsoak.connections=500}. The figures print to the test's output and are in the module
 * README.
 */
@Tag("stress")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
final class EchoSoakStressTest {

  static final int DEFAULT_CONNECTIONS = 2_000;
  private static final int CONNECTIONS = Integer.getInteger("soak.connections", DEFAULT_CONNECTIONS);
  private static final Duration DURATION = Duration.ofSeconds(Long.getLong("soak.seconds", 60));
  /** Heap that may stay in use after the soak without counting as a leak (JIT and class caches, pools). */
  private static final long HEAP_SLACK = 32L * 1024 * 1024;

  @Test
  void manyConnectionsEchoingForAMinute_noError_noDescriptorLeft_heapBackToBaseline() throws Exception {
    soak(50, Duration.ofSeconds(1)); // warm-up: lazily opened JDK descriptors and classes join the baseline
    long fdsBefore = canCountFds() ? openFds() : -1;
    long heapBefore = usedHeapAfterGc();

    Result result = soak(CONNECTIONS, DURATION);

    long fdsAfter = canCountFds() ? openFds() : -1;
    long heapAfter = usedHeapAfterGc();
    System.out.printf("echo soak: %,d connections for %d s: %,d round trips (%,.0f/s), %d errors; "
            + "open descriptors %d before, %d with every connection open, %d after; heap %s before, %s after%n",
        CONNECTIONS, DURATION.toSeconds(), result.roundTrips(), result.roundTrips() / (double) DURATION.toSeconds(),
        result.errors().size(), fdsBefore, result.peakFds(), fdsAfter, mib(heapBefore), mib(heapAfter));

    assertThat(result.errors()).as("errors reported by either loop").isEmpty();
    assertThat(result.echoedLines()).isEqualTo(result.roundTrips());
    assertThat(result.roundTrips()).isGreaterThanOrEqualTo(CONNECTIONS);
    if (canCountFds()) {
      assertThat(result.peakFds()).as("two descriptors per connection while they are open")
          .isGreaterThanOrEqualTo(fdsBefore + 2L * CONNECTIONS);
      assertThat(fdsAfter).as("descriptors open after the soak").isEqualTo(fdsBefore);
    }
    assertThat(heapAfter).as("heap after the soak, against %s before", mib(heapBefore))
        .isLessThan(heapBefore + HEAP_SLACK);
  }

  private record Result(long roundTrips, long echoedLines, long peakFds, List<ErrorContext> errors) {}

  /** Runs {@code connections} echo clients for {@code duration} against a server on another loop and thread. */
  private static Result soak(int connections, Duration duration) throws Exception {
    List<ErrorContext> errors = new CopyOnWriteArrayList<>();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    CompletableFuture<Void> clientsDone = new CompletableFuture<>();
    long[] echoed = {0};
    Thread server = Thread.ofPlatform().name("soak-server").start(() -> run(recording(errors), () -> {
      StreamServer srv = Streams.startServer((reader, writer) -> {
        for (byte[] line = reader.readLine(); line.length > 0; line = reader.readLine()) {
          writer.write(line);
          writer.drain();
          echoed[0]++;
        }
      }, HOST, 0, ServerConfig.defaults().withBacklog(4096));
      port.complete(srv.port());
      ThreadBridge.awaitFuture(clientsDone);
      srv.close();
      srv.waitClosed();
    }));
    long[] peakFds = {-1};
    long trips;
    try {
      trips = run(recording(errors), () -> {
        int p = ThreadBridge.awaitFuture(port);
        long deadline = System.nanoTime() + duration.toNanos();
        int[] connected = {0};
        List<AsyncTask<Long>> clients = new ArrayList<>(connections);
        for (int i = 0; i < connections; i++) {
          int id = i;
          clients.add(createTask(() -> {
            Connection c = Streams.openConnection(HOST, p);
            if (++connected[0] == connections && canCountFds()) {
              peakFds[0] = openFds();
            }
            return pingPong(c, id, deadline);
          }));
        }
        long total = 0;
        for (Object n : gather(clients, /* returnExceptions= */ false).await()) {
          total += (Long) n;
        }
        return total;
      });
    } finally {
      clientsDone.complete(null);
      server.join(TimeUnit.MINUTES.toMillis(2));
    }
    assertThat(server.isAlive()).as("the server loop ended").isFalse();
    return new Result(trips, echoed[0], peakFds[0], errors);
  }

  /** Sends numbered lines and checks each echo until the deadline; returns how many came back. */
  private static long pingPong(Connection c, int id, long deadline) throws IOException {
    long n = 0;
    while (System.nanoTime() < deadline) {
      byte[] line = ("client " + id + " line " + n + "\n").getBytes(US_ASCII);
      c.writer().write(line);
      c.writer().drain();
      byte[] back = c.reader().readLine();
      if (!Arrays.equals(line, back)) {
        throw new AssertionError("client " + id + " sent " + new String(line, US_ASCII).strip() + " and got "
            + new String(back, US_ASCII).strip());
      }
      n++;
    }
    c.writer().close();
    c.writer().waitClosed();
    return n;
  }
}
