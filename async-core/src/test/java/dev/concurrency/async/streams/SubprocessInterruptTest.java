package dev.concurrency.async.streams;

import static dev.concurrency.async.AsyncIO.run;
import static dev.concurrency.async.streams.Stdio.PIPE;
import static dev.concurrency.async.streams.StreamTesting.b;
import static dev.concurrency.async.streams.StreamTesting.s;
import static dev.concurrency.async.streams.Subprocesses.createSubprocessExec;
import static dev.concurrency.async.streams.Subprocesses.createSubprocessShell;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Interrupts at the wrong moment around subprocesses: the pipe threads ignore them (they end with their pipe,
 * nothing left behind), and a signal sent by an interrupted task still goes out.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@DisabledOnOs(OS.WINDOWS)
final class SubprocessInterruptTest {

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
      AsyncProcess proc = createSubprocessShell("echo sleeping; exec sleep 3600",
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
