package dev.concurrency.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The code this module's Javadoc shows ({@code {@snippet class=dev.concurrency.processes.ProcessSnippetsTest
 * region=...}}), run, with what its comments claim checked after it.
 */
@Timeout(120)
final class ProcessSnippetsTest {

  /** The tasks the snippets send to children by name: static methods without arguments. */
  static final class Tasks {
    private Tasks() {}

    static void task1() {
      System.out.println("Task 1 started");
    }

    static void task2() {
      System.out.println("Task 2 started");
    }
  }

  @Test
  void byName_aStaticMethodReference_runsInAChild() throws Exception {
    // @start region="byName"
    ChildProcess p = ChildProcess.of(Tasks::task1);   // Process(target=task1)
    // @end
    p.start();
    p.join();
    assertThat(p.exitCode()).isEqualTo(OptionalInt.of(0));
  }

  @Test
  void startThenJoin_twoChildren_bothExitNormally() throws Exception {
    // @start region="startJoin"
    ChildProcess p1 = ChildProcess.of(Tasks::task1);
    ChildProcess p2 = ChildProcess.of(Tasks::task2);
    p1.start();
    p2.start();
    p1.join();
    p2.join();
    // @end
    assertThat(p1.exitCode()).isEqualTo(OptionalInt.of(0));
    assertThat(p2.exitCode()).isEqualTo(OptionalInt.of(0));
  }

  @Test
  void pool_submitAndMap_giveTheResultsTheCommentsName() throws Exception {
    Future<Integer> result;
    List<Integer> mapped;
    // @start region="pool"
    try (ProcessPool pool = ProcessPool.builder().maxWorkers(2).build()) {
      Future<Integer> answer = pool.submit(() -> 6 * 7);
      List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3), 2);   // [1, 4, 9]
      // @end
      result = answer;
      mapped = squares;
    }
    assertThat(result.get()).isEqualTo(42);
    assertThat(mapped).containsExactly(1, 4, 9);
  }

  @Test
  void remoteException_carriesTheChildsTypeAndStackTraceAsText() throws Exception {
    try (ProcessPool pool = ProcessPool.builder().maxWorkers(1).build()) {
      String type = null;
      String trace = null;
      // @start region="remote"
      try {
        pool.submit(() -> { throw new IllegalStateException("boom"); }).get();
      } catch (ExecutionException e) {
        RemoteException remote = (RemoteException) e.getCause();
        type = remote.remoteType();         // "java.lang.IllegalStateException"
        trace = remote.remoteStackTrace();  // "java.lang.IllegalStateException: boom\n\tat ..."
      }
      // @end
      assertThat(type).isEqualTo("java.lang.IllegalStateException");
      assertThat(trace).startsWith("java.lang.IllegalStateException: boom").contains("\tat ");
    }
  }

  @Test
  void sharedMemory_aTaskAttachesByPath_andItsAddsReachTheParent() throws Exception {
    // @start region="sharedMemory"
    SharedMemory counter = SharedMemory.create(1);              // one long slot, in /dev/shm when there is one
    String path = counter.path().toString();                     // Path is not serializable; its text is
    SerializableRunnable work = () -> {
      try (SharedMemory shared = SharedMemory.attach(Path.of(path))) {
        for (int i = 0; i < 10_000; i++) shared.getAndAdd(0, 1);
      }
    };
    // @end
    try (counter) {
      ChildProcess a = ChildProcess.of(work);
      ChildProcess b = ChildProcess.of(work);
      a.start();
      b.start();
      a.join();
      b.join();
      assertThat(counter.get(0)).isEqualTo(20_000);
    }
  }

  @Test
  void sharedLock_aroundACompoundUpdate_losesNoIncrement() throws Exception {
    try (SharedMemory shared = SharedMemory.create(1)) {
      // @start region="sharedLock"
      SharedLock lock = shared.lock();
      lock.lock();
      try {
        shared.set(0, shared.get(0) + 1);   // a compound update, safe across processes
      } finally {
        lock.unlock();
      }
      // @end
      assertThat(shared.get(0)).isEqualTo(1);
    }
  }

  @Test
  void queue_aChildPuts_theParentGets() throws Exception {
    // @start region="queue"
    ProcessQueue queue = ProcessQueue.create(100);             // at most 100 items waiting
    ChildProcess producer = ChildProcess.of(() -> queue.put("job", Duration.ofSeconds(5)));
    producer.start();
    String job = (String) queue.get(Duration.ofSeconds(30));
    // @end
    producer.join();
    try {
      assertThat(job).isEqualTo("job");
      assertThat(producer.exitCode()).isEqualTo(OptionalInt.of(0));
    } finally {
      queue.close();
      queue.unlink();
    }
  }

  @Test
  void pipe_theChildsEndTravelsInTheTask_andItsMessageArrives() throws Exception {
    // @start region="pipe"
    Pipe pipe = Pipe.open();                       // duplex: both ends send and receive
    Connection mine = pipe.left();
    Connection theirs = pipe.right();              // captured by a task, it travels to the child
    ChildProcess child = ChildProcess.of(() -> {
      try (theirs) {
        theirs.send("ping");
      } catch (IOException e) {                    // a task is a Runnable: no checked exception leaves it
        throw new UncheckedIOException(e);
      }
    });
    child.start();
    Object received = mine.recv();                 // "ping"
    // @end
    child.join();
    try (mine; theirs) {
      assertThat(received).isEqualTo("ping");
      assertThat(child.exitCode()).isEqualTo(OptionalInt.of(0));
    }
  }
}
