package dev.concurrency.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Connection#waitAny}: Python's {@code TestWait}. */
@Timeout(120)
final class WaitTest {

  private static final Duration LONG = Duration.ofSeconds(60);
  private final Children children = new Children();
  private final List<Connection> ends = new ArrayList<>();

  @AfterEach
  void cleanUp() throws Exception {
    children.close();
    for (Connection end : ends) {
      end.close();
    }
  }

  private Pipe track(Pipe pipe) {
    ends.add(pipe.left());
    ends.add(pipe.right());
    return pipe;
  }

  /** Python's {@code _child_test_wait}: sends ten (i, pid) messages, some after random pauses, then closes. */
  record SendTen(Connection end, boolean slow) implements SerializableRunnable {
    @Override
    public void run() {
      Random random = new Random();
      SharedEvent never = SharedEvent.create();
      try (end) {
        for (int i = 0; i < 10; i++) {
          if (slow) {
            never.await(Duration.ofMillis(random.nextInt(100))); // a pause of up to 100 ms
          }
          end.send(new long[] {i, ProcessHandle.current().pid()});
        }
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private void fourChildren_messagesAndEofs(boolean slow) throws Exception {
    List<Connection> readers = new ArrayList<>();
    List<ChildProcess> procs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Pipe pipe = track(Pipe.open(/* duplex= */ false));
      procs.add(children.start(new SendTen(pipe.right(), slow)));
      pipe.right().close(); // this process's copy
      readers.add(pipe.left());
    }
    List<String> messages = new ArrayList<>();
    while (!readers.isEmpty()) {
      for (Connection reader : Connection.waitAny(readers, LONG)) {
        try {
          long[] message = (long[]) reader.recv();
          messages.add(message[0] + "/" + message[1]);
        } catch (EOFException e) {
          readers.remove(reader);
          reader.close();
        }
      }
    }
    List<String> expected = new ArrayList<>();
    for (ChildProcess proc : procs) {
      for (int i = 0; i < 10; i++) {
        expected.add(i + "/" + proc.pid());
      }
    }
    assertThat(messages).containsExactlyInAnyOrderElementsOf(expected);
  }

  // CPython: _test_multiprocessing.py TestWait.test_wait
  @Test
  void waitAny_overFourPipes_untilEveryEof() throws Exception {
    fourChildren_messagesAndEofs(false);
  }

  // CPython: _test_multiprocessing.py TestWait.test_wait_slow
  @Test
  void waitAny_overFourSlowPipes_untilEveryEof() throws Exception {
    fourChildren_messagesAndEofs(true);
  }

  // CPython: _test_multiprocessing.py TestWait.test_wait_timeout
  @Test
  void waitAny_nothingReady_returnsEmptyAfterTheTimeout() throws Exception {
    Pipe pipe = track(Pipe.open());
    Duration timeout = Duration.ofMillis(500);

    long start = System.nanoTime();
    List<Connection> ready = Connection.waitAny(List.of(pipe.left(), pipe.right()), timeout);

    assertThat(ready).isEmpty();
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(timeout.toNanos());
    pipe.right().send(null);
    assertThat(Connection.waitAny(List.of(pipe.left(), pipe.right()), Duration.ofSeconds(20))).containsExactly(pipe.left());
  }

  /** Python's {@code signal_and_sleep}: releases the semaphore, then stays until told to end. */
  record SignalThenStay(SharedSemaphore started, SharedEvent end) implements SerializableRunnable {
    @Override
    public void run() {
      started.release();
      try {
        end.await(LONG);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  // CPython: _test_multiprocessing.py TestWait.test_wait_integer
  @Test
  void waitAny_overPipesAndASentinel() throws Exception {
    SharedSemaphore started = SharedSemaphore.create(0);
    SharedEvent end = SharedEvent.create();
    Pipe pipe = track(Pipe.open());
    Connection a = pipe.left();
    Connection b = pipe.right();
    ChildProcess p = children.start(new SignalThenStay(started, end));
    assertThat(started.tryAcquire(LONG)).isTrue();
    List<Waitable> all = List.of(a, p.sentinel(), b);

    assertThat(Connection.waitAny(all, Duration.ZERO)).isEmpty();
    end.set();
    assertThat(Connection.waitAny(all, LONG)).containsExactly(p.sentinel());

    a.send(null);
    assertThat(Connection.waitAny(all, Duration.ofSeconds(20))).containsExactly(p.sentinel(), b);

    b.send(null);
    assertThat(Connection.waitAny(all, Duration.ofSeconds(20))).containsExactly(a, p.sentinel(), b);
    assertThat(p.join(LONG)).isTrue();
  }

  // CPython: _test_multiprocessing.py TestWait.test_neg_timeout
  @Test
  void waitAny_negativeTimeout_returnsAtOnce() throws Exception {
    Pipe pipe = track(Pipe.open());
    long start = System.nanoTime();

    assertThat(Connection.waitAny(List.of(pipe.left()), Duration.ofSeconds(-1))).isEmpty();

    assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(10).toNanos());
  }

  @Test
  void waitAny_sentinelOfAKilledChild_andOfAnyProcess() throws Exception {
    ChildProcess child = children.start(new SignalThenStay(SharedSemaphore.create(0), SharedEvent.create()));
    Sentinel ofHandle = Sentinel.of(ProcessHandle.of(child.pid()).orElseThrow());

    child.kill();

    assertThat(Connection.waitAny(List.of(child.sentinel(), ofHandle), LONG)).isNotEmpty();
    assertThat(Connection.waitAny(List.of(child.sentinel()), LONG)).containsExactly(child.sentinel());
    assertThat(child.exitCode()).as("known once the sentinel is ready").hasValue(-9);
  }

  @Test
  void waitAny_onAClosedConnection_refused() throws Exception {
    Pipe pipe = track(Pipe.open());
    pipe.left().close();

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Connection.waitAny(List.of(pipe.left()), LONG))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void waitAny_interrupted_throws() throws Exception {
    Pipe pipe = track(Pipe.open());
    Thread.currentThread().interrupt();
    try {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> Connection.waitAny(List.of(pipe.left()), LONG))
          .isInstanceOf(InterruptedException.class);
    } finally {
      Thread.interrupted();
    }
  }

}
