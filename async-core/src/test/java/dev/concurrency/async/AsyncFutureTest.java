package dev.concurrency.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
final class AsyncFutureTest {

  private final List<ErrorContext> errors = new ArrayList<>();
  private final EventLoop loop = EventLoop.builder().clock(VirtualClock.autoAdvancing())
      .exceptionHandler((l, c) -> errors.add(c)).build();

  @AfterEach
  void closeLoop() {
    loop.close();
  }

  private void runTicks() {
    loop.callSoon(loop::stop);
    loop.runForever();
  }

  // CPython test_futures.py: test_initial_state / test_result / test_exception
  @Test
  void states_pendingThenResult() {
    AsyncFuture<String> f = loop.createFuture();
    assertThat(f.done()).isFalse();
    assertThat(f.cancelled()).isFalse();
    assertThatThrownBy(f::result).isInstanceOf(IllegalStateException.class).hasMessageContaining("not ready");
    assertThatThrownBy(f::exception).isInstanceOf(IllegalStateException.class);
    f.setResult("x");
    assertThat(f.done()).isTrue();
    assertThat(f.result()).isEqualTo("x");
    assertThat(f.exception()).isNull();
    assertThatThrownBy(() -> f.setResult("y")).isInstanceOf(IllegalStateException.class).hasMessageContaining("already done");
    assertThat(f.cancel()).isFalse();
    assertThat(f.toString()).contains("result=x");
  }

  // CPython test_futures.py: test_exception — unchecked as is, checked wrapped
  @Test
  void setException_resultRethrows_checkedWrapped() {
    AsyncFuture<String> f = loop.createFuture();
    IllegalArgumentException bad = new IllegalArgumentException("bad");
    f.setException(bad);
    assertThatThrownBy(f::result).isSameAs(bad);
    assertThat(f.exception()).isSameAs(bad);
    AsyncFuture<String> g = loop.createFuture();
    IOException io = new IOException("io");
    g.setException(io);
    assertThatThrownBy(g::result).isInstanceOf(CompletionException.class).hasCause(io);
    AsyncFuture<String> h = loop.createFuture();
    assertThatThrownBy(() -> h.setException(new CancelledError())).isInstanceOf(IllegalArgumentException.class);
    assertThat(f.toString()).contains("exception");
  }

  // CPython test_futures.py: test_cancel / test_cancel_message
  @Test
  void cancel_withMessage_resultThrowsCancelledErrorWithIt() {
    AsyncFuture<String> f = loop.createFuture();
    assertThat(f.cancel("stop it")).isTrue();
    assertThat(f.cancelled()).isTrue();
    assertThatThrownBy(f::result).isInstanceOf(CancelledError.class).hasMessage("stop it");
    assertThatThrownBy(f::exception).isInstanceOf(CancelledError.class);
    assertThat(f.cancel()).isFalse();
    assertThat(f.toString()).contains("cancelled");
  }

  // CPython test_futures.py: test_callbacks_invoked_on_set_result — scheduled, in order, never inline
  @Test
  void doneCallbacks_scheduledInRegistrationOrder_neverInline() {
    AsyncFuture<String> f = loop.createFuture();
    List<String> log = new ArrayList<>();
    f.addDoneCallback(x -> log.add("1:" + x.result()));
    f.addDoneCallback(x -> log.add("2:" + x.result()));
    f.addDoneCallback(x -> log.add("3:" + x.result()));
    f.setResult("r");
    assertThat(log).isEmpty();
    runTicks();
    assertThat(log).containsExactly("1:r", "2:r", "3:r");
    f.addDoneCallback(x -> log.add("late"));
    assertThat(log).hasSize(3);
    runTicks();
    assertThat(log).endsWith("late");
  }

