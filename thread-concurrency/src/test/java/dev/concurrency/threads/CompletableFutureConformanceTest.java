package dev.concurrency.threads;

import static dev.concurrency.threads.TestSupport.LONG_DELAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TaskFuture as a CompletableFuture, for what it overrides (cancel, newIncompleteFuture, toString, and running
 * the task): the matching cases of the JSR-166 TCK's CompletableFutureTest, ported.
 */
@Timeout(30)
final class CompletableFutureConformanceTest {

  private static void checkIncomplete(CompletableFuture<?> f) {
    assertThat(f.isDone()).isFalse();
    assertThat(f.isCancelled()).isFalse();
    assertThat(f.getNow(null)).isNull();
  }

  private static void checkCompletedNormally(CompletableFuture<?> f, Object value) throws Exception {
    assertThat(f.isDone()).isTrue();
    assertThat(f.isCancelled()).isFalse();
    assertThat(f.isCompletedExceptionally()).isFalse();
    assertThat(f.join()).isSameAs(value);
    assertThat(f.get()).isSameAs(value);
    assertThat(f.get(0, TimeUnit.SECONDS)).isSameAs(value);
    assertThat(f.toString()).matches(".*\\[.*Completed normally.*]");
  }

  private static void checkCancelled(CompletableFuture<?> f) {
    assertThat(f.isDone()).isTrue();
    assertThat(f.isCancelled()).isTrue();
    assertThat(f.isCompletedExceptionally()).isTrue();
    assertThatThrownBy(f::join).isInstanceOf(CancellationException.class);
    assertThatThrownBy(f::get).isInstanceOf(CancellationException.class);
    assertThat(f.toString()).matches(".*\\[.*Completed exceptionally.*]");
  }

  private static void checkCompletedWithWrappedCancellation(CompletableFuture<?> f) {
    assertThat(f.isDone()).isTrue();
    assertThat(f.isCancelled()).isFalse();
    assertThatThrownBy(f::join).isInstanceOf(CompletionException.class).hasCauseInstanceOf(CancellationException.class);
    assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(CancellationException.class);
  }

  // JSR-166 TCK: CompletableFutureTest.testComplete -- and the task of a TaskFuture completed first never runs
  @Test
  void complete_pending_completesOnceAndTaskIsSkipped() throws Exception {
    for (Object v : new Object[] {"one", null}) {
      AtomicInteger runs = new AtomicInteger();
      TaskFuture<Object> f = new TaskFuture<>(() -> runs.incrementAndGet());
      checkIncomplete(f);
      assertThat(f.complete(v)).isTrue();
      assertThat(f.complete(v)).isFalse();
      f.run();
      assertThat(runs).hasValue(0);
      checkCompletedNormally(f, v);
    }
  }

  // JSR-166 TCK: CompletableFutureTest.testCompleteExceptionally
  @Test
  void completeExceptionally_pending_failsAndTaskIsSkipped() {
    AtomicInteger runs = new AtomicInteger();
    TaskFuture<Integer> f = new TaskFuture<>(runs::incrementAndGet);
    IllegalStateException ex = new IllegalStateException();
    assertThat(f.completeExceptionally(ex)).isTrue();
    f.run();
    assertThat(runs).hasValue(0);
    assertThatThrownBy(f::join).isInstanceOf(CompletionException.class).cause().isSameAs(ex);
    assertThat(f.toString()).matches(".*\\[.*Completed exceptionally.*]");
  }

  // JSR-166 TCK: CompletableFutureTest.testCancel -- every later cancel reports true
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void cancel_pending_cancelsAndKeepsReportingTrue(boolean mayInterruptIfRunning) {
    TaskFuture<Integer> f = new TaskFuture<>(() -> 1);
    checkIncomplete(f);
    assertThat(f.cancel(mayInterruptIfRunning)).isTrue();
    assertThat(f.cancel(mayInterruptIfRunning)).isTrue();
    assertThat(f.cancel(!mayInterruptIfRunning)).isTrue();
    checkCancelled(f);
  }

  // JSR-166 TCK: CompletableFutureTest.testToString_incomplete, testToString_normal, testToString_exception,
  // testToString_cancelled
  @Test
  void toString_eachState_usesCompletableFuturesWords() {
    TaskFuture<String> incomplete = new TaskFuture<>(() -> "foo");
    assertThat(incomplete.toString()).matches(".*\\[.*Not completed.*]");
    TaskFuture<String> normal = new TaskFuture<>(() -> "foo");
    assertThat(normal.complete("foo")).isTrue();
    assertThat(normal.toString()).matches(".*\\[.*Completed normally.*]");
    TaskFuture<String> exception = new TaskFuture<>(() -> "foo");
    assertThat(exception.completeExceptionally(new IndexOutOfBoundsException())).isTrue();
    assertThat(exception.toString()).matches(".*\\[.*Completed exceptionally.*]");
    for (boolean mayInterruptIfRunning : new boolean[] {true, false}) {
      TaskFuture<String> cancelled = new TaskFuture<>(() -> "foo");
      assertThat(cancelled.cancel(mayInterruptIfRunning)).isTrue();
      assertThat(cancelled.toString()).matches(".*\\[.*Completed exceptionally.*]");
    }
  }

