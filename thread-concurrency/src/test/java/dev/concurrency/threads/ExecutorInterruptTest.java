package dev.concurrency.threads;

import static dev.concurrency.threads.TestSupport.LONG_DELAY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.threads.ExecutorServiceContractTest.Kind;
import dev.concurrency.threads.InterruptedCall.Running;
import dev.concurrency.threads.InterruptedCall.When;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The waiting methods of every executor of the module, interrupted before the call and during the wait:
 * {@code invokeAll}, {@code invokeAny} (timed and not), {@code awaitTermination}, {@code shutdown(wait)} throw
 * {@code InterruptedException} with the status cleared; {@code close()} cancels, goes on waiting without spinning,
 * and sets the status again ({@link ExecutorService#close()}'s contract). In the style of the JSR-166 TCK's
 * {@code testInterruptedInvokeAll}-like cases and of its {@code testClose} tests.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class ExecutorInterruptTest {

  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger started = new AtomicInteger();
  private final AtomicInteger interrupted = new AtomicInteger();

  @AfterEach
  void releaseEverything() {
    release.countDown();
  }

  static Stream<Arguments> everyKindAndMoment() {
    return Stream.of(Kind.values()).flatMap(k -> Stream.of(When.values()).map(w -> Arguments.of(k, w)));
  }

  /** A task that waits for {@link #release}; an interrupt ends it, and is counted. */
  private Callable<String> interruptible() {
    return () -> {
      started.incrementAndGet();
      try {
        release.await();
        return "released";
      } catch (InterruptedException e) {
        interrupted.incrementAndGet();
        throw e;
      }
    };
  }

  /** A task that waits for {@link #release} whatever interrupts come, and counts those it ignored. */
  private Callable<String> ignoringInterrupts() {
    return () -> {
      started.incrementAndGet();
      while (true) {
        try {
          release.await();
          return "released";
        } catch (InterruptedException e) {
          interrupted.incrementAndGet();
        }
      }
    };
  }

  /** Every task that started was interrupted: what cancelling the running ones must do. */
  private void assertEveryStartedTaskInterrupted() {
    TestSupport.awaitCondition(
        "every started task (" + started.get() + ") was interrupted (" + interrupted.get() + ")",
        () -> interrupted.get() == started.get());
  }

  /** Waits until the one task submitted has started. */
  private void awaitRunning() {
    TestSupport.awaitCondition("the task started", () -> started.get() == 1);
  }

  /** For an interrupt during the wait, waits until the task runs first; one before the call may find it queued. */
  private void awaitRunningIf(When when) {
    if (when == When.DURING) {
      awaitRunning();
    }
  }

  /** The four ways to run a batch of tasks and wait for it. */
  enum Invocation {
    INVOKE_ALL((e, tasks) -> e.invokeAll(tasks)),
    TIMED_INVOKE_ALL((e, tasks) -> e.invokeAll(tasks, LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)),
    INVOKE_ANY((e, tasks) -> e.invokeAny(tasks)),
    TIMED_INVOKE_ANY((e, tasks) -> e.invokeAny(tasks, LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS));

    /** One way to invoke. */
    @FunctionalInterface
    interface Call {
      Object invoke(ExecutorService e, List<Callable<String>> tasks) throws Exception;
    }

    private final Call call;

    Invocation(Call call) {
      this.call = call;
    }
  }

  static Stream<Arguments> everyInvocationKindAndMoment() {
    return everyKindAndMoment()
        .flatMap(a -> Stream.of(Invocation.values()).map(i -> Arguments.of(i, a.get()[0], a.get()[1])));
  }

  // JSR-166 TCK style (AbstractExecutorServiceTest's interrupted-waiter cases): every task not done is cancelled,
  // the running ones interrupted
  @ParameterizedTest
  @MethodSource("everyInvocationKindAndMoment")
  void invokeAllAndAny_interrupted_throwsClearsStatusAndCancelsTheTasks(Invocation how, Kind kind, When when)
      throws Exception {
    try (ExecutorService e = kind.make()) {
      List<Callable<String>> tasks = List.of(interruptible(), interruptible());
      InterruptedCall.run(when, how.name().toLowerCase(java.util.Locale.ROOT), () -> how.call.invoke(e, tasks))
          .assertThrewInterruptedAndCleared();
      assertEveryStartedTaskInterrupted();
    }
  }

  /** The two ways to wait for a shut-down executor to terminate. */
  enum TerminationWait {
    AWAIT_TERMINATION,
    /** Python's {@code executor.shutdown(wait=True)}. */
    SHUTDOWN_AND_WAIT;

    void await(ExecutorService e) throws InterruptedException {
      if (this == AWAIT_TERMINATION) {
        e.shutdown();
        e.awaitTermination(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS);
      } else {
        ((TaskExecutorBase) e).shutdown(/* wait= */ true, /* cancelFutures= */ false);
      }
    }
  }

  static Stream<Arguments> everyTerminationWaitKindAndMoment() {
    return everyKindAndMoment()
        .flatMap(a -> Stream.of(TerminationWait.values()).map(w -> Arguments.of(w, a.get()[0], a.get()[1])));
  }

  // Interrupted, the caller stops waiting; the executor is shut down all the same, and its tasks go on
  @ParameterizedTest
  @MethodSource("everyTerminationWaitKindAndMoment")
  void awaitTerminationAndShutdownWait_interrupted_throwsClearsStatusAndTasksGoOn(
      TerminationWait how, Kind kind, When when) throws Exception {
    try (ExecutorService e = kind.make()) {
      Future<String> task = e.submit(interruptible());
      awaitRunningIf(when);
      InterruptedCall.run(when, "terminator", () -> how.await(e)).assertThrewInterruptedAndCleared();
      assertThat(e.isShutdown()).isTrue();
      assertThat(e.isTerminated()).isFalse();
      release.countDown();
      assertThat(task.get()).as("the caller's interrupt is not the task's").isEqualTo("released");
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void awaitTermination_terminated_returnsTrueAndKeepsStatus(Kind kind) throws Exception {
    ExecutorService e = kind.make();
    e.shutdown();
    assertThat(e.awaitTermination(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    InterruptedCall.run(
            When.BEFORE, "terminator", () -> assertThat(e.awaitTermination(1, TimeUnit.DAYS)).isTrue())
        .assertReturnedWithStatusSet();
  }

  // ExecutorService.close(): interrupted, it stops the tasks as shutdownNow() does, goes on waiting (here for a
  // task that ignores its interrupt) without spinning, and sets the status again
  @ParameterizedTest
  @MethodSource("everyKindAndMoment")
  void close_interrupted_cancelsKeepsWaitingWithoutSpinAndSetsStatus(Kind kind, When when) throws Exception {
    ExecutorService e = kind.make();
    Future<String> stubborn = e.submit(ignoringInterrupts());
    awaitRunning(); // a queued task would be cancelled, not interrupted, and nothing would hold close() up
    Running closer = InterruptedCall.start(when, "closer", e::close);
    TestSupport.awaitCondition("the running task was interrupted", () -> interrupted.get() > 0);
    closer.assertStaysParked();
    assertThat(e.isTerminated()).isFalse();
    release.countDown();
    closer.await().assertReturnedWithStatusSet();
    assertThat(e.isTerminated()).isTrue();
    assertThat(stubborn.get()).as("interrupted, not cancelled, as shutdownNow() does: its result stands").isEqualTo("released");
  }

  @ParameterizedTest
  @EnumSource(When.class)
  void close_interruptedWithQueuedTasks_theyNeverRun(When when) throws Exception {
    AtomicBoolean queuedRan = new AtomicBoolean();
    ExecutorService e = ThreadPool.builder().workers(1).name("close-queued").build();
    e.submit(interruptible());
    Future<?> queued = e.submit(() -> queuedRan.set(true));
    awaitRunningIf(when);
    InterruptedCall.run(when, "closer", e::close).assertReturnedWithStatusSet();
    assertThat(e.isTerminated()).isTrue();
    assertThat(queued.isCancelled()).isTrue();
    assertThat(queuedRan).isFalse();
    assertEveryStartedTaskInterrupted();
  }

  // An interrupt that reaches a worker between tasks (left set by the task before, or sent by an outsider to an
  // idle worker) is not the next task's: every task starts with its status clear, and the executor goes on serving
  @ParameterizedTest
  @EnumSource(Kind.class)
  void workersInterruptedBetweenTasks_keepServing_andNoTaskStartsInterrupted(Kind kind) throws Exception {
    try (ExecutorService e = kind.make()) {
      CyclicBarrier both = new CyclicBarrier(2);
      Set<Thread> workers = ConcurrentHashMap.newKeySet();
      Callable<String> meetThenLeaveTheStatusSet =
          () -> {
            workers.add(Thread.currentThread());
            both.await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS); // so that two workers take part
            Thread.currentThread().interrupt();
            return "left interrupted";
          };
      for (Future<String> f : e.invokeAll(List.of(meetThenLeaveTheStatusSet, meetThenLeaveTheStatusSet))) {
        assertThat(f.get()).isEqualTo("left interrupted");
      }
      workers.forEach(Thread::interrupt); // idle pool workers by now (a virtual task's thread has ended)
      List<Callable<Boolean>> probes = Collections.nCopies(20, () -> Thread.currentThread().isInterrupted());
      for (Future<Boolean> f : e.invokeAll(probes)) {
        assertThat(f.get()).as("a task started with the interrupt status set").isFalse();
      }
    }
  }

  // RoundRobinExecutor

  private static RoundRobinExecutor roundRobin() {
    return RoundRobinExecutor.builder().name("rr-interrupt").build();
  }

  /** A task whose one step waits for {@link #release}; interrupts end the step with the exception. */
  private SteppedTask<String> interruptibleSteps() {
    Callable<String> body = interruptible();
    return () -> Step.done(body.call());
  }

  @ParameterizedTest
  @EnumSource(When.class)
  void roundRobinAwaitTermination_interrupted_throwsClearsStatusAndTasksGoOn(When when) throws Exception {
    try (RoundRobinExecutor rr = roundRobin()) {
      CompletableFuture<String> task = rr.submit(interruptibleSteps());
      awaitRunningIf(when);
      rr.shutdown();
      InterruptedCall.run(when, "rr-terminator", () -> rr.awaitTermination(LONG_DELAY))
          .assertThrewInterruptedAndCleared();
      release.countDown();
      assertThat(task.get()).isEqualTo("released");
    }
  }

  // close(): interrupted, it cancels every task (a cancelled task runs no more slices; the slice under way is not
  // interrupted), goes on waiting without spinning until that slice ends, and sets the status again
  @ParameterizedTest
  @EnumSource(When.class)
  void roundRobinClose_interrupted_cancelsKeepsWaitingAndSetsStatus(When when) throws Exception {
    RoundRobinExecutor rr = roundRobin();
    AtomicInteger steps = new AtomicInteger();
    CompletableFuture<String> endless =
        rr.submit(() -> {
          steps.incrementAndGet();
          started.incrementAndGet();
          release.await(); // the first step blocks; the next ones would run forever
          return Step.more();
        });
    CompletableFuture<String> queued = rr.submit(() -> Step.done("queued"));
    awaitRunning(); // one cancelled before its first step would run none, and nothing would hold close() up
    Running closer = InterruptedCall.start(when, "rr-closer", rr::close);
    TestSupport.awaitCondition("close() cancelled the tasks", endless::isCancelled);
    closer.assertStaysParked();
    release.countDown();
    closer.await().assertReturnedWithStatusSet();
    assertThat(rr.awaitTermination(Duration.ZERO)).isTrue();
    assertThat(steps).as("a cancelled task runs no more steps").hasValue(1);
    assertThat(queued).isCancelled();
    assertThat(interrupted).as("the slice under way was not interrupted").hasValue(0);
  }

  // A worker ends only when the executor terminates: an interrupt from outside does not stop it, and an interrupt
  // one task's step leaves behind does not reach the next task's step
  @Test
  void roundRobinWorker_interrupted_keepsServingAndNoInterruptLeaksIntoTheNextStep() throws Exception {
    try (RoundRobinExecutor rr = roundRobin()) {
      assertThat(rr.submit(() -> Step.done("warm")).get()).isEqualTo("warm");
      Thread worker = TestSupport.threadNamed("rr-interrupt-worker-0");
      TestSupport.awaitBlocked(worker);
      worker.interrupt();
      assertThat(rr.submit(() -> Step.done("after an outside interrupt")).get()).isEqualTo("after an outside interrupt");
      CompletableFuture<String> leaver = rr.submit(() -> {
        Thread.currentThread().interrupt();
        return Step.done("left its status set");
      });
      CompletableFuture<Boolean> next = rr.submit(() -> Step.done(Thread.currentThread().isInterrupted()));
      assertThat(leaver.get()).isEqualTo("left its status set");
      assertThat(next.get()).as("the next task's step sees the interrupt status").isFalse();
    }
  }
}
