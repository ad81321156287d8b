package dev.concurrency.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
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
  void sharedMemory_aTaskAttachesByName_andItsAddsReachTheParent() throws Exception {
    // @start region="sharedMemory"
    SharedMemory counter = SharedMemory.create(Long.BYTES);     // one long, in /dev/shm when there is one
    String name = counter.name();                                // other processes attach it by this name
    SerializableRunnable work = () -> {
      try (SharedMemory shared = SharedMemory.attach(name)) {
        for (int i = 0; i < 10_000; i++) shared.getAndAddLong(0, 1);
      } catch (IOException e) {                                  // a task is a Runnable: no checked exception leaves it
        throw new UncheckedIOException(e);
      }
    };
    // @end
    try {
      ChildProcess a = ChildProcess.of(work);
      ChildProcess b = ChildProcess.of(work);
      a.start();
      b.start();
      a.join();
      b.join();
      assertThat(counter.getLongVolatile(0)).isEqualTo(20_000);
    } finally {
      counter.close();
      counter.unlink();
    }
  }

  @Test
  void sharedLock_aroundACompoundUpdate_losesNoIncrement() throws Exception {
    SharedMemory shared = SharedMemory.create(Long.BYTES);
    try {
      // @start region="sharedLock"
      SharedLock lock = SharedLock.create();
      lock.lock();
      try {
        shared.setLongVolatile(0, shared.getLongVolatile(0) + 1);   // a compound update, safe across processes
      } finally {
        lock.unlock();
      }
      // @end
      assertThat(shared.getLongVolatile(0)).isEqualTo(1);
    } finally {
      shared.close();
      shared.unlink();
    }
  }

  @Test
  void queue_aChildPuts_theParentGets() throws Exception {
    // @start region="queue"
    ProcessQueue queue = ProcessQueue.create(100);             // at most 100 items waiting
    ChildProcess producer = ChildProcess.of(() -> {
      try {
        queue.put("job", Duration.ofSeconds(30));
      } catch (InterruptedException e) {                     // a task is a Runnable: no checked exception leaves it
        Thread.currentThread().interrupt();
      }
    });
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