  // JSR-166 TCK: CompletableFutureTest.testNewIncompleteFuture, testConstructor (a new TaskFuture is incomplete)
  @Test
  void newIncompleteFuture_isAnIndependentPlainCompletableFuture() throws Exception {
    for (Object v : new Object[] {"one", null}) {
      TaskFuture<Object> f = new TaskFuture<>(() -> v);
      CompletableFuture<Object> g = f.newIncompleteFuture();
      checkIncomplete(f);
      checkIncomplete(g);
      f.run();
      checkCompletedNormally(f, v);
      checkIncomplete(g);
      g.complete(v);
      checkCompletedNormally(g, v);
      assertThat(g.getClass()).isSameAs(CompletableFuture.class);
    }
  }

  // JSR-166 TCK: CompletableFutureTest.testCopy_normalCompletion, testCopy_exceptionalCompletion
  @Test
  void copy_followsTheTasksOutcome() throws Exception {
    TaskFuture<String> ok = new TaskFuture<>(() -> "v");
    CompletableFuture<String> okCopy = ok.copy();
    checkIncomplete(okCopy);
    ok.run();
    checkCompletedNormally(okCopy, "v");

    TaskFuture<String> failing = new TaskFuture<>(() -> { throw new IllegalStateException("x"); });
    CompletableFuture<String> failingCopy = failing.copy();
    failing.run();
    assertThatThrownBy(failingCopy::join).isInstanceOf(CompletionException.class).hasRootCauseMessage("x");
  }

  // JSR-166 TCK: CompletableFutureTest.testCopy_oneWayPropagation -- completing or cancelling the copy leaves the
  // task alone
  @Test
  void copy_completedOrCancelled_doesNotTouchTheTask() throws Exception {
    TaskFuture<String> f = new TaskFuture<>(() -> "ran");
    assertThat(f.copy().complete("copy")).isTrue();
    assertThat(f.copy().cancel(true)).isTrue();
    checkIncomplete(f);
    f.run();
    checkCompletedNormally(f, "ran");
  }

  /** The dependent stages of CompletableFutureTest's *_sourceCancelled cases. */
  static java.util.stream.Stream<Arguments> dependents() {
    CompletableFuture<String> other = CompletableFuture.completedFuture("other");
    CompletableFuture<String> never = new CompletableFuture<>();
    java.util.Map<String, BiFunction<TaskFuture<String>, Boolean, CompletableFuture<?>>> kinds =
        new java.util.LinkedHashMap<>();
    kinds.put("whenComplete", (f, async) -> async ? f.whenCompleteAsync((v, t) -> {}) : f.whenComplete((v, t) -> {}));
    kinds.put("thenRun", (f, async) -> async ? f.thenRunAsync(() -> {}) : f.thenRun(() -> {}));
    kinds.put("thenApply", (f, async) -> async ? f.thenApplyAsync(v -> v) : f.thenApply(v -> v));
    kinds.put("thenAccept", (f, async) -> async ? f.thenAcceptAsync(v -> {}) : f.thenAccept(v -> {}));
    kinds.put("thenCombine", (f, async) -> async ? f.thenCombineAsync(other, (a, b) -> a) : f.thenCombine(other, (a, b) -> a));
    kinds.put("thenAcceptBoth", (f, async) -> async ? f.thenAcceptBothAsync(other, (a, b) -> {}) : f.thenAcceptBoth(other, (a, b) -> {}));
    kinds.put("runAfterBoth", (f, async) -> async ? f.runAfterBothAsync(other, () -> {}) : f.runAfterBoth(other, () -> {}));
    kinds.put("applyToEither", (f, async) -> async ? f.applyToEitherAsync(never, v -> v) : f.applyToEither(never, v -> v));
    kinds.put("acceptEither", (f, async) -> async ? f.acceptEitherAsync(never, v -> {}) : f.acceptEither(never, v -> {}));
    kinds.put("runAfterEither", (f, async) -> async ? f.runAfterEitherAsync(never, () -> {}) : f.runAfterEither(never, () -> {}));
    kinds.put("thenCompose", (f, async) -> async ? f.thenComposeAsync(CompletableFuture::completedFuture) : f.thenCompose(CompletableFuture::completedFuture));
    java.util.List<Arguments> all = new java.util.ArrayList<>();
    for (var kind : kinds.entrySet()) {
      for (boolean async : new boolean[] {false, true}) {
        for (boolean mayInterrupt : new boolean[] {true, false}) {
          for (boolean createIncomplete : new boolean[] {true, false}) {
            all.add(Arguments.of(kind.getKey(), kind.getValue(), async, mayInterrupt, createIncomplete));
          }
        }
      }
    }
    return all.stream();
  }

