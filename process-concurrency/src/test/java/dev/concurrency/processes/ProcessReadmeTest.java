package dev.concurrency.processes;

import static org.assertj.core.api.Assertions.assertThat;

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

    // shared memory and a lock that works across processes
    SharedMemory counter = SharedMemory.create(1);   // hand counter.path().toString() to the children
    counter.getAndAdd(0, 1);                          // an atomic add on memory both processes map
    // @end
    assertThat(answer.get()).isEqualTo(42);
    assertThat(squares).containsExactly(1, 4, 9);
    try (counter) {
      assertThat(p.exitCode()).isEqualTo(OptionalInt.of(0));
      assertThat(counter.getAndAdd(0, 0)).isEqualTo(1);
    }
  }
}
