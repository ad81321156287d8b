package dev.concurrency.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
final class ProcessQueueTest {

  private static final Duration SHORT = Duration.ofMillis(100);
  private static final Duration LONG = Duration.ofSeconds(60);

  private final List<ProcessQueue> queues = new ArrayList<>();
  private final Children children = new Children();

  private <Q extends ProcessQueue> Q track(Q queue) {
    queues.add(queue);
    return queue;
  }

  @AfterEach
  void cleanUp() throws InterruptedException {
    children.close();
    queues.forEach(ProcessQueue::unlink);
  }

  /** Waits for a go, takes six items, says done. */
  record TakeSix(ProcessQueue queue, SharedEvent go, SharedEvent done) implements SerializableRunnable {
    @Override
    public void run() {
      try {
        go.await();
        for (int i = 0; i < 6; i++) {
          queue.get();
        }
        done.set();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  // CPython: _test_multiprocessing.py _TestQueue.test_put
  @Test
  void put_fullQueue_waitsOrFails_untilAnotherProcessTakes() throws Exception {
    ProcessQueue queue = track(ProcessQueue.create(6));
    SharedEvent go = SharedEvent.create();
    SharedEvent done = SharedEvent.create();
    children.start(new TakeSix(queue, go, done));

    assertThat(queue.empty()).isTrue();
    assertThat(queue.full()).isFalse();
    queue.put(1);
    queue.put(2, LONG);
    queue.put(3, Duration.ZERO);
    queue.putNowait(4);
    queue.put(5);
    queue.putNowait(6);
    assertThat(queue.empty()).isFalse();
    assertThat(queue.full()).isTrue();

    assertThatThrownBy(() -> queue.putNowait(7)).isInstanceOf(ProcessQueue.Full.class);
    assertThatThrownBy(() -> queue.put(7, Duration.ZERO)).isInstanceOf(ProcessQueue.Full.class);
    long start = System.nanoTime();
    assertThatThrownBy(() -> queue.put(7, SHORT)).isInstanceOf(ProcessQueue.Full.class).hasMessageContaining("maxSize (6)");
    assertThat(System.nanoTime() - start).as("waited its timeout").isGreaterThanOrEqualTo(SHORT.toNanos());

    go.set();
    assertThat(done.await(LONG)).isTrue();
    assertThat(queue.empty()).isTrue();
    assertThat(queue.full()).isFalse();
  }

  /** Waits for a go, puts 2, 3, 4, 5, says done. */
  record PutFour(ProcessQueue queue, SharedEvent go, SharedEvent done) implements SerializableRunnable {
    @Override
    public void run() {
      try {
        go.await();
        for (int i = 2; i <= 5; i++) {
          queue.put(i);
        }
        done.set();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  // CPython: _test_multiprocessing.py _TestQueue.test_get
  @Test
  void get_itemsFromAnotherProcess_thenEmptyAfterTheTimeout() throws Exception {
    ProcessQueue queue = track(ProcessQueue.create());
    SharedEvent go = SharedEvent.create();
    SharedEvent done = SharedEvent.create();
    children.start(new PutFour(queue, go, done));
    assertThat(queue.empty()).isTrue();

    go.set();
    assertThat(done.await(LONG)).isTrue();

    assertThat(queue.empty()).isFalse();
    assertThat(queue.get()).isEqualTo(2);
    assertThat(queue.get(LONG)).isEqualTo(3);
    assertThat(queue.get(Duration.ofSeconds(1))).isEqualTo(4);
    assertThat(queue.getNowait()).isEqualTo(5);
    assertThat(queue.empty()).isTrue();
    assertThatThrownBy(queue::getNowait).isInstanceOf(ProcessQueue.Empty.class);
    assertThatThrownBy(() -> queue.get(Duration.ZERO)).isInstanceOf(ProcessQueue.Empty.class);
    long start = System.nanoTime();
    assertThatThrownBy(() -> queue.get(SHORT)).isInstanceOf(ProcessQueue.Empty.class);
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(SHORT.toNanos());
  }

  /** Puts 10 to 19. */
  record PutTenMore(ProcessQueue queue) implements SerializableRunnable {
    @Override
    public void run() {
      try {
        for (int i = 10; i < 20; i++) {
          queue.put(i);
        }
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  // CPython: _test_multiprocessing.py _TestQueue.test_fork
  @Test
  void queueUsedHere_thenByAChild_everyItemInOrder() throws Exception {
    ProcessQueue queue = track(ProcessQueue.create());
    for (int i = 0; i < 10; i++) {
      queue.put(i);
    }

    children.run(new PutTenMore(queue));

    for (int i = 0; i < 20; i++) {
      assertThat(queue.get(LONG)).isEqualTo(i);
    }
    assertThatThrownBy(queue::getNowait).isInstanceOf(ProcessQueue.Empty.class);
  }

  // CPython: _test_multiprocessing.py _TestQueue.test_qsize
  @Test
  void qsize_countsItems() throws Exception {
    ProcessQueue queue = track(ProcessQueue.create());
    assertThat(queue.qsize()).isZero();
    queue.put(1);
    assertThat(queue.qsize()).isEqualTo(1);
    queue.put(5);
    assertThat(queue.qsize()).isEqualTo(2);
    queue.get();
    assertThat(queue.qsize()).isEqualTo(1);
    queue.get();
    assertThat(queue.qsize()).isZero();
  }

  /** Takes tasks until a null, marking each done. */
  record Worker(JoinableProcessQueue queue) implements SerializableRunnable {
    @Override
    public void run() {
      try {
        for (Object task = queue.get(); task != null; task = queue.get()) {
          queue.taskDone();
        }
        queue.taskDone(); // the null too was put
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  // CPython: _test_multiprocessing.py _TestQueue.test_task_done
  @Test
  void joinableQueue_joinReturnsWhenEveryTaskIsDone() throws Exception {
    JoinableProcessQueue queue = track(JoinableProcessQueue.create());
    List<ChildProcess> workers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      workers.add(children.start(new Worker(queue)));
    }
    for (int i = 0; i < 10; i++) {
      queue.put(i);
    }

    assertThat(queue.join(LONG)).isTrue();

    assertThat(queue.unfinishedTasks()).isZero();
    for (int i = 0; i < workers.size(); i++) {
      queue.put(null);
    }
    for (ChildProcess worker : workers) {
      assertThat(worker.join(LONG)).isTrue();
      assertThat(worker.exitCode()).hasValue(0);
    }
  }

  @Test
  void taskDone_moreThanPut_refused() throws Exception {
    JoinableProcessQueue queue = track(JoinableProcessQueue.create());
    queue.put("one");
    queue.get();
    queue.taskDone();

    assertThatThrownBy(queue::taskDone).isInstanceOf(IllegalStateException.class).hasMessageContaining("too many times");
    assertThat(queue.join(Duration.ZERO)).isTrue();
  }

  @Test
  void join_withUnfinishedTasks_timesOut() throws Exception {
    JoinableProcessQueue queue = track(JoinableProcessQueue.create());
    queue.put("never done");

    assertThat(queue.join(SHORT)).isFalse();
    assertThat(queue.unfinishedTasks()).isEqualTo(1);
  }

  // CPython: _test_multiprocessing.py _TestQueue.test_timeout
  @Test
  void get_timeout_waitsAboutThatLong() {
    ProcessQueue queue = track(ProcessQueue.create());
    long start = System.nanoTime();

    assertThatThrownBy(() -> queue.get(Duration.ofMillis(200))).isInstanceOf(ProcessQueue.Empty.class).hasMessageContaining("PT0.2S");

    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
  }

  // Difference from Python, on purpose: a waiting put or get can be interrupted, and then did nothing.
  @Test
  void putAndGet_interruptedWhileWaiting_throwAndLeaveTheQueueAsItWas() throws Exception {
    ProcessQueue queue = track(ProcessQueue.create(1));
    Thread main = Thread.currentThread();

    Thread interrupter = Thread.ofVirtual().start(() -> {
      sleepQuietly(SHORT);
      main.interrupt();
    });
    assertThatThrownBy(queue::get).isInstanceOf(InterruptedException.class);
    interrupter.join();
    assertThat(Thread.interrupted()).isFalse();

    queue.put("only");
    interrupter = Thread.ofVirtual().start(() -> {
      sleepQuietly(SHORT);
      main.interrupt();
    });
    assertThatThrownBy(() -> queue.put("second")).isInstanceOf(InterruptedException.class);
    interrupter.join();

    assertThat(queue.qsize()).isEqualTo(1);
    assertThat(queue.get(LONG)).isEqualTo("only");
    assertThat(queue.empty()).isTrue();
  }

  private static void sleepQuietly(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Serializable by its type, but its field is not: serializing it fails. */
  static final class NotSerializable implements Serializable {
    @Serial private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // on purpose: this is what the test sends
    private final Object field = new Object();

    @Override
    public String toString() {
      return "NotSerializable" + field.hashCode();
    }
  }

  // CPython: _test_multiprocessing.py _TestQueue.test_queue_feeder_donot_stop_onexc
  @Test
  void put_unserializableItem_failsAtOnce_queueStillWorks_sizeRight() throws Exception {
    ProcessQueue queue = track(ProcessQueue.create(1));

    assertThatThrownBy(() -> queue.put(new NotSerializable()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot be sent");
    queue.put(true);

    assertThat(queue.qsize()).isEqualTo(1);
    assertThat(queue.get(LONG)).isEqualTo(true);
    assertThat(queue.empty()).isTrue();
  }

  // CPython: _test_multiprocessing.py _TestQueue.test_closed_queue_empty_exceptions
  @Test
  void closedHandle_emptyRefused_usedOrNot() throws Exception {
    ProcessQueue unused = track(ProcessQueue.create());
    JoinableProcessQueue used = track(JoinableProcessQueue.create());
    used.put("foo");

    unused.close();
    used.close();

    // Python answers True for a Queue never used; here a closed handle refuses every question, used or not.
    assertThatThrownBy(unused::empty).isInstanceOf(IllegalStateException.class).hasMessageContaining("is closed");
    assertThatThrownBy(used::empty).isInstanceOf(IllegalStateException.class).hasMessageContaining("is closed");
  }

  // CPython: _test_multiprocessing.py _TestQueue.test_closed_queue_put_get_exceptions
  @Test
  void closedHandle_putAndGetRefused() {
    for (ProcessQueue queue : List.of(track(ProcessQueue.create()), track(JoinableProcessQueue.create()))) {
      queue.close();
      assertThatThrownBy(() -> queue.put("foo")).isInstanceOf(IllegalStateException.class).hasMessageContaining("is closed");
      assertThatThrownBy(queue::get).isInstanceOf(IllegalStateException.class).hasMessageContaining("is closed");
    }
  }

  /** Puts whether the queue is empty, twice, after a go. */
  record PutEmptiness(ProcessQueue queue, SharedEvent go, SharedEvent done) implements SerializableRunnable {
    @Override
    public void run() {
      try {
        go.await();
        queue.put(queue.empty());
        queue.put(queue.empty());
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      } finally {
        done.set();
      }
    }
  }

  // CPython: _test_multiprocessing.py TestSimpleQueue.test_empty
  @Test
  void empty_seenFromBothProcesses() throws Exception {
    ProcessQueue queue = track(ProcessQueue.create());
    SharedEvent go = SharedEvent.create();
    SharedEvent done = SharedEvent.create();
    children.start(new PutEmptiness(queue, go, done));

    assertThat(queue.empty()).isTrue();
    go.set();
    assertThat(done.await(LONG)).isTrue();

    assertThat(queue.empty()).isFalse();
    assertThat(queue.get()).isEqualTo(true);
    assertThat(queue.get()).isEqualTo(false);
    assertThat(queue.empty()).isTrue();
  }

  // CPython: _test_multiprocessing.py TestSimpleQueue.test_empty_exceptions
  @Test
  void closed_emptyRefused() {
    ProcessQueue queue = track(ProcessQueue.create());
    queue.close();

    assertThatThrownBy(queue::empty).isInstanceOf(IllegalStateException.class).hasMessageContaining("is closed");
  }

  // CPython: _test_multiprocessing.py TestSimpleQueue.test_close
  @Test
  void close_twice_isFine() {
    ProcessQueue queue = track(ProcessQueue.create());
    queue.close();
    queue.close();
    assertThat(queue.isClosed()).isTrue();
  }

  // CPython: _test_multiprocessing.py TestSimpleQueue.test_closed
  @Test
  void close_closesThisHandleOnly() throws Exception {
    ProcessQueue queue = track(ProcessQueue.create());
    queue.put("for the other handle");
    ProcessQueue other = SerializedCopy.of(queue);

    queue.close();

    assertThat(queue.isClosed()).isTrue();
    assertThat(other.isClosed()).isFalse();
    assertThat(other.get(LONG)).isEqualTo("for the other handle");
  }

  @Test
  void negativeOrNullTimeout_refusedWithAHint() {
    ProcessQueue queue = track(ProcessQueue.create(3));

    assertThatThrownBy(() -> queue.put("a", Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeout must not be negative")
        .hasMessageContaining("Duration.ZERO");
    assertThatThrownBy(() -> queue.get(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> queue.put("a", null)).isInstanceOf(NullPointerException.class).hasMessage("timeout");
    assertThatThrownBy(() -> queue.get(null)).isInstanceOf(NullPointerException.class).hasMessage("timeout");
    assertThat(queue.qsize()).isZero();
  }

  @Test
  void maxSizeZeroOrNegative_isUnbounded_asInPython() throws Exception {
    for (int maxSize : new int[] {0, -1}) {
      ProcessQueue queue = track(ProcessQueue.create(maxSize));
      for (int i = 0; i < 100; i++) {
        queue.putNowait(i);
      }
      assertThat(queue.full()).isFalse();
      assertThat(queue.qsize()).isEqualTo(100);
    }
  }

  @Test
  void largeItems_goThroughFiles_andComeBackEqual_inOrder() throws Exception {
    ProcessQueue queue = track(ProcessQueue.builder().bufferSize(4096).create());
    Random random = new Random(42);
    List<byte[]> sent = new ArrayList<>();
    for (int size : new int[] {10, 2000, 100_000, 3, 5_000_000, 1024}) {
      byte[] item = new byte[size];
      random.nextBytes(item);
      sent.add(item);
      queue.put(item);
    }

    for (byte[] expected : sent) {
      assertThat((byte[]) queue.get(LONG)).isEqualTo(expected);
    }
    assertThat(queue.empty()).isTrue();
  }

  @Test
  void smallBuffer_fullOfUnreadItems_putFailsNamingTheSetting() throws Exception {
    ProcessQueue queue = track(ProcessQueue.builder().bufferSize(64).create());
    int put = 0;
    try {
      while (put < 1000) {
        queue.putNowait(put);
        put++;
      }
    } catch (ProcessQueue.Full e) {
      assertThat(e).hasMessageContaining("bufferSize (64)");
    }
    assertThat(put).isBetween(1, 999);
    for (int i = 0; i < put; i++) {
      assertThat(queue.get(LONG)).isEqualTo(i);
    }
  }

  @Test
  void items_wrapAroundTheRing_manyTimes() throws Exception {
    ProcessQueue queue = track(ProcessQueue.builder().bufferSize(256).create());
    for (int i = 0; i < 2000; i++) {
      String item = "item-" + i + "-" + "x".repeat(i % 37);
      queue.put(item);
      assertThat(queue.get(LONG)).isEqualTo(item);
    }
  }

  @Test
  void item_classOutsideTheAllowlist_refusedOnGet_thenTheNextComes() throws Exception {
    ProcessQueue queue = track(ProcessQueue.create());
    queue.put(java.net.URI.create("http://example.com"));
    queue.put("next");

    assertThatThrownBy(queue::get).hasMessageContaining("allowlist");
    assertThat(queue.get(LONG)).isEqualTo("next");
  }

  @Test
  void twoProducerProcesses_oneConsumer_everyItemExactlyOnce() throws Exception {
    ProcessQueue queue = track(ProcessQueue.create(3));
    children.start(new Producer(queue, 0, 200));
    children.start(new Producer(queue, 1000, 200));

    List<Integer> received = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      received.add((Integer) queue.get(LONG));
    }

    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      expected.add(i);
      expected.add(1000 + i);
    }
    assertThat(received).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(received.stream().filter(x -> x < 1000).toList()).as("one producer's items stay in order").isSorted();
    assertThat(queue.qsize()).isZero();
  }

  /** Puts {@code count} numbers from {@code from}, waiting for room. */
  record Producer(ProcessQueue queue, int from, int count) implements SerializableRunnable {
    @Override
    public void run() {
      try {
        for (int i = from; i < from + count; i++) {
          queue.put(i, LONG);
        }
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Python's {@code ProcessFuture}: a put, a get, or a join of the queue, in another process. */
  record InChild(ProcessQueue queue, String what) implements SerializableRunnable {
    @Override
    public void run() {
      try {
        switch (what) {
          case "put" -> queue.put("data");
          case "get" -> queue.get();
          case "join" -> ((JoinableProcessQueue) queue).join();
          default -> throw new IllegalArgumentException(what);
        }
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Runs a put or get of {@code queue} in a child and checks that it failed with ShutDown. */
  private void shutDownInAChild(ProcessQueue queue, String what) throws InterruptedException {
    ChildProcess child = children.start(new InChild(queue, what));
    assertThat(child.join(LONG)).isTrue();
    assertThat(child.failure()).hasValueSatisfying(e -> assertThat(e.remoteType()).endsWith("ShutDown"));
  }

  private static void assertShutDownHere(ProcessQueue queue) {
    assertThatThrownBy(() -> queue.putNowait("data")).isInstanceOf(ProcessQueue.ShutDown.class);
    assertThatThrownBy(queue::getNowait).isInstanceOf(ProcessQueue.ShutDown.class);
  }

  /** Waits, bounded, until {@code child} has ended. */
  private static void awaitEnded(ChildProcess child) throws InterruptedException {
    assertThat(child.join(LONG)).isTrue();
    assertThat(child.exitCode()).hasValue(0);
  }

  // CPython: _test_multiprocessing.py _TestQueue.test_shutdown_empty (3.14)
  @Test
  void shutdown_emptyQueue_putAndGetRefused_joinReturns() throws Exception {
    for (ProcessQueue queue : List.of(track(ProcessQueue.create()), track(JoinableProcessQueue.create()))) {
      ChildProcess join = queue instanceof JoinableProcessQueue ? children.start(new InChild(queue, "join")) : null;

      queue.shutdown(false);

      assertThat(queue.qsize()).isZero();
      if (join != null) {
        awaitEnded(join);
      }
      shutDownInAChild(queue, "put");
      shutDownInAChild(queue, "get");
      assertShutDownHere(queue);
    }
  }

  // CPython: _test_multiprocessing.py _TestQueue.test_shutdown_nonempty (3.14)
  @Test
  void shutdown_nonEmptyQueue_itemsCanStillBeTaken_thenGetRefused() throws Exception {
    for (ProcessQueue queue : List.of(track(ProcessQueue.create(1)), track(JoinableProcessQueue.create(1)))) {
      queue.put("data");
      ChildProcess join = queue instanceof JoinableProcessQueue ? children.start(new InChild(queue, "join")) : null;

      queue.shutdown(false);

      assertThat(queue.qsize()).isEqualTo(1);
      assertThat(queue.get(LONG)).isEqualTo("data");
      if (join != null) {
        assertThat(join.join(Duration.ofMillis(200))).as("a task is still unfinished").isFalse();
      }
      shutDownInAChild(queue, "put");
      shutDownInAChild(queue, "get");
      assertShutDownHere(queue);
      if (queue instanceof JoinableProcessQueue joinable) {
        joinable.taskDone();
        awaitEnded(join);
      }
    }
  }

  // CPython: _test_multiprocessing.py _TestQueue.test_shutdown_immediate (3.14)
  @Test
  void shutdownImmediate_drainsTheQueue_andCountsItsTasksDone() throws Exception {
    for (ProcessQueue queue : List.of(track(ProcessQueue.create()), track(JoinableProcessQueue.create()))) {
      queue.put("data");
      ChildProcess join = queue instanceof JoinableProcessQueue ? children.start(new InChild(queue, "join")) : null;

      queue.shutdown(true);

      assertThat(queue.qsize()).isZero();
      if (join != null) {
        awaitEnded(join);
      }
      shutDownInAChild(queue, "put");
      shutDownInAChild(queue, "get");
      assertShutDownHere(queue);
      if (queue instanceof JoinableProcessQueue joinable) {
        assertThatThrownBy(joinable::taskDone).isInstanceOf(IllegalStateException.class);
      }
    }
  }

  // CPython: _test_multiprocessing.py _TestQueue.test_shutdown_immediate_with_unfinished (3.14)
  @Test
  void shutdownImmediate_aTakenTaskStaysUnfinished_untilDone() throws Exception {
    JoinableProcessQueue queue = track(JoinableProcessQueue.create());
    queue.put("data");
    queue.put("data");
    ChildProcess join = children.start(new InChild(queue, "join"));
    assertThat(queue.get(LONG)).isEqualTo("data");

    queue.shutdown(true);

    assertThat(queue.qsize()).isZero();
    assertThat(join.join(Duration.ofMillis(200))).isFalse();
    shutDownInAChild(queue, "put");
    shutDownInAChild(queue, "get");
    assertShutDownHere(queue);
    queue.taskDone();
    assertThatThrownBy(queue::taskDone).isInstanceOf(IllegalStateException.class).hasMessageContaining("too many");
    awaitEnded(join);
  }

  @Test
  void shutdown_wakesAGetThatWaits() throws Exception {
    ProcessQueue queue = track(ProcessQueue.create());
    java.util.concurrent.CompletableFuture<Throwable> waiting = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        queue.get(LONG);
        return null;
      } catch (RuntimeException | InterruptedException e) {
        return e;
      }
    }, OwnThread.EACH);

    queue.shutdown(false);

    assertThat(waiting.get(60, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(ProcessQueue.ShutDown.class);
    assertThat(queue.isShutDown()).isTrue();
  }

  @Test
  void toString_namesTheKindAndSize() {
    ProcessQueue queue = track(ProcessQueue.create(7));
    assertThat(queue.toString()).startsWith("<ProcessQueue(maxSize=7");
    assertThat(Arrays.asList(queue.maxSize())).containsExactly(7);
  }
}
