package dev.concurrency.async.streams;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.run;
import static dev.concurrency.async.streams.StreamTesting.HOST;
import static dev.concurrency.async.streams.StreamTesting.virtualTime;
import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.async.AsyncTask;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Data that crosses a stream comes back equal, however it is cut into chunks: a reader fed by hand, a socket
 * echo, a subprocess's pipes.
 */
final class StreamsPropertyTest {

  /** {@code data} cut into pieces of the given sizes (cycled), the way the network may deliver it. */
  private static List<byte[]> chunks(byte[] data, List<Integer> sizes) {
    List<byte[]> out = new ArrayList<>();
    int i = 0;
    for (int off = 0; off < data.length; i++) {
      int n = Math.min(data.length - off, sizes.get(i % sizes.size()));
      out.add(Arrays.copyOfRange(data, off, off + n));
      off += n;
    }
    return out;
  }

  @Property(tries = 200)
  void readAll_returnsWhatWasFed_whateverTheChunks(@ForAll @Size(max = 5000) byte[] data,
      @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 1, max = 700) Integer> sizes,
      @ForAll @IntRange(min = 1, max = 300) int limit) {
    byte[] back = run(virtualTime(), () -> {
      StreamReader reader = new StreamReader(limit);
      AsyncTask<byte[]> reading = createTask(() -> reader.read());
      for (byte[] chunk : chunks(data, sizes)) {
        reader.feedData(chunk);
        dev.concurrency.async.AsyncIO.sleep(java.time.Duration.ZERO);
      }
      reader.feedEof();
      return reading.await();
    });
    assertThat(back).isEqualTo(data);
  }

  /** Bytes over a small alphabet in which {@code \r} and {@code \n} are frequent. */
  @Provide
  Arbitrary<byte[]> lineBytes() {
    return Arbitraries.of((byte) 'a', (byte) 'b', (byte) '\r', (byte) '\n').array(byte[].class).ofMaxSize(400);
  }

  @Property(tries = 300)
  void readUntilEitherSeparator_cutsAtTheFirstOfThem_andLosesNothing(@ForAll("lineBytes") byte[] data,
      @ForAll @Size(min = 1, max = 5) List<@IntRange(min = 1, max = 50) Integer> sizes) {
    List<byte[]> pieces = run(virtualTime(), () -> {
      StreamReader reader = new StreamReader();
      for (byte[] chunk : chunks(data, sizes)) {
        reader.feedData(chunk);
      }
      reader.feedEof();
      List<byte[]> got = new ArrayList<>();
      try {
        for (;;) {
          got.add(reader.readUntil(List.of(new byte[] {'\r'}, new byte[] {'\n'})));
        }
      } catch (IncompleteReadException e) {
        got.add(e.partial());
      }
      return got;
    });
    // the reference: each piece ends at the first \r or \n, the last one is whatever is left
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    for (int i = 0; i < pieces.size(); i++) {
      byte[] p = pieces.get(i);
      for (int j = 0; j < p.length - 1; j++) {
        assertThat(p[j]).as("a separator inside a piece").isNotIn((byte) '\r', (byte) '\n');
      }
      if (i < pieces.size() - 1) {
        assertThat(p[p.length - 1]).isIn((byte) '\r', (byte) '\n');
      }
      joined.writeBytes(p);
    }
    assertThat(joined.toByteArray()).isEqualTo(data);
  }

  @Property(tries = 25)
  void socketEcho_returnsEveryByte(@ForAll @Size(max = 300_000) byte[] data,
      @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 1, max = 70_000) Integer> sizes) {
    byte[] back = run(() -> {
      StreamServer server = Streams.startServer((r, w) -> {
        for (byte[] chunk = r.read(8192); chunk.length > 0; chunk = r.read(8192)) {
          w.write(chunk);
          w.drain();
        }
      }, HOST, 0);
      Connection c = Streams.openConnection(HOST, server.port());
      AsyncTask<byte[]> reading = createTask(() -> c.reader().read());
      for (byte[] chunk : chunks(data, sizes)) {
        c.writer().write(chunk);
        c.writer().drain();
      }
      c.writer().writeEof();
      byte[] got = reading.await();
      c.writer().close();
      server.close();
      server.waitClosed();
      return got;
    });
    assertThat(back).isEqualTo(data);
  }

  @Property(tries = 15)
  void throughCat_everyByteComesBack(@ForAll @Size(max = 400_000) byte[] data) {
    if (System.getProperty("os.name", "").startsWith("Windows")) {
      return; // no cat
    }
    ProcessOutput out = run(() -> Subprocesses.createSubprocessExec(List.of("cat"),
        SubprocessConfig.defaults().withStdin(Stdio.PIPE).withStdout(Stdio.PIPE)).communicate(data));
    assertThat(out.stdout()).isEqualTo(data);
  }
}