  // JSR-166 TCK: CompletableFutureTest.testWhenComplete_sourceCancelled, testThenRun_sourceCancelled,
  // testThenApply_sourceCancelled, testThenAccept_sourceCancelled, testThenCombine_sourceCancelled,
  // testThenAcceptBoth_sourceCancelled, testRunAfterBoth_sourceCancelled, testApplyToEither_sourceCancelled,
  // testAcceptEither_sourceCancelled, testRunAfterEither_sourceCancelled, testThenCompose_sourceCancelled
  @ParameterizedTest(name = "{0} async={2} mayInterrupt={3} createIncomplete={4}")
  @MethodSource("dependents")
  void dependent_ofCancelledTask_completesWithWrappedCancellation(
      String name,
      BiFunction<TaskFuture<String>, Boolean, CompletableFuture<?>> dependent,
      boolean async,
      boolean mayInterruptIfRunning,
      boolean createIncomplete) {
    TaskFuture<String> f = new TaskFuture<>(() -> "never runs");
    if (!createIncomplete) {
      assertThat(f.cancel(mayInterruptIfRunning)).isTrue();
    }
    CompletableFuture<?> g = dependent.apply(f, async);
    if (createIncomplete) {
      assertThat(f.cancel(mayInterruptIfRunning)).isTrue();
    }
    awaitDone(g);
    checkCompletedWithWrappedCancellation(g);
    checkCancelled(f);
  }

  // JSR-166 TCK: CompletableFutureTest.testHandle_sourceCancelled -- handle sees the CancellationException itself
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void handle_ofCancelledTask_seesCancellation(boolean mayInterruptIfRunning) {
    TaskFuture<String> f = new TaskFuture<>(() -> "never runs");
    CompletableFuture<String> g = f.handle((v, t) -> t instanceof CancellationException ? "cancelled" : "other");
    assertThat(f.cancel(mayInterruptIfRunning)).isTrue();
    assertThat(g.join()).isEqualTo("cancelled");
  }

  // JSR-166 TCK: CompletableFutureTest.testApplyToEither_sourceCancelled2 -- one source completes, the other is
  // a cancelled task: the dependent takes either outcome, never anything else
  @Test
  void applyToEither_oneCompletedOneCancelledTask_takesOneOfTheTwo() {
    for (boolean completeFirst : new boolean[] {true, false}) {
      CompletableFuture<String> f = new CompletableFuture<>();
      TaskFuture<String> g = new TaskFuture<>(() -> "never runs");
      CompletableFuture<String> before = f.applyToEither(g, v -> v + "!");
      if (completeFirst) {
        f.complete("v");
        g.cancel(true);
      } else {
        g.cancel(true);
        f.complete("v");
      }
      CompletableFuture<String> after = g.applyToEither(f, v -> v + "!");
      for (CompletableFuture<String> h : java.util.List.of(before, after)) {
        try {
          assertThat(h.join()).isEqualTo("v!");
        } catch (CompletionException either) {
          checkCompletedWithWrappedCancellation(h);
        }
      }
      checkCancelled(g);
    }
  }

  // A task cancelled while it runs notifies its dependents at once, before the interrupted task returns.
  @Test
  void dependent_ofTaskCancelledWhileRunning_completesAtOnce() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch mayReturn = new CountDownLatch(1);
    TaskFuture<String> f =
        new TaskFuture<>(
            () -> {
              started.countDown();
              mayReturn.await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS); // ignores nothing: an interrupt ends it
              return "late";
            });
    CompletableFuture<String> g = f.thenApply(v -> v);
    ThreadHandle runner = ThreadHandle.platform("runner", f).start();
    started.await();
    assertThat(f.cancel(true)).isTrue();
    checkCompletedWithWrappedCancellation(g);
    mayReturn.countDown();
    runner.joinOrThrow();
    checkCancelled(f);
  }

  private static void awaitDone(CompletableFuture<?> g) {
    try {
      g.get(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception expected) {
      // the outcome is checked by the caller
    }
  }
}