  // CPython test_futures.py: test_remove_done_callback
  @Test
  void removeDoneCallback_removesEveryRegistration() {
    AsyncFuture<String> f = loop.createFuture();
    List<String> log = new ArrayList<>();
    Consumer<AsyncFuture<String>> a = x -> log.add("a");
    Consumer<AsyncFuture<String>> b = x -> log.add("b");
    f.addDoneCallback(a);
    assertThat(f.removeDoneCallback(a)).isEqualTo(1);
    assertThat(f.removeDoneCallback(a)).isZero();
    f.addDoneCallback(a);
    f.addDoneCallback(b);
    f.addDoneCallback(a);
    assertThat(f.removeDoneCallback(a)).isEqualTo(2);
    f.setResult("x");
    runTicks();
    assertThat(log).containsExactly("b");
  }

  // CPython test_futures.py: test_tb_logger_exception_unretrieved
  @Test
  void unretrievedException_reportedAtClose_retrievedOneIsNot() {
    AsyncFuture<String> lost = loop.createFuture();
    lost.setException(new IllegalStateException("lost"));
    AsyncFuture<String> seen = loop.createFuture();
    seen.setException(new IllegalStateException("seen"));
    seen.exception();
    loop.close();
    assertThat(errors).singleElement().satisfies(c -> {
      assertThat(c.message()).isEqualTo("Future exception was never retrieved");
      assertThat(c.exception()).hasMessage("lost");
      assertThat(c.future()).isSameAs(lost);
    });
  }

  @Test
  void toCompletableFuture_mirrorsResultExceptionAndCancel() throws Exception {
    AsyncFuture<String> ok = loop.createFuture();
    AsyncFuture<String> bad = loop.createFuture();
    AsyncFuture<String> gone = loop.createFuture();
    CompletableFuture<String> okCf = ok.toCompletableFuture();
    CompletableFuture<String> badCf = bad.toCompletableFuture();
    CompletableFuture<String> goneCf = gone.toCompletableFuture();
    ok.setResult("fine");
    bad.setException(new IllegalStateException("bad"));
    gone.cancel();
    runTicks();
    assertThat(okCf.get()).isEqualTo("fine");
    assertThatThrownBy(badCf::get).isInstanceOf(ExecutionException.class).hasRootCauseMessage("bad");
    assertThat(goneCf).isCancelled();
    assertThatThrownBy(goneCf::join).isInstanceOf(CancellationException.class);
    loop.close();
    assertThat(errors).isEmpty();
  }

  // CPython test_futures.py: test_await_future / test_await_exception
  @Test
  void await_fromTask_suspendsUntilSet() {
    AsyncFuture<String> f = loop.createFuture();
    loop.callLater(Duration.ofSeconds(3), () -> f.setResult("later"));
    AsyncTask<String> t = loop.createTask(() -> f.await() + "!");
    assertThat(loop.runUntilComplete(t)).isEqualTo("later!");
    assertThat(loop.time()).isEqualTo(3_000_000_000L);
  }

  @Test
  void await_outsideTask_failsClearly() {
    AsyncFuture<String> f = loop.createFuture();
    assertThatThrownBy(f::await).isInstanceOf(IllegalStateException.class).hasMessageContaining("running event loop");
    List<Throwable> seen = new ArrayList<>();
    loop.callSoon(() -> {
      try {
        f.await();
      } catch (IllegalStateException e) {
        seen.add(e);
      }
    });
    runTicks();
    assertThat(seen).singleElement().extracting(Throwable::getMessage).asString().contains("not from a callback");
  }

  @Test
  void debugMode_mutationFromForeignThread_fails() throws Exception {
    try (EventLoop debug = EventLoop.builder().debug(true).build()) {
      AsyncFuture<String> f = debug.createFuture();
      CompletableFuture<Throwable> seen = new CompletableFuture<>();
      debug.callSoon(() -> {
        Thread t = new Thread(() -> {
          try {
            f.setResult("wrong thread");
            seen.complete(null);
          } catch (Throwable e) {
            seen.complete(e);
          }
          debug.callSoonThreadsafe(debug::stop);
        });
        t.start();
      });
      debug.runForever();
      assertThat(seen.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("setResult");
      assertThat(f.done()).isFalse();
    }
  }
}
