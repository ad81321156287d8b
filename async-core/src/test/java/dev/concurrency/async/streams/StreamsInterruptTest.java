package dev.concurrency.async.streams;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.run;
import static dev.concurrency.async.streams.Stdio.PIPE;
import static dev.concurrency.async.streams.StreamTesting.b;
import static dev.concurrency.async.streams.StreamTesting.s;
import static dev.concurrency.async.streams.StreamTesting.sleeperForHangUp;
import static dev.concurrency.async.streams.Subprocesses.createSubprocessExec;
import static dev.concurrency.async.streams.Streams.openConnection;
import static dev.concurrency.async.streams.Streams.startServer;
import static dev.concurrency.async.streams.Subprocesses.createSubprocessShell;
import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.async.AsyncTask;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Interrupts at the wrong moment around streams: a task whose interrupt status is set still uses its sockets
 * (they are non-blocking, so the status cannot close them); the pipe threads of a subprocess ignore interrupts
 * (they end with their pipe, nothing left behind); a signal sent by an interrupted task still goes out.
 *
 * <p>For the default scheduler, where tasks have threads of their own; {@code ContinuationsTest} covers what
 * differs under the experimental one (a task's thread is the loop's there).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@DisabledOnOs(OS.WINDOWS)
final class StreamsInterruptTest {

  @Test
  void tasksWithTheirInterruptStatusSet_useTheirSockets_andKeepTheStatus() {
    List<Boolean> statuses = run(() -> {
      StreamServer server = startServer(this::echoWhileInterrupted, "127.0.0.1", 0);
      AsyncTask<Boolean> client = createTask(() -> {
        Thread.currentThread().interrupt();
        Connection c = openConnection("127.0.0.1", server.port());
        c.writer().write(b("hello\n"));
        c.writer().drain();
        assertThat(s(c.reader().readLine())).isEqualTo("hello\n");
        c.writer().close();
        c.writer().waitClosed();
        return Thread.currentThread().isInterrupted();
      });
      boolean clientStatus = client.await();
      server.close();
      server.waitClosed();
      return List.of(clientStatus, Thread.currentThread().isInterrupted());
    });
    assertThat(statuses).as("the client's status, then the main task's").containsExactly(true, false);
    assertThat(handlerStatus).as("the handler echoed, its status set all along").containsExactly(true);
  }

  private final List<Boolean> handlerStatus = new CopyOnWriteArrayList<>();

  /** Echoes lines until EOF, with its interrupt status set all along. */
  private void echoWhileInterrupted(StreamReader reader, StreamWriter writer) throws IOException {
    Thread.currentThread().interrupt();
    for (byte[] line = reader.readLine(); line.length > 0; line = reader.readLine()) {
      writer.write(line);
      writer.drain();
    }
    handlerStatus.add(Thread.currentThread().isInterrupted());
  }

  @Test
  void pipeThreadsInterrupted_keepServingThePipes_nothingIsLost() {
    run(() -> {
      AsyncProcess cat = createSubprocessExec(List.of("cat"),
          SubprocessConfig.defaults().withStdin(PIPE).withStdout(PIPE));
      String prefix = "asyncio-subprocess-" + cat.pid() + "-";
      pipeThread(prefix + "stdin").interrupt(); // waiting for something to write
      pipeThread(prefix + "stdout").interrupt(); // blocked in read()

      for (String part : List.of("one ", "two ", "three")) {
        cat.stdin().write(b(part));
        cat.stdin().drain();
      }
      cat.stdin().close();
      assertThat(s(cat.stdout().read())).isEqualTo("one two three");
      assertThat(cat.waitFor()).isZero();
    });
  }

  @Test
  void sendSignal_fromAnInterruptedTask_stillSendsIt_andTheTaskKeepsItsStatus() {
    run(() -> {
      AsyncProcess proc = createSubprocessShell(sleeperForHangUp(),
          SubprocessConfig.defaults().withStdout(PIPE));
      assertThat(s(proc.stdout().readLine())).isEqualTo("sleeping\n");
      Thread.currentThread().interrupt();

      proc.sendSignal(Signal.HUP); // runs the kill command and waits for it, which the status must not cut short

      assertThat(Thread.interrupted()).isTrue();
      assertThat(proc.waitFor()).isEqualTo(-Signal.HUP.number());
    });
  }

  private static Thread pipeThread(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no thread named " + name));
  }
}
