package dev.concurrency.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The code the process-concurrency README shows ({@code <!-- snippet: ...#tour -->}; the README check keeps the
 * two equal), run, with what its comments claim checked after it.
 */
@Timeout(120)
final class ProcessReadmeTest {

  /** The tasks the README sends to children by name. */
  static final class Tasks {
    private Tasks() {}

    static void task1() {
      System.out.println("Task 1 started");
    }
  }

  @Test
  void tour_processPoolAndSharedMemory_doWhatTheCommentsSay() throws Exception {
    // @start region="tour"
    // Process(target=task1): the method reference is sent, by name, to a new JVM
    ChildProcess p = ChildProcess.of(Tasks::task1);
    p.start();
    p.join();
    p.exitCode();                                    // OptionalInt[0]; -9 after kill()

    // ProcessPoolExecutor: an ExecutorService of worker JVMs; close() waits for its tasks
    Future<Integer> answer;
    List<Integer> squares;
    try (ProcessPool pool = ProcessPool.builder().maxWorkers(2).build()) {
      answer = pool.submit(() -> 6 * 7);                                // 42
      squares = pool.map(x -> x * x, List.of(1, 2, 3), /* chunkSize= */ 2);  // [1, 4, 9], in input order
    }

    // Value('q', 0): a number in shared memory, with a lock that works across processes
    SharedValue<Long> counter = SharedValue.create(CType.LONG_LONG, 0L);
    ChildProcess adder = ChildProcess.of(() -> {      // captured by the task, the handle travels to the child
      counter.getLock().lock();
      try { counter.set(counter.get() + 1); } finally { counter.getLock().unlock(); }
    });
    adder.start();
    adder.join();
    counter.get();                                    // 1

    // Pipe(): two ends; one end travels to a child by being captured, and the two meet on first use
    Pipe pipe = Pipe.open();
    Connection theirs = pipe.right();
    ChildProcess echo = ChildProcess.of(() -> { try (theirs) { theirs.send((String) theirs.recv()); } catch (Exception e) { throw new IllegalStateException(e); } });
    echo.start();
    pipe.left().send("ping");
    Object back = pipe.left().recv();                 // "ping"
    Connection.waitAny(List.of(pipe.left(), echo.sentinel()), Duration.ofSeconds(5));
    // @end
    try (Connection ours = pipe.left(); theirs) {
      assertThat(p.exitCode()).isEqualTo(OptionalInt.of(0));
      assertThat(answer.get()).isEqualTo(42);
      assertThat(squares).containsExactly(1, 4, 9);
      assertThat(adder.exitCode()).isEqualTo(OptionalInt.of(0));
      assertThat(counter.get()).isEqualTo(1L);
      assertThat(back).isEqualTo("ping");
      assertThat(echo.join(Duration.ofSeconds(60))).isTrue();
      assertThat(echo.exitCode()).isEqualTo(OptionalInt.of(0));
      assertThat(Connection.waitAny(List.of(ours, echo.sentinel()), Duration.ZERO))
          .as("the child closed its end and exited: both are ready").hasSize(2);
    }
  }
}
