package dev.concurrency.async.streams;

import static dev.concurrency.async.AsyncIO.run;
import static dev.concurrency.async.streams.Stdio.PIPE;
import static dev.concurrency.async.streams.Stdio.STDOUT;
import static dev.concurrency.async.streams.Streams.openConnection;
import static dev.concurrency.async.streams.Subprocesses.createSubprocessExec;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The code the streams package's Javadoc shows ({@code {@snippet class=dev.concurrency.async.streams.StreamsSnippetsTest
 * region=...}}), run on loopback sockets (port 0) and POSIX tools, with what its comments claim checked after it.
 */
@Timeout(60)
final class StreamsSnippetsTest {

  private static final String HOST = "127.0.0.1";

  private final List<String> received = Collections.synchronizedList(new ArrayList<>());

  private static String text(byte[] bytes) {
    return new String(bytes, UTF_8);
  }

  /** A client of the echo server: two lines out, two lines back, then EOF. */
  private void talkTo(int port) throws IOException {
    Connection c = openConnection(HOST, port);
    c.writer().write("one\ntwo\n".getBytes(UTF_8));
    received.add(text(c.reader().readLine()));
    received.add(text(c.reader().readLine()));
    c.writer().close();
    c.writer().waitClosed();
  }

  @Test
  void streamServer_echoesLines_andWaitClosedOutlastsTheClient() {
    run(() -> {
      // @start region="streamServer"
      StreamServer server = Streams.startServer((reader, writer) -> {
        for (byte[] line = reader.readLine(); line.length > 0; line = reader.readLine()) {
          writer.write(line);
          writer.drain();
        }
      }, "127.0.0.1", 0);                    // port 0: any free port, see port()
      talkTo(server.port());                 // clients connect: see openConnection
      server.close();                        // stop accepting; running handlers go on
      server.waitClosed();                   // until every connection has closed
      // @end
      assertThat(server.port()).isPositive();
      assertThat(server.isServing()).isFalse();
      assertThat(server.acceptedCount()).isEqualTo(1);
    });
    assertThat(received).containsExactly("one\n", "two\n");
  }

  /** Replies to one line with its upper-case form, then closes: what the writer's snippet does. */
  private static void shout(StreamReader reader, StreamWriter writer) throws IOException {
    byte[] reply = text(reader.readLine()).toUpperCase(java.util.Locale.ROOT).getBytes(UTF_8);
    // @start region="streamWriter"
    writer.write(reply);
    writer.drain();          // flow control: waits only if the peer reads slower than we write
    writer.close();
    writer.waitClosed();
    // @end
  }

  @Test
  void streams_connectWriteReadClose() {
    List<String> got = new ArrayList<>();
    run(() -> {
      StreamServer server = Streams.startServer(StreamsSnippetsTest::shout, HOST, 0);
      int port = server.port();
      // @start region="streams"
      Connection c = openConnection("127.0.0.1", port);
      c.writer().write("hello\n".getBytes(UTF_8));
      byte[] echo = c.reader().readLine();
      c.writer().close();
      c.writer().waitClosed();
      // @end
      got.add(text(echo));
      got.add(text(c.reader().read()));     // the server closed after its reply: EOF
      server.close();
      server.waitClosed();
    });
    assertThat(got).containsExactly("HELLO\n", "");
  }

  @Test
  void streamReader_readLineWaitsForAWholeLine() {
    List<String> got = new ArrayList<>();
    run(() -> {
      StreamServer server = Streams.startServer(StreamsSnippetsTest::shout, HOST, 0);
      int port = server.port();
      // @start region="streamReader"
      Connection c = Streams.openConnection("127.0.0.1", port);
      c.writer().write("ping\n".getBytes(UTF_8));
      byte[] line = c.reader().readLine();      // suspends until a whole line (or EOF) arrived
      // @end
      got.add(text(line));
      c.writer().close();
      c.writer().waitClosed();
      server.close();
      server.waitClosed();
    });
    assertThat(got).containsExactly("PING\n");
  }

  @Test
  void serverConfig_withoutStartServing_acceptsOnlyAfterStartServing() {
    run(() -> {
      // @start region="serverConfig"
      ServerConfig config = ServerConfig.defaults().withLimit(4096).withStartServing(false);
      // @end
      StreamServer server = Streams.startServer(StreamsSnippetsTest::shout, HOST, 0, config);
      assertThat(server.isServing()).isFalse();
      server.startServing();
      assertThat(server.isServing()).isTrue();
      server.close();
      server.waitClosed();
      assertThat(config.limit()).isEqualTo(4096);
    });
  }

  @Test
  void subprocessConfig_stderrIntoStdout() {
    ProcessOutput out = run(() -> {
      // @start region="subprocessConfig"
      SubprocessConfig config = SubprocessConfig.defaults().withStdin(PIPE).withStdout(PIPE).withStderr(STDOUT);
      // @end
      AsyncProcess sh = createSubprocessExec(List.of("/bin/sh", "-c", "cat; echo err >&2"), config);
      return sh.communicate("in\n".getBytes(UTF_8));
    });
    assertThat(out.stderr()).isNull();
    assertThat(text(out.stdout())).isEqualTo("in\nerr\n");
  }

  @Test
  void asyncProcess_communicateWithCat() {
    List<Object> got = new ArrayList<>();
    run(() -> {
      // @start region="asyncProcess"
      AsyncProcess cat = createSubprocessExec(List.of("cat"), SubprocessConfig.defaults().withStdin(PIPE).withStdout(PIPE));
      ProcessOutput out = cat.communicate("hello".getBytes(UTF_8));   // feeds stdin, reads to EOF, waits
      int code = cat.returncode();                                      // 0
      // @end
      got.add(text(out.stdout()));
      got.add(code);
    });
    assertThat(got).containsExactly("hello", 0);
  }

  @Test
  void subprocesses_readLsLineByLine() {
    List<String> lines = new ArrayList<>();
    int exit = run(() -> {
      // @start region="subprocesses"
      AsyncProcess proc = createSubprocessExec(List.of("ls", "-l"), SubprocessConfig.defaults().withStdout(PIPE));
      for (byte[] line = proc.stdout().readLine(); line.length > 0; line = proc.stdout().readLine()) {
        lines.add(text(line));                 // each line as it comes, while ls still runs
      }
      int code = proc.waitFor();
      // @end
      return code;
    });
    assertThat(exit).isZero();
    assertThat(lines).isNotEmpty().first().asString().startsWith("total");
  }
}
