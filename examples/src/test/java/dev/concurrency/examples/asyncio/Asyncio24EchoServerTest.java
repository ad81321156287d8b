package dev.concurrency.examples.asyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.concurrency.examples.ExampleRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The echo server, driven by clients that are not ours: a real CPython asyncio client (skipped when {@code
 * python3} is missing) and, separately, the Java echo client in another event loop.
 */
@Timeout(90)
final class Asyncio24EchoServerTest {

  private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

  /** 20 concurrent CPython asyncio clients, 50 lines each of random printable data; every byte must return. */
  private static final String PYTHON_CLIENT = """
      import asyncio, random, string, sys

      async def client(i, port):
          reader, writer = await asyncio.open_connection("127.0.0.1", port)
          rnd = random.Random(i)
          sent = 0
          for n in range(50):
              msg = ("".join(rnd.choice(string.ascii_letters) for _ in range(rnd.randint(1, 200))) + "\\n").encode()
              writer.write(msg)
              await writer.drain()
              back = await reader.readline()
              assert back == msg, (i, n, msg, back)
              sent += len(msg)
          writer.close()
          await writer.wait_closed()
          return sent

      async def main(port):
          sizes = await asyncio.gather(*(client(i, port) for i in range(20)))
          print("python clients ok", sum(sizes))

      asyncio.run(asyncio.wait_for(main(int(sys.argv[1])), 60))
      """;

  @Test
  void pythonAsyncioClients_everyByteComesBack(@TempDir Path dir) throws Exception {
    assumeTrue(python3Available(), "echo-server python client test skipped: python3 is not on the PATH");
    Path script = dir.resolve("echo_client.py");
    Files.writeString(script, PYTHON_CLIENT);
    ServerRun server = ServerRun.start(20);
    Process python = new ProcessBuilder("python3", script.toString(), String.valueOf(server.port()))
        .redirectErrorStream(true).start();
    String pyOut;
    try {
      assertThat(python.waitFor(60, TimeUnit.SECONDS)).as("python3 client finished").isTrue();
      pyOut = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      python.destroyForcibly();
    }
    assertThat(python.exitValue()).as("python3 client output: %s", pyOut).isZero();
    Matcher ok = Pattern.compile("python clients ok (\\d+)").matcher(pyOut);
    assertThat(ok.find()).as(pyOut).isTrue();
    List<String> lines = server.finish();
    assertThat(lines).last().asString()
        .isEqualTo("echo-server: served 20 clients, " + ok.group(1) + " bytes echoed, shut down cleanly");
    assertThat(server.timeline()).contains("server: listening").contains("conn 2: echo").doesNotContain("conn 3");
  }

  @Test
  void javaClientsFromAnotherLoop_everyByteComesBack() throws Exception {
    ServerRun server = ServerRun.start(30);
    ExampleRun client = ExampleRun.of("echo-client", "--port", String.valueOf(server.port()), "--clients", "30");
    assertThat(AsyncioExamplesTest.story(client)).singleElement().asString()
        .startsWith("30 clients x 20 lines: all 600 lines came back");
    assertThat(AsyncioExamplesTest.timeline(client).toString()).contains("client 0: 20 lines");
    List<String> lines = server.finish();
    assertThat(lines).last().asString().startsWith("echo-server: served 30 clients,");
  }

  @Test
  void selfDriven_defaultRun_servesHundredClients() throws Exception {
    ExampleRun run = ExampleRun.of("echo-server");
    List<String> lines = AsyncioExamplesTest.story(run);
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).matches("echo-server listening on 127\\.0\\.0\\.1:\\d+");
    assertThat(lines.get(1)).startsWith("100 clients x 20 lines: all 2000 lines came back");
    assertThat(lines.get(2)).startsWith("echo-server: served 100 clients,").endsWith("shut down cleanly");
    assertThat(AsyncioExamplesTest.timeline(run).toString())
        .contains("server: listening").contains("conn 0: echo").contains("client 0: 20 lines")
        .doesNotContain("conn 3").doesNotContain("client 3");
  }

  private static boolean python3Available() {
    try {
      Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The echo-server example on its own thread, in external mode on a free port, and what it prints. */
  private record ServerRun(Thread thread, ByteArrayOutputStream buffer, int port, AtomicReference<Throwable> failure) {

    static ServerRun start(int clients) throws Exception {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      CompletableFuture<Integer> port = new CompletableFuture<>();
      OutputStream watching = new OutputStream() {
        @Override
        public synchronized void write(int b) {
          buffer.write(b);
          Matcher m = LISTENING.matcher(buffer.toString(StandardCharsets.UTF_8));
          if (!port.isDone() && b == '\n' && m.find()) {
            port.complete(Integer.parseInt(m.group(1)));
          }
        }
      };
      AtomicReference<Throwable> failure = new AtomicReference<>();
      PrintStream out = new PrintStream(watching, /* autoFlush= */ true, StandardCharsets.UTF_8);
      Thread t = new Thread(() -> {
        try {
          Asyncio24EchoServer.run(out,
              List.of("--external", "--port", "0", "--clients", String.valueOf(clients)));
        } catch (Throwable e) {
          failure.set(e);
          port.completeExceptionally(e);
        }
      }, "echo-server-example");
      t.start();
      return new ServerRun(t, buffer, port.get(30, TimeUnit.SECONDS), failure);
    }

    /** Waits for the server to shut down; returns what it printed before its timeline. */
    List<String> finish() throws InterruptedException {
      thread.join(30_000);
      assertThat(thread.isAlive()).as("the echo server shut down").isFalse();
      assertThat(failure.get()).isNull();
      return AsyncioExamplesTest.story(printed());
    }

    /** The timeline the server printed after shutting down, from its heading on; empty if none. */
    String timeline() {
      return String.join("\n", AsyncioExamplesTest.timeline(printed()));
    }

    private ExampleRun printed() {
      synchronized (this) {
        return new ExampleRun(buffer.toString(StandardCharsets.UTF_8).lines().toList(), Duration.ZERO);
      }
    }
  }
}
