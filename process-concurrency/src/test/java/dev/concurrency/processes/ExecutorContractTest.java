package dev.concurrency.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link java.util.concurrent.ExecutorService} contract where a process pool must decide what it means:
 * {@code close()} after an interrupt, {@code invokeAll} with a timeout, {@code invokeAny}, {@code submit(null)},
 * and the futures' {@code cancel} and {@code state()}.
 */
@Timeout(120)
final class ExecutorContractTest {

  private static final long LIMIT_S = 30;

  private final Captured output = new Captured();
  private final Started started = new Started();
  @TempDir Path dir;

  @AfterEach
  void stopPools() throws InterruptedException {
    started.stopAll();
  }

  private ProcessPool pool(int workers) {
    return started.pool(ProcessPool.builder().maxWorkers(workers), output);
  }

  /** Creates a file, then runs until its worker is killed. */
  record MarkThenHang(String marker) implements SerializableCallable<String> {
    @Override
    public String call() throws Exception {
      Files.createFile(Path.of(marker));
      Thread.sleep(TimeUnit.MINUTES.toMillis(10)); // until the test's pool kills its worker
      return "never";
    }
  }

  @Test
  void close_interruptedWhileWaiting_stopsEverything_keepsWaitingForTheWorkers_thenSetsTheInterrupt() throws Exception {
    ProcessPool pool = pool(1);
    Path marker = dir.resolve("running");
    Future<String> running = pool.submit(new MarkThenHang(marker.toString()));
    Await.file(marker);
    long worker = pool.workerPids().get(0);
    AtomicBoolean interruptedAfterClose = new AtomicBoolean();
    AtomicBoolean terminatedWhenCloseReturned = new AtomicBoolean();
    Thread closer = Thread.ofPlatform().name("closer").start(() -> {
      pool.close();
      terminatedWhenCloseReturned.set(pool.isTerminated());
      interruptedAfterClose.set(Thread.currentThread().isInterrupted());
    });
    Await.until(
        () -> closer.getState() == Thread.State.TIMED_WAITING || closer.getState() == Thread.State.WAITING,
        "close() starts waiting");

    closer.interrupt();
    closer.join(TimeUnit.SECONDS.toMillis(LIMIT_S));

    assertThat(closer.isAlive()).isFalse();
    assertThat(terminatedWhenCloseReturned).as("close returned only once every worker exited").isTrue();
    assertThat(interruptedAfterClose).as("the interrupt status is set again").isTrue();
    assertThat(running).isCancelled();
    assertThat(ProcessHandle.of(worker).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  static String slow() throws InterruptedException {
    Thread.sleep(1_000); // stands for work in the child
    return "slow";
  }

  @Test
  void close_withoutInterrupt_waitsForTheRunningAndQueuedTasks() throws Exception {
    ProcessPool pool = pool(1);
    Future<String> running = pool.submit(ExecutorContractTest::slow);
    Future<Integer> queued = pool.submit(() -> 2);
    Future<Integer> queuedLater = pool.submit(() -> 3);

    pool.close();

    assertThat(pool.isTerminated()).isTrue();
    assertThat(running.get()).isEqualTo("slow");
    assertThat(queued.get()).isEqualTo(2);
    assertThat(queuedLater.get()).isEqualTo(3);
  }

  @Test
  void invokeAll_withATimeout_cancelsWhatIsNotDone_killingTheWorkerOfARunningTask() throws Exception {
    ProcessPool pool = pool(1);
    Path marker = dir.resolve("running");
    List<SerializableCallable<String>> tasks = List.of(() -> "quick", new MarkThenHang(marker.toString()), () -> "queued");

    // The worker is started first: the timeout is for the tasks, and a JVM's start on a loaded machine took
    // longer than the three seconds this test once gave all of it.
    assertThat(pool.submit(() -> "warm").get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo("warm");

    List<Future<String>> futures = pool.invokeAll(tasks, 6, TimeUnit.SECONDS);

    assertThat(futures.get(0).get()).isEqualTo("quick");
    assertThat(futures.get(1)).isCancelled();
    assertThat(futures.get(2)).isCancelled();
    assertThat(pool.submit(() -> "after").get(LIMIT_S, TimeUnit.SECONDS)).as("a replacement serves").isEqualTo("after");
  }

  static String failing() {
    throw new IllegalStateException("no");
  }

  @Test
  void invokeAny_returnsASuccess_cancelsTheRest_andFailsWhenAllFail() throws Exception {
    ProcessPool pool = pool(2);
    Path marker = dir.resolve("running");
    List<SerializableCallable<String>> mixed = List.of(ExecutorContractTest::failing, () -> "ok", new MarkThenHang(marker.toString()));

    assertThat(pool.invokeAny(mixed)).isEqualTo("ok");
    List<SerializableCallable<String>> allFail = List.of(ExecutorContractTest::failing, ExecutorContractTest::failing);
    assertThatThrownBy(() -> pool.invokeAny(allFail)).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(RemoteException.class);
    assertThatThrownBy(() -> pool.invokeAny(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void submitNull_throwsNullPointerException_asTheJdkSays() {
    ProcessPool pool = pool(1);

    assertThatThrownBy(() -> pool.submit((Callable<Object>) null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> pool.submit((Runnable) null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> pool.submit((SerializableCallable<Object>) null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> pool.execute(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void futures_stateAndResultNow_followTheJdk_andCancellingADependentLeavesTheTask() throws Exception {
    ProcessPool pool = pool(1);
    CompletableFuture<Integer> done = pool.submit(() -> 7);
    assertThat(done.get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo(7);

    assertThat(done.state()).isEqualTo(Future.State.SUCCESS);
    assertThat(done.resultNow()).isEqualTo(7);
    CompletableFuture<String> slow = pool.submit(ExecutorContractTest::slow);
    CompletableFuture<String> dependent = slow.thenApply(s -> s + "!");
    assertThat(dependent.cancel(/* mayInterruptIfRunning= */ true)).isTrue();
    assertThat(slow.get(LIMIT_S, TimeUnit.SECONDS)).as("the task itself runs on").isEqualTo("slow");
    assertThatThrownBy(dependent::join).isInstanceOf(CancellationException.class);
  }

  @Test
  void submitRunnableWithResult_cancelReachesTheTask() throws Exception {
    ProcessPool pool = pool(1);
    Future<String> running = pool.submit(ExecutorContractTest::slow);
    Runnable noop = (Runnable & java.io.Serializable) () -> {};
    Future<String> withResult = pool.submit(noop, "result");
    Future<String> queued = pool.submit(noop, "never");

    assertThat(queued.cancel(/* mayInterruptIfRunning= */ false)).as("still in the pool's queue").isTrue();

    assertThat(withResult.get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo("result");
    assertThat(running.get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo("slow");
  }
}
