package dev.concurrency.threads;

import static dev.concurrency.threads.TestSupport.LONG_DELAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.util.concurrent.UncheckedTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
final class ConcurrentFuturesTest {

  private final CompletableFuture<String> a = new CompletableFuture<>();
  private final CompletableFuture<String> b = new CompletableFuture<>();
  private final CompletableFuture<String> c = new CompletableFuture<>();

  // CPython test_concurrent_futures.py: WaitTests.test_first_completed
  @Test
  void waitFor_firstCompleted_returnsOnceOneIsDone() throws Exception {
    a.complete("a");
    DoneAndNotDone<CompletableFuture<String>> r =
        ConcurrentFutures.waitFor(List.of(a, b, c), ReturnWhen.FIRST_COMPLETED, LONG_DELAY);
    assertThat(r.done()).containsExactly(a);
    assertThat(r.notDone()).containsExactly(b, c);
  }

  // CPython: WaitTests.test_first_exception
  @Test
  void waitFor_firstException_returnsOnFailureNotOnSuccess() throws Exception {
    a.complete("a");
    b.completeExceptionally(new IllegalStateException());
    DoneAndNotDone<CompletableFuture<String>> r =
        ConcurrentFutures.waitFor(List.of(a, b, c), ReturnWhen.FIRST_EXCEPTION, LONG_DELAY);
    assertThat(r.done()).containsExactly(a, b);
    assertThat(r.notDone()).containsExactly(c);
  }

  @Test
  void waitFor_firstExceptionWithOnlyCancellation_waitsUntilTimeout() throws Exception {
    a.cancel(false);
    DoneAndNotDone<CompletableFuture<String>> r =
        ConcurrentFutures.waitFor(List.of(a, b), ReturnWhen.FIRST_EXCEPTION, Duration.ofMillis(20));
    assertThat(r.done()).containsExactly(a);
    assertThat(r.notDone()).containsExactly(b);
  }

  @Test
  void waitFor_firstExceptionNoneFails_returnsWhenAllDone() throws Exception {
    a.complete("a");
    b.complete("b");
    assertThat(ConcurrentFutures.waitFor(List.of(a, b), ReturnWhen.FIRST_EXCEPTION, null).notDone()).isEmpty();
  }

  // CPython: WaitTests.test_all_completed
  @Test
  void waitFor_allCompleted_waitsForCompletionFromAnotherThread() throws Exception {
    ThreadHandle completer =
        ThreadHandle.platform(
                "completer",
                () -> {
                  a.complete("a");
                  b.completeExceptionally(new IllegalStateException());
                })
            .start();
    DoneAndNotDone<CompletableFuture<String>> r =
        ConcurrentFutures.waitFor(List.of(a, b), ReturnWhen.ALL_COMPLETED, null);
    completer.joinOrThrow();
    assertThat(r.done()).containsExactly(a, b);
    assertThat(r.notDone()).isEmpty();
  }

  // CPython: WaitTests.test_timeout
  @Test
  void waitFor_timeout_returnsCurrentPartitionWithoutException() throws Exception {
    a.complete("a");
    DoneAndNotDone<CompletableFuture<String>> r =
        ConcurrentFutures.waitFor(List.of(a, b), ReturnWhen.ALL_COMPLETED, Duration.ofMillis(20));
    assertThat(r.notDone()).containsExactly(b);
    assertThat(ConcurrentFutures.waitFor(List.<CompletableFuture<String>>of(), ReturnWhen.ALL_COMPLETED, null).done())
        .isEmpty();
  }

  @Test
  void waitFor_badArguments_throwClearly() {
    assertThatThrownBy(() -> ConcurrentFutures.waitFor(List.of(a), ReturnWhen.ALL_COMPLETED, Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be negative");
    assertThatThrownBy(() -> ConcurrentFutures.waitFor(List.of(a), null, null)).hasMessageContaining("FIRST_COMPLETED");
  }

  // CPython: AsCompletedTests.test_no_timeout / test_duplicate_futures
  @Test
  void asCompleted_yieldsInCompletionOrderOnceEach() throws Exception {
    AsCompleted<CompletableFuture<String>> it = ConcurrentFutures.asCompleted(List.of(a, b, c, a), null);
    c.complete("c");
    a.complete("a");
    ThreadHandle later = ThreadHandle.platform("later", () -> b.complete("b")).start();
    List<CompletableFuture<String>> seen = new ArrayList<>();
    for (CompletableFuture<String> f : it) {
      seen.add(f);
    }
    later.joinOrThrow();
    assertThat(seen).hasSize(3).startsWith(c, a).endsWith(b);
  }

  // CPython: AsCompletedTests.test_zero_timeout
  @Test
  void asCompleted_deadlinePasses_throwsTimeoutAfterTheDoneOnes() throws Exception {
    a.complete("a");
    AsCompleted<CompletableFuture<String>> it = ConcurrentFutures.asCompleted(List.of(a, b), Duration.ofMillis(20));
    assertThat(it.take()).isSameAs(a);
    assertThatThrownBy(it::take).isInstanceOf(TimeoutException.class).hasMessage("1 (of 2) futures unfinished");
    assertThatThrownBy(it::next).isInstanceOf(UncheckedTimeoutException.class);
  }

  @Test
  void asCompleted_exhausted_throwsNoSuchElement() {
    a.complete("a");
    AsCompleted<CompletableFuture<String>> it = ConcurrentFutures.asCompleted(List.of(a), null);
    assertThat(it.iterator()).isSameAs(it);
    assertThat(it.next()).isSameAs(a);
    assertThat(it.hasNext()).isFalse();
    assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void asCompleted_interrupted_throwsCancellationAndKeepsInterruptStatus() {
    AsCompleted<CompletableFuture<String>> it = ConcurrentFutures.asCompleted(List.of(a), null);
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(it::next).isInstanceOf(CancellationException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void asCompleted_negativeTimeout_throwsIllegalArgument() {
    assertThatThrownBy(() -> ConcurrentFutures.asCompleted(List.of(a), Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void hugeTimeouts_noOverflow() throws Exception {
    a.complete("a");
    Duration centuries = Duration.ofDays(365L * 1000);
    assertThat(ConcurrentFutures.waitFor(List.of(a), ReturnWhen.ALL_COMPLETED, centuries).done()).containsExactly(a);
    assertThat(ConcurrentFutures.asCompleted(List.of(a), centuries).take()).isSameAs(a);
  }
}
