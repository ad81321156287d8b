package dev.concurrency.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Shared values, arrays, queues, pipes and primitives captured by a pool's tasks: each handle travels with the
 * task, re-attaches in the worker, and what the worker does is seen here. One two-worker pool serves every test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
final class SharedInPoolTasksTest {

  private static final long LIMIT_S = 60;
  private static final Duration LONG = Duration.ofSeconds(LIMIT_S);

  private ProcessPool pool;

  @BeforeAll
  void startPool() {
    pool = ProcessPool.builder().maxWorkers(2).jvmOptions(TestJvm.options()).build();
  }

  @AfterAll
  void stopPool() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(LIMIT_S, TimeUnit.SECONDS)).isTrue();
  }

  private static <T> List<T> allOf(List<CompletableFuture<T>> futures) throws Exception {
    List<T> results = new ArrayList<>();
    for (CompletableFuture<T> future : futures) {
      results.add(future.get(LIMIT_S, TimeUnit.SECONDS));
    }
    return results;
  }

  @Test
  void valueAndArray_updatedByTasksUnderTheValuesLock_exactTotals() throws Exception {
    SharedValue<Long> counter = SharedValue.create(CType.LONG_LONG, 0L);
    SharedArray<Integer> squares = SharedArray.create(CType.INT, 8);
    List<CompletableFuture<Long>> tasks = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      int index = i;
      tasks.add(pool.submit(() -> {
        for (int k = 0; k < 100; k++) {
          counter.getLock().lock();
          try {
            counter.set(counter.get() + 1); // a read-modify-write: only the lock makes it exact
          } finally {
            counter.getLock().unlock();
          }
        }
        squares.set(index, index * index);
        return ProcessHandle.current().pid();
      }));
    }

    Set<Long> workers = new HashSet<>(allOf(tasks));

    assertThat(workers).doesNotContain(ProcessHandle.current().pid());
    assertThat(counter.get()).isEqualTo(800L);
    assertThat(squares.toList()).containsExactly(0, 1, 4, 9, 16, 25, 36, 49);
  }

  @Test
  void queues_tasksPutAndGet_joinableQueueJoinsWhenTasksAreDone() throws Exception {
    ProcessQueue results = ProcessQueue.create();
    JoinableProcessQueue work = JoinableProcessQueue.create();
    for (int i = 1; i <= 4; i++) {
      work.put(i);
    }
    List<CompletableFuture<Object>> consumers = new ArrayList<>();
    for (int c = 0; c < 2; c++) {
      consumers.add(pool.submit(() -> {
        for (int k = 0; k < 2; k++) {
          int item = (Integer) work.get(LONG);
          results.put(item * 10);
          work.taskDone();
        }
        return null;
      }));
    }

    assertThat(work.join(LONG)).as("every task done, in the workers").isTrue();
    allOf(consumers);
    List<Object> seen = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      seen.add(results.get(LONG));
    }
    assertThat(seen).containsExactlyInAnyOrder(10, 20, 30, 40);
    assertThat(work.unfinishedTasks()).isZero();
    results.unlink();
    work.unlink();
  }

  @Test
  void eventSemaphoreAndBarrier_signalledFromTasks() throws Exception {
    SharedEvent started = SharedEvent.create();
    SharedSemaphore permits = SharedSemaphore.create(0);
    SharedBarrier barrier = SharedBarrier.create(2);
    List<CompletableFuture<Integer>> parties = new ArrayList<>();
    for (int p = 0; p < 2; p++) {
      parties.add(pool.submit(() -> {
        started.set();
        permits.release();
        return barrier.await(LONG); // both workers meet here: the two tasks run at once
      }));
    }

    assertThat(started.await(LONG)).isTrue();
    assertThat(permits.tryAcquire(LONG)).isTrue();
    assertThat(permits.tryAcquire(LONG)).isTrue();
    assertThat(allOf(parties)).containsExactlyInAnyOrder(0, 1);
    assertThat(barrier.numberWaiting()).isZero();
  }

  @Test
  void pipeEnd_capturedByATask_sendsFromTheWorker_andTheWorkerClosesIt() throws Exception {
    Pipe pipe = Pipe.open();
    Connection theirs = pipe.right();
    try (Connection mine = pipe.left()) {
      CompletableFuture<Object> echo = pool.submit(() -> {
        try (theirs) {
          String question = (String) theirs.recv();
          theirs.send(question.toUpperCase(java.util.Locale.ROOT));
        }
        return null;
      });
      mine.send("ping");

      assertThat(mine.recv()).isEqualTo("PING");
      echo.get(LIMIT_S, TimeUnit.SECONDS);
      assertThat(mine.poll(LONG)).as("the worker's close is end of file here").isTrue();
      org.assertj.core.api.Assertions.assertThatThrownBy(mine::recv).isInstanceOf(java.io.EOFException.class);
    } finally {
      theirs.close();
    }
  }

  @Test
  void sharedMemory_attachedByNameInTasks_writesSeenHere() throws Exception {
    try (SharedMemory segment = SharedMemory.create(16)) {
      String name = segment.name();
      List<CompletableFuture<Object>> writers = IntStream.range(0, 4).mapToObj(i -> pool.submit(() -> {
        try (SharedMemory attached = SharedMemory.attach(name)) {
          attached.buf().put(i, (byte) (i + 1));
        }
        return (Object) null;
      })).toList();

      allOf(writers);

      assertThat(List.of(segment.buf().get(0), segment.buf().get(1), segment.buf().get(2), segment.buf().get(3)))
          .containsExactly((byte) 1, (byte) 2, (byte) 3, (byte) 4);
      segment.unlink();
    }
  }
}
